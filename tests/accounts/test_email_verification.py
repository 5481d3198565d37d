"""The "check your email" page and confirming an address: the email can be sent again within
allauth's rate limit, and confirming in the same browser signs the person in, still asking
for the two-step code of those who need it and showing a waiting role request."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from tests.accounts.factories import PASSWORD, SIGN_UP_FORM, UserFactory, totp_code, totp_enable
from tests.accounts.mailbox import email_to, link_path
from tests.mail import emails_delivered

pytestmark = pytest.mark.django_db

SIGN_UP = SIGN_UP_FORM
CHECK_EMAIL = "/accounts/confirm-email/"


@pytest.fixture
def later(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Moves the clock that allauth's rate limits read forward by some seconds."""
    real = time.time

    def _later(seconds: int) -> None:
        monkeypatch.setattr(time, "time", lambda: real() + seconds)

    return _later


def _confirm_path(address: str, nth: int = -1) -> str:
    sent = [message for message in emails_delivered() if address in message.to]
    return link_path(sent[nth], CHECK_EMAIL)


def _page(client: Client, response: object = None) -> str:
    return client.get(CHECK_EMAIL).content.decode()


def _signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_the_check_your_email_page_names_the_address_and_how_to_get_help(client: Client) -> None:
    response = client.post(reverse("account_signup"), SIGN_UP)
    assert response["Location"] == CHECK_EMAIL
    page = client.get(CHECK_EMAIL).content.decode()
    assert "Check your email" in page
    assert "We have sent an email to <strong" in page and "jo@example.org</strong>" in page
    assert "finishes creating your account" in page
    assert "The link works for 3 days" in page
    assert "Look in your spam or junk folder" in page
    assert f'action="{CHECK_EMAIL}"' in page and "Send the email again" in page
    assert "once every 3 minutes" in page
    assert 'href="mailto:help@coproduce.example"' in page
    # The page says where the email went; no banner repeats it.
    assert "Confirmation email sent" not in page
    assert "We have sent an email to jo@example.org" not in page


def test_without_a_sign_up_waiting_the_page_says_to_sign_in_for_a_new_link(client: Client) -> None:
    page = client.get(CHECK_EMAIL).content.decode()
    assert "Check your email" in page
    assert "Send the email again" not in page
    assert f'href="{reverse("account_login")}"' in page
    assert 'href="mailto:help@coproduce.example"' in page


def test_sending_again_waits_for_the_rate_limit_then_sends_a_link_that_works(
    client: Client, later: Callable[[int], None]
) -> None:
    client.post(reverse("account_signup"), SIGN_UP)
    assert len(emails_delivered()) == 1

    response = client.post(CHECK_EMAIL)
    assert response["Location"] == CHECK_EMAIL
    page = _page(client)
    assert "We sent you an email less than 3 minutes ago, so we have not sent another yet" in page
    assert "You can ask again after 3 minutes" in page
    assert len(emails_delivered()) == 1

    later(3 * 60 + 1)
    client.post(CHECK_EMAIL)
    page = _page(client)
    assert "We have sent the email again to jo@example.org" in page
    assert len(emails_delivered()) == 2
    again = emails_delivered()[-1]
    assert again.to == ["jo@example.org"]
    assert again.subject == "[Coproduce] Confirm your email address"
    # Twice within the limit sends nothing more.
    client.post(CHECK_EMAIL)
    assert len(emails_delivered()) == 2

    assert client.post(_confirm_path("jo@example.org"))["Location"] == "/"
    assert _signed_in_as(client) == str(User.objects.get(email="jo@example.org").pk)


def test_sending_again_with_nothing_waiting_sends_people_to_sign_in(client: Client) -> None:
    response = client.post(CHECK_EMAIL)
    assert response["Location"] == reverse("account_login")
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with your email address and password, and we will send you a new link" in page
    assert emails_delivered() == []


def test_sending_again_after_confirming_elsewhere_says_to_sign_in(
    client: Client, later: Callable[[int], None]
) -> None:
    client.post(reverse("account_signup"), SIGN_UP)
    Client().post(_confirm_path("jo@example.org"))  # the link opened on another device
    later(3 * 60 + 1)
    response = client.post(CHECK_EMAIL)
    assert response["Location"] == reverse("account_login")
    page = client.get(reverse("account_login")).content.decode()
    assert "You have already confirmed jo@example.org. You can sign in now." in page
    assert len(emails_delivered()) == 1


