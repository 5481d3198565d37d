"""A new person signs up, is held back from asking for the email again too soon, confirms their
address from the message actually sent (which signs them in), sets up an authenticator app,
and signs out."""

from __future__ import annotations

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from accounts.models import Consent, User
from tests.accounts.factories import has_totp
from tests.browser.visitor import Visitor

pytestmark = pytest.mark.django_db(transaction=True)


def totp_code(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


PASSWORD = "a-good-long-passphrase"


def confirmation_link(email: str) -> str:
    """The path of the link in the confirmation email actually sent to the address."""
    [message] = [m for m in mail.outbox if email in m.to]
    assert message.subject == "[Coproduce] Confirm your email address"
    found = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", str(message.body))
    assert found is not None
    return found.group(1)


def sign_up_and_verify(visitor: Visitor, *, email: str, full_name: str) -> User:
    """Sign up through the form and follow the link in the email actually sent: confirming the
    address in the same browser signs the person in."""
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
    visitor.goto(confirmation_link(email))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(visitor.base_url + "/")
    return User.objects.get(email=email)


def test_sign_up_verify_sign_in_set_up_totp_and_sign_out(visitor: Visitor) -> None:
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
    visitor.check("check-your-email")
    assert page.get_by_role("heading", name="Check your email").is_visible()
    assert page.get_by_text(f"We have sent an email to {email}").is_visible()
    contact = page.get_by_role("link", name="help@coproduce.example").last
    assert contact.get_attribute("href") == "mailto:help@coproduce.example"

    user = User.objects.get(email=email)
    assert Consent.objects.filter(user=user, kind="privacy_notice").exists()

    # Asking for the email again straight away is held back by the rate limit, and says so.
    page.get_by_role("button", name="Send the email again").click()
    page.wait_for_url("**/accounts/confirm-email/")
    visitor.check("resend-too-soon")
    assert page.get_by_text("We sent you an email less than 3 minutes ago").is_visible()
    assert len([m for m in mail.outbox if email in m.to]) == 1

    # Follow the link in the email that was actually sent: confirming signs the person in.
    visitor.goto(confirmation_link(email))
    assert page.get_by_text(f"Confirm that {email} is your email address").is_visible()
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(visitor.base_url + "/")
    assert page.get_by_role("heading", name="Hello, Sam").is_visible()
    assert page.get_by_text(f"Your email address {email} is confirmed").is_visible()
    assert page.get_by_text(f"Signed in as {email}").is_visible()
    assert page.locator(".govuk-notification-banner").count() == 1
    visitor.check("home-after-confirm")

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


def test_staff_sign_in_through_the_admin_asks_for_the_code(visitor: Visitor) -> None:
    """The admin has no sign-in of its own: staff sign in on the service's page, give the code
    from their app, and land in the admin."""
    from tests.accounts.factories import PASSWORD as STAFF_PASSWORD
    from tests.accounts.factories import UserFactory, totp_enable

    staff = UserFactory.create(staff=True, email=f"sky.{visitor.width}@example.org")
    secret = totp_enable(staff)
    page = visitor.page
    page.goto(visitor.base_url + "/admin/")
    page.wait_for_url("**/accounts/login/**")
    visitor.check("admin-sign-in")
    page.get_by_label("Email address").fill(staff.email)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    visitor.check("admin-code")
    page.get_by_role("textbox").fill(totp_code(secret))
    page.get_by_role("button").filter(has_text=re.compile("Sign in|Continue|Confirm")).click()
    page.wait_for_url(visitor.base_url + "/admin/")
    assert "Site administration" in page.content()


def test_a_session_without_the_code_is_held_on_the_code_page(visitor: Visitor) -> None:
    from django.conf import settings
    from django.test import Client

    from tests.accounts.factories import UserFactory, totp_enable

    staff = UserFactory.create(staff=True, email=f"kit.{visitor.width}@example.org")
    secret = totp_enable(staff)
    client = Client()
    client.force_login(staff)  # a password alone, as any sign-in route without the code step
    visitor.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": visitor.base_url,
            }
        ]
    )
    visitor.goto("/accounts/approvals/")
    page = visitor.page
    assert "/accounts/2fa/reauthenticate/" in page.url
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state("load")
    visitor.check("code-missing")
    assert (
        "Enter the code from your authenticator app"
        in page.locator(".govuk-error-summary").inner_text()
    )
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/accounts/approvals/")
    visitor.check("approvals-after-code")
