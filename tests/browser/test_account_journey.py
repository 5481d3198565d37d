"""A new person signs up, verifies their email from the message actually sent, signs in,
sets up an authenticator app, and signs out."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from accounts.models import Consent, User
from tests.factories import has_totp

pytestmark = pytest.mark.django_db(transaction=True)


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


PASSWORD = "a-good-long-passphrase"


def sign_up_and_verify(visitor, *, email: str, full_name: str) -> User:
    """Sign up through the form, follow the link in the email actually sent, and sign in."""
    page = visitor.page
    visitor.goto("/accounts/signup/")
    page.get_by_label("Full name").fill(full_name)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type your password again").fill(PASSWORD)
    page.get_by_label("Parent carer").check()
    page.get_by_label("I have read the privacy notice and agree to it").check()
    page.get_by_role("button", name="Create account", exact=True).click()
    page.wait_for_url("**/accounts/confirm-email/")
    [message] = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    visitor.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(visitor.base_url + "/")
    return User.objects.get(email=email)


def test_sign_up_verify_sign_in_set_up_totp_and_sign_out(visitor) -> None:
    page = visitor.page
    email = f"sam.{visitor.width}@example.org"
    password = PASSWORD

    visitor.goto("/")
    # The skip link is the first thing a keyboard reaches.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    page.get_by_role("button", name="Create an account").click()
    page.wait_for_url("**/accounts/signup/")
    visitor.check()

    # Sending the form empty shows the error summary, which takes focus.
    page.get_by_role("button", name="Create account", exact=True).click()
    page.wait_for_load_state("load")
    visitor.check("signup-errors")
    summary = page.locator(".govuk-error-summary")
    assert "Enter your full name" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")

    page.get_by_label("Full name").fill("Sam Carer")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Type your password again").fill(password)
    page.get_by_label("Parent carer").check()
    page.get_by_label("I have read the privacy notice and agree to it").check()
    page.get_by_role("button", name="Create account", exact=True).click()
    page.wait_for_url("**/accounts/confirm-email/")
    visitor.check()

    user = User.objects.get(email=email)
    assert Consent.objects.filter(user=user, kind="privacy_notice").exists()

    # Follow the link in the email that was actually sent.
    [message] = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    visitor.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/login/")
    visitor.check("login-after-confirm")

    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(visitor.base_url + "/")
    assert page.get_by_role("heading", name="Hello, Sam").is_visible()
    visitor.check("home-signed-in")

    visitor.goto("/accounts/2fa/")
    # Changing two-step verification asks for the password again first.
    visitor.goto("/accounts/2fa/totp/activate/")
    assert "/accounts/reauthenticate/" in page.url
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    visitor.check("totp-activate")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Set it up").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/.*"))
    visitor.check("after-totp")
    assert has_totp(user)

    visitor.goto("/accounts/profile/")
    visitor.goto("/accounts/logout/")
    page.get_by_role("button", name="Sign Out").click()
    page.wait_for_url(visitor.base_url + "/")
    assert page.get_by_role("link", name="Sign in").first.is_visible()
    visitor.check("home-signed-out")
