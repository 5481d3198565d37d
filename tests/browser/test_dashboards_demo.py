"""The demo commissioner signs in with their password and the code from the authenticator app
the demo sets up (the demo's TOTP secret), then reads the overview and every dashboard page,
Schools included, with axe-core at desktop and phone widths."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from dashboards.pages import PAGES
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_account_journey import totp_code
from tests.browser.visitor import Visitor

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


@pytest.fixture(params=[DESKTOP, PHONE], ids=["desktop", "phone"])
def viewport(request: pytest.FixtureRequest) -> ViewportSize:
    size: ViewportSize = request.param
    return size


def test_the_demo_commissioner_signs_in_with_a_code_and_reads_every_dashboard(
    visitor: Visitor,
) -> None:
    call_command("seed_demo", stdout=None)
    page = visitor.page
    visitor.goto("/accounts/login/?next=/dashboards/")
    page.get_by_label("Email address").fill("commissioner@example.org")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    visitor.check("demo-commissioner-code")
    page.get_by_role("textbox").fill(totp_code(DEMO_TOTP_SECRET))
    page.get_by_role("button").filter(has_text=re.compile("Sign in|Continue|Confirm")).click()
    page.wait_for_url("**/dashboards/")
    visitor.check("demo-dashboards-overview")
    assert "Figures for North East" in page.locator(".govuk-inset-text").inner_text()
    assert "Schools in school development programmes" in page.content()
    for slug, dashboard in PAGES.items():
        if slug == "overview":
            continue
        page.locator(".cp-dashboard-nav").get_by_role("link", name=dashboard.title).click()
        page.wait_for_url(f"**/dashboards/{slug}/")
        visitor.check(f"demo-dashboards-{slug}")
        assert page.locator("[data-freshness]").count() == 1
    schools = page.content()
    assert "Schools in each cohort, by where they stand" in schools
    assert "Movement from the baseline in each area" in schools
    assert "Staff trained in each module" in schools
