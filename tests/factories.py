from __future__ import annotations

import time
from typing import Any

import factory
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
from django.utils import timezone

from accounts.models import Consent, ConsentKind, Role, RoleStatus, Sector, User
from forums.models import (
    CouncilArea,
    Forum,
    Membership,
    MembershipRole,
    MembershipStatus,
    NewsPost,
    NewsVisibility,
    Region,
)

PASSWORD = "a-long-test-password-1"


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up person with a verified email and a current privacy-notice agreement."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    role = Role.PARENT_CARER
    role_status = RoleStatus.APPROVED

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        password = kwargs.pop("password", PASSWORD)
        user = model_class.objects.create_user(*args, password=password, **kwargs)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Consent.objects.create(
            user=user, kind=ConsentKind.PRIVACY_NOTICE, version=settings.PRIVACY_NOTICE_VERSION
        )
        return user

    class Params:
        practitioner = factory.Trait(
            role=Role.PRACTITIONER, sector=Sector.HEALTH, organisation="Example NHS Trust"
        )
        commissioner = factory.Trait(role=Role.COMMISSIONER, organisation="Example Council")
        staff = factory.Trait(is_staff=True, is_superuser=True)


def totp_enable(user: User) -> str:
    """Give the person an authenticator app and return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


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
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class CouncilAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilArea

    name = factory.Sequence(lambda n: f"Council area {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    region = factory.SubFactory(RegionFactory)


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Forum {n} Parent Carer Forum")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    forum = factory.SubFactory(ForumFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost

    forum = factory.SubFactory(ForumFactory)
    title = factory.Sequence(lambda n: f"News {n}")
    body = "Some news for families."
    visibility = NewsVisibility.PUBLIC


def forum_with_lead(name: str = "Gateshead") -> tuple[Forum, User]:
    area = CouncilAreaFactory(name=name)
    forum = ForumFactory(name=f"{name} Parent Carer Forum", region=area.region)
    forum.council_areas.add(area)
    lead = UserFactory(email=f"lead.{area.slug}@example.org", full_name=f"{name} Lead")
    MembershipFactory(forum=forum, user=lead, role=MembershipRole.LEAD)
    return forum, lead
