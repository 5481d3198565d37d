"""Every email about a person's account is in the service's own words, says what happened, what
to do, how long a link lasts and what to do if it was not them, and links only to SITE_URL,
whatever Host header the request that caused it carried. Each link is followed."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.adapter import duration_words
from accounts.models import Role, RoleStatus, User
from tests.accounts.factories import PASSWORD, SIGN_UP_FORM, UserFactory, totp_code
from tests.accounts.mailbox import SITE, assert_plain, email_to, link_path
from tests.mail import emails_delivered
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-password-9"
SIGN_UP = SIGN_UP_FORM


@pytest.fixture(autouse=True)
def site_url(settings: SettingsWrapper) -> None:
    settings.SITE_URL = SITE


def test_the_sign_up_email_confirms_the_address(client: Client) -> None:
    client.post(reverse("account_signup"), SIGN_UP)
    message = email_to("jo@example.org")
    assert_plain(
        message,
        "Confirm your email address",
        "Hello Jo Parent,",
        "Thank you for creating an account on Coproduce",
        'press the "Confirm" button',
        "The link works for 3 days",
        "If you did not create an account on Coproduce, you do not need to do anything",
    )
    path = link_path(message, "/accounts/confirm-email/")
    page = client.get(path).content.decode()
    assert "Confirm that jo@example.org is your email address" in page
    assert client.post(path)["Location"] == "/"
    assert EmailAddress.objects.get(email="jo@example.org").verified
    # The other link in it, for when this one has stopped working, is the sign-in page.
    assert client.get(link_path(message, "/accounts/login/")).status_code in (200, 302)


def test_signing_in_before_confirming_sends_an_email_that_says_so(client: Client) -> None:
    user = UserFactory.create(email="late@example.org", full_name="Lee Late")
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    message = email_to(user.email)
    assert_plain(
        message,
        "Confirm your email address",
        "Hello Lee Late,",
        "Someone tried to sign in to Coproduce with this email address",
        "The link works for 3 days",
        "If it was not you, you do not need to do anything",
    )
    client.post(link_path(message, "/accounts/confirm-email/"))
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_password_reset_email_and_the_notice_after_it(
    client: Client, parent: User, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    client.post(reverse("account_reset_password"), {"email": parent.email})
    message = email_to(parent.email)
    assert_plain(
        message,
        "Reset your password",
        f"Hello {parent.full_name},",
        "We have been asked to reset the password for your Coproduce account",
        "The link works for 24 hours. You can only use it once.",
        "If you did not ask to reset your password, you do not need to do anything",
    )
    form = client.get(link_path(message, "/accounts/password/reset/key/"), follow=True)
    action = form.redirect_chain[-1][0]
    mail.outbox.clear()
    client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)

    notice = email_to(parent.email)
    assert_plain(
        notice,
        "Your password has been reset",
        "You chose a new password for your Coproduce account",
        "This happened on",
        "If you did this, you do not need to do anything",
        "If you did not do this, someone else may be using your account",
    )
    assert client.get(link_path(notice, "/accounts/password/reset/")).status_code == 200


def test_a_changed_password_is_told_by_email(make_client: MakeClient, parent: User) -> None:
    client = make_client(parent)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    notice = email_to(parent.email)
    assert_plain(
        notice,
        "Your password has been changed",
        "The password for your Coproduce account was changed.",
        "This happened on",
        "Choose a new password straight away",
    )
    # The link for someone who did not change it asks for a reset link.
    page = Client().get(link_path(notice, "/accounts/password/reset/")).content.decode()
    assert "Reset your password" in page


def test_changing_the_email_address_asks_the_new_one_and_tells_the_old_one(
    make_client: MakeClient, parent: User
) -> None:
    old = parent.email
    client = make_client(parent)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": "new-home@example.org"})
    page = client.get(reverse("account_email")).content.decode()
    assert "We have sent an email to new-home@example.org" in page
    confirm = email_to("new-home@example.org")
    assert_plain(
        confirm,
        "Confirm your new email address",
        "You asked to use this email address for your Coproduce account",
        "The link works for 3 days. Until you confirm, we will keep using your old email address.",
        "If you did not ask for this, you do not need to do anything",
    )
    assert emails_delivered() == [
        confirm
    ]  # nothing to the old address until the new one is confirmed
    client.post(link_path(confirm, "/accounts/confirm-email/"))
    assert EmailAddress.objects.get(user=parent, primary=True).email == "new-home@example.org"

    notice = email_to(old)
    assert_plain(
        notice,
        "Your email address has been changed",
        f"changed from {old} to new-home@example.org",
        "From now on, we will send emails to the new address",
        "Email us straight away",
    )


def test_cancelling_an_email_change_is_told_by_email(make_client: MakeClient, parent: User) -> None:
    client = make_client(parent)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.post(reverse("account_email"), {"action_add": "", "email": "typo@example.org"})
    mail.outbox.clear()
    client.post(reverse("account_email"), {"action_remove": "", "email": "typo@example.org"})
    assert not EmailAddress.objects.filter(email="typo@example.org").exists()
    assert_plain(
        email_to(parent.email),
        "An email address was removed from your account",
        "The email address typo@example.org was removed from your Coproduce account",
        "If you did not do this",
    )


def test_a_person_without_a_password_proves_it_is_them_with_an_emailed_code(
    make_client: MakeClient, parent: User
) -> None:
    """Someone whose account was made without a password (in the admin) sets one: with no
    password to type again, allauth emails them a code first."""
    parent.set_unusable_password()
    parent.save()
    client = make_client(parent)
    set_password = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(reverse("account_set_password"), set_password)
    assert response["Location"].startswith(reverse("account_request_reauthentication_code"))
    client.post(response["Location"], {"recipient": parent.email})
    message = email_to(parent.email)
    body = assert_plain(
        message,
        "Your code to check it is you",
        "You are making a change to your Coproduce account",
        "The code works for 3 minutes. Do not give it to anyone.",
        "If you did not ask for this code, someone else may be signed in to your account",
    )
    code = body.split("\n\n")[2].strip()
    client.post(reverse("account_confirm_reauthentication_code"), {"code": code})
    mail.outbox.clear()

    client.post(reverse("account_set_password"), set_password)
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD)
    assert_plain(
        email_to(parent.email),
        "A password has been set for your account",
        "A password was set for your Coproduce account",
        "If you did not do this",
    )


def test_asking_to_reset_for_an_unknown_address(client: Client) -> None:
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    message = email_to("nobody@example.org")
    assert_plain(
        message,
        "We could not find an account for this email address",
        "Hello,",
        "We do not have an account with this email address",
        "If it was not you, you do not need to do anything",
    )
    assert client.get(link_path(message, "/accounts/signup/")).status_code == 200
    assert client.get(link_path(message, "/accounts/password/reset/")).status_code == 200


def test_signing_up_again_with_an_address_that_has_an_account(client: Client, parent: User) -> None:
    response = client.post(reverse("account_signup"), {**SIGN_UP, "email": parent.email})
    # The page is the same as for a new address, so it tells nobody which addresses have accounts.
    assert response["Location"] == reverse("account_email_verification_sent")
    message = email_to(parent.email)
    assert_plain(
        message,
        "You already have an account",
        "Someone tried to create a Coproduce account with this email address",
        "so we did not make a new one",
        "Your account has not changed",
    )
    assert client.get(link_path(message, "/accounts/login/")).status_code == 200
    assert client.get(link_path(message, "/accounts/password/reset/")).status_code == 200


def test_two_step_verification_changes_are_told_by_email(
    make_client: MakeClient,
    parent: User,
) -> None:
    client = make_client(parent)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    client.post(
        reverse("mfa_activate_totp"), {"code": totp_code(client.session[SECRET_SESSION_KEY])}
    )
    assert_plain(
        email_to(parent.email),
        "Two-step verification is on",
        "You set up an authenticator app for your Coproduce account",
        "If you did not do this",
    )

    mail.outbox.clear()
    client.post(reverse("mfa_generate_recovery_codes"))
    assert_plain(
        email_to(parent.email),
        "You have new recovery codes",
        "Your old recovery codes no longer work",
    )

    mail.outbox.clear()
    authenticator = Authenticator.objects.get(user=parent, type=Authenticator.Type.TOTP)
    client.post(reverse("mfa_deactivate_totp"), {"authenticator": authenticator.pk})
    assert_plain(
        email_to(parent.email),
        "Two-step verification is off",
        "The authenticator app was removed from your Coproduce account",
    )


@pytest.mark.parametrize(
    ("role", "approve", "subject", "words"),
    [
        (
            Role.COMMISSIONER,
            True,
            "Your commissioner account is approved",
            ["approved your commissioner account", "set up an authenticator app"],
        ),
        (
            Role.PRACTITIONER,
            False,
            "We could not approve your practitioner account",
            ["You can still use Coproduce as a member", "If you think we have made a mistake"],
        ),
    ],
)
def test_the_approval_decision_email(
    make_client: MakeClient,
    staff: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    role: str,
    approve: bool,
    subject: str,
    words: list[str],
) -> None:
    person = UserFactory.create(
        email="asker@example.org",
        full_name="Ash Asker",
        role=role,
        role_status=RoleStatus.PENDING,
        organisation="Example Council",
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_client(staff).post(
            reverse("approval_decide", args=[person.pk]),
            {"decision": "approve" if approve else "decline"},
        )
    message = email_to(person.email)
    assert_plain(message, subject, "Hello Ash Asker,", *words)
    assert Client().get(link_path(message, "/accounts/login/")).status_code == 200


FORGED = "evil.example"


@pytest.mark.parametrize(
    ("url_name", "data", "to"),
    [
        ("account_signup", SIGN_UP, "jo@example.org"),
        (
            "account_signup",
            {**SIGN_UP, "email": "parent-carer@example.org"},
            "parent-carer@example.org",
        ),
        (
            "account_reset_password",
            {"email": "parent-carer@example.org"},
            "parent-carer@example.org",
        ),
        ("account_reset_password", {"email": "nobody@example.org"}, "nobody@example.org"),
    ],
    ids=["sign-up", "already-exists", "password-reset", "unknown-account"],
)
def test_a_forged_host_header_does_not_change_the_links(
    settings: SettingsWrapper, parent: User, url_name: str, data: dict[str, str], to: str
) -> None:
    # Even a host the service accepts (here, any) must not reach a link in an email.
    settings.ALLOWED_HOSTS = ["*"]
    client = Client(HTTP_HOST=FORGED)
    response = client.post(reverse(url_name), data)
    assert response.status_code == 302
    body = assert_plain(email_to(to), email_to(to).subject.removeprefix("[Coproduce] "))
    assert FORGED not in body


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (3 * 86400, "3 days"),
        (86400, "24 hours"),
        (3600, "1 hour"),
        (180, "3 minutes"),
        (90, "90 seconds"),
    ],
)
def test_how_long_a_link_lasts_is_said_as_people_say_it(seconds: int, words: str) -> None:
    assert duration_words(seconds) == words
