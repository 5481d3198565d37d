from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Consent, ConsentKind, Role, RoleStatus, User
from tests.accounts.factories import SIGN_UP_FORM
from tests.mail import emails_delivered

pytestmark = pytest.mark.django_db

VALID = SIGN_UP_FORM


def _confirmation_link(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def test_parent_carer_signs_up_and_must_verify_before_signing_in(client: Client) -> None:
    response = client.post(reverse("account_signup"), VALID)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")

    user = User.objects.get(email="jo@example.org")
    assert user.full_name == "Jo Parent"
    assert user.role == Role.PARENT_CARER
    assert user.role_status == RoleStatus.APPROVED
    privacy = Consent.objects.get(user=user, kind=ConsentKind.PRIVACY_NOTICE)
    assert privacy.version == settings.PRIVACY_NOTICE_VERSION
    assert privacy.given_at is not None and privacy.withdrawn_at is None
    assert not Consent.objects.filter(user=user, kind=ConsentKind.SPECIAL_CATEGORY).exists()

    # Not verified yet: signing in goes back to the "check your email" page, not the service.
    response = client.post(
        reverse("account_login"), {"login": "jo@example.org", "password": VALID["password1"]}
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    assert len(emails_delivered()) == 1  # the resend on a sign-in attempt waits for a cool-down
    link = _confirmation_link(emails_delivered()[0])
    assert client.get(link).status_code == 200
    # Confirming in the browser that signed up (or tried to sign in) signs the person in.
    assert client.post(link)["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
    home = client.get("/")
    assert "Hello, Jo" in home.content.decode()


def test_special_category_consent_is_recorded_separately(client: Client) -> None:
    client.post(reverse("account_signup"), {**VALID, "special_category_consent": "on"})
    user = User.objects.get(email="jo@example.org")
    kinds = set(Consent.objects.filter(user=user).values_list("kind", flat=True))
    assert kinds == {ConsentKind.PRIVACY_NOTICE, ConsentKind.SPECIAL_CATEGORY}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"privacy_notice_agreed": ""}, "Agree to the privacy notice to create an account"),
        ({"full_name": ""}, "Enter your full name"),
        ({"role": ""}, "Select which of these describes you"),
        ({"role": "commissioner"}, "Enter the name of your organisation"),
        ({"role": "practitioner", "organisation": "NHS"}, "Select the sector you work in"),
        ({"role": "staff"}, "Select a valid choice"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
    ],
)
def test_bad_sign_up_shows_the_error_summary_and_writes_nothing(
    client: Client, changes: dict[str, str], message: str
) -> None:
    response = client.post(reverse("account_signup"), {**VALID, **changes})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert message in page
    assert "<title>Error: " in page
    # What the person typed is kept.
    assert 'value="Jo Parent"' in page or changes.get("full_name") == ""
    assert not User.objects.exists()
    assert emails_delivered() == []


def test_a_practitioner_waits_for_staff_approval(client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {**VALID, "role": "practitioner", "sector": "education", "organisation": "Hill School"},
    )
    user = User.objects.get(email="jo@example.org")
    assert user.role == Role.PRACTITIONER
    assert user.role_status == RoleStatus.PENDING
    assert user.sector == "education"
    assert user.organisation == "Hill School"
    assert not user.is_practitioner


def test_nobody_can_make_themselves_a_commissioner(client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {**VALID, "role": "commissioner", "commissioner_organisation": "ICB"},
    )
    user = User.objects.get(email="jo@example.org")
    assert user.role_status == RoleStatus.PENDING
    assert not user.is_commissioner
    assert not user.must_use_mfa

    # Editing one's own details cannot change the role or its status.
    client.force_login(user)
    client.post(
        reverse("profile_details_edit"),
        {
            "full_name": "Jo",
            "organisation": "ICB",
            "role": "commissioner",
            "role_status": "approved",
        },
    )
    user.refresh_from_db()
    assert user.role_status == RoleStatus.PENDING
    assert not user.is_commissioner


def test_login_form_errors_use_the_error_summary(client: Client) -> None:
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert '<a href="#id_login">Enter your email address</a>' in page
    assert '<a href="#id_password">Enter your password</a>' in page


def test_failed_logins_are_rate_limited(client: Client, parent: User) -> None:
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": parent.email, "password": "wrong-password"}
        )
        assert "Too many failed login attempts" not in response.content.decode()
    # After five failures even the right password is refused for a while.
    response = client.post(
        reverse("account_login"), {"login": parent.email, "password": "a-long-test-password-1"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
