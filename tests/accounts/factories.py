"""People: accounts with a verified address and a current privacy-notice agreement, and their
second sign-in step."""

from __future__ import annotations

import time
from typing import Any

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.test import Client, RequestFactory
from factory.declarations import Sequence, Trait
from factory.django import DjangoModelFactory
from factory.faker import Faker

from accounts.models import Consent, ConsentKind, Role, RoleStatus, Sector, User

PASSWORD = "a-long-test-password-1"

# A valid sign-up form: a parent carer who agrees to the privacy notice.
SIGN_UP_FORM = {
    "full_name": "Jo Parent",
    "email": "jo@example.org",
    "password1": "correct-horse-battery",
    "password2": "correct-horse-battery",
    "role": Role.PARENT_CARER,
    "privacy_notice_agreed": "on",
}


class UserFactory(DjangoModelFactory[User]):
    """A signed-up person with a verified email and a current privacy-notice agreement."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = Sequence(lambda n: f"person{n}@example.org")
    full_name = Faker("name", locale="en_GB")
    role = Role.PARENT_CARER
    role_status = RoleStatus.APPROVED

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        kwargs.setdefault("password", PASSWORD)
        user = model_class.objects.create_user(*args, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Consent.objects.create(
            user=user, kind=ConsentKind.PRIVACY_NOTICE, version=settings.PRIVACY_NOTICE_VERSION
        )
        return user

    class Params:
        practitioner = Trait(
            role=Role.PRACTITIONER, sector=Sector.HEALTH, organisation="Example NHS Trust"
        )
        commissioner = Trait(role=Role.COMMISSIONER, organisation="Example Council")
        staff = Trait(is_staff=True, is_superuser=True)


def totp_enable(user: User) -> str:
    """Give the person an authenticator app and return its secret."""
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now."""
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def second_step_record(client: Client, user: User) -> None:
    """Record in the client's session that the person gave their authenticator code, with the
    call allauth itself makes after the code step. Only for someone with an authenticator; the
    client must already be signed in as them."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()


def has_totp(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())