def test_sending_again_for_an_address_that_has_an_account_looks_the_same(
    client: Client, parent: User, later: Callable[[int], None]
) -> None:
    """Nobody can learn from this page which addresses have accounts: the owner is emailed."""
    client.post(reverse("account_signup"), {**SIGN_UP, "email": parent.email})
    page = _page(client)
    assert "Send the email again" in page and parent.email in page
    later(3 * 60 + 1)
    client.post(CHECK_EMAIL)
    assert f"We have sent the email again to {parent.email}" in _page(client)
    assert [m.subject for m in emails_delivered()] == [
        "[Coproduce] You already have an account"
    ] * 2
    assert _signed_in_as(client) is None


def test_confirming_signs_the_person_in(client: Client) -> None:
    client.post(reverse("account_signup"), SIGN_UP)
    path = _confirm_path("jo@example.org")
    assert client.get(path).status_code == 200
    assert _signed_in_as(client) is None  # opening the link alone changes nothing
    response = client.post(path)
    assert response["Location"] == "/"
    user = User.objects.get(email="jo@example.org")
    assert _signed_in_as(client) == str(user.pk)
    home = client.get("/").content.decode()
    assert "Hello, Jo" in home
    assert "Your email address jo@example.org is confirmed" in home
    assert home.count("govuk-notification-banner__heading") == 1  # not "signed in" as well


def test_confirming_in_another_browser_confirms_without_signing_in(client: Client) -> None:
    """Only the browser that signed up is signed in: a link alone (forwarded, or read in a log)
    must not open the account."""
    client.post(reverse("account_signup"), SIGN_UP)
    other = Client()
    response = other.post(_confirm_path("jo@example.org"))
    assert response["Location"] == reverse("account_login")
    assert _signed_in_as(other) is None
    assert EmailAddress.objects.get(email="jo@example.org").verified
    other_page = other.get(reverse("account_login")).content.decode()
    assert "Your email address jo@example.org is confirmed" in other_page
    # The browser that signed up can now sign in with the password.
    client.post(
        reverse("account_login"), {"login": "jo@example.org", "password": "correct-horse-battery"}
    )
    assert _signed_in_as(client) is not None


@pytest.mark.parametrize(
    ("role", "extra"),
    [
        (Role.COMMISSIONER, {"commissioner_organisation": "Gateshead Council"}),
        (Role.PRACTITIONER, {"organisation": "Hill School", "sector": "education"}),
    ],
)
def test_a_role_waiting_for_approval_lands_on_home_saying_so(
    client: Client, role: str, extra: dict[str, str]
) -> None:
    client.post(reverse("account_signup"), {**SIGN_UP, "role": role, **extra})
    response = client.post(_confirm_path("jo@example.org"))
    assert response["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert f"You asked for a {role} account. Our staff will check your details" in (
        home.content.decode()
    )


def test_confirming_still_asks_for_the_two_step_code() -> None:
    """Staff with an authenticator app whose address was never confirmed: confirming the address
    is not the second step. They are signed in only after the code."""
    staff = UserFactory.create(staff=True, email="sky@example.org")
    EmailAddress.objects.filter(user=staff).update(verified=False)
    secret = totp_enable(staff)
    client = Client()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == CHECK_EMAIL
    response = client.post(_confirm_path(staff.email))
    assert response["Location"] == reverse("mfa_authenticate")
    assert _signed_in_as(client) is None
    assert client.get(reverse("approvals"))["Location"].startswith(reverse("account_login"))

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert _signed_in_as(client) == str(staff.pk)
    assert client.get(reverse("approvals")).status_code == 200


def test_confirming_sends_staff_without_an_app_to_set_one_up() -> None:
    staff = UserFactory.create(staff=True, email="new-staff@example.org")
    EmailAddress.objects.filter(user=staff).update(verified=False)
    client = Client()
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    client.post(_confirm_path(staff.email))
    assert _signed_in_as(client) == str(staff.pk)
    assert client.get(reverse("approvals"))["Location"] == reverse("mfa_activate_totp")


def test_a_pending_sign_up_is_not_signed_in_by_an_old_link_after_the_wait(
    client: Client, later: Callable[[int], None]
) -> None:
    """allauth keeps the waiting sign-in for ACCOUNT_LOGIN_TIMEOUT (15 minutes); after that the
    link still confirms the address, and the person signs in with their password."""
    client.post(reverse("account_signup"), SIGN_UP)
    later(16 * 60)
    response = client.post(_confirm_path("jo@example.org"))
    assert response["Location"] == reverse("account_login")
    assert _signed_in_as(client) is None
    assert EmailAddress.objects.get(email="jo@example.org").verified
    assert email_to("jo@example.org")
