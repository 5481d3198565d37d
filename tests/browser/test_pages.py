"""Every page of the service, seen by the people who use it, at desktop, phone and 320 px widths:
axe-core finds nothing and nothing scrolls sideways."""

from __future__ import annotations

import pytest

from accounts.models import Role, RoleStatus
from tests.factories import UserFactory, totp_enable

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_pages(visitor) -> None:
    for path in (
        "/",
        "/accessibility/",
        "/privacy/",
        "/cookies/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ):
        visitor.goto(path)
    page = visitor.page
    visitor.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    visitor.check("login-errors")
    assert page.locator(".govuk-error-summary").is_visible()


def test_parent_carer_pages(visitor, sign_in_as) -> None:
    sign_in_as(UserFactory(full_name="Robin Carer"))
    for path in (
        "/",
        "/accounts/profile/",
        "/accounts/profile/details/",
        "/accounts/consent/children/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/approvals/",
    ):
        visitor.goto(path)
    assert "You cannot see this page" in visitor.page.content()

    # The header menu works by keyboard at every width.
    page = visitor.page
    visitor.goto("/")
    toggle = page.locator(".govuk-service-navigation__toggle")
    if toggle.is_visible():
        toggle.focus()
        page.keyboard.press("Enter")
    page.get_by_role("link", name="Your account", exact=True).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/profile/")

    page.get_by_role("link", name="Withdraw agreement to the privacy notice").click()
    page.wait_for_url("**/withdraw/")
    visitor.check("withdraw-privacy")


def test_staff_pages(visitor, sign_in_as) -> None:
    staff = UserFactory(staff=True, full_name="Sky Staff")
    totp_enable(staff)
    UserFactory(
        role=Role.COMMISSIONER,
        role_status=RoleStatus.PENDING,
        full_name="Casey Commissioner",
        organisation="Northumbria Integrated Care Board",
    )
    sign_in_as(staff)
    visitor.goto("/")
    visitor.goto("/accounts/approvals/")
    page = visitor.page
    page.get_by_role("button", name="Approve Casey Commissioner").click()
    page.wait_for_load_state("load")
    visitor.check("approvals-after")
    assert "There are no requests waiting" in page.content()


def test_commissioner_is_held_on_the_mfa_page(visitor, sign_in_as) -> None:
    sign_in_as(UserFactory(commissioner=True))
    visitor.goto("/accounts/profile/")
    assert "/accounts/reauthenticate/" in visitor.page.url
