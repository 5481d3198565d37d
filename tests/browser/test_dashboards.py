"""A commissioner's dashboards in Chromium with axe-core at each width: a commissioner scoped to
Gateshead reads every page, changes the time, is told plainly about a wrong date, prints a page
for board papers and downloads a table; staff set a commissioner's scope."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from dashboards.pages import PAGES
from forums.models import EngagementEntry
from tests.accounts.factories import UserFactory, totp_enable
from tests.browser.visitor import Visitor
from tests.dashboards.factories import (
    action,
    area_of,
    consultation_with_responses,
    members,
    scope_to,
    session_with,
)
from tests.forums.factories import forum_with_lead
from tests.raised.factories import partner_for, raise_matter
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def _gateshead_with_figures() -> User:
    forum, lead = forum_with_lead("Gateshead")
    people = members(forum, 14)
    consultation = consultation_with_responses(forum, lead, 12, title="Short breaks")
    consultation_with_responses(forum, lead, 3, title="School transport")
    consultation_with_responses(forum, lead, 20, title="Preparing for adulthood")
    for _ in range(6):
        action(consultation, "done")
    action(consultation, "planned", due_date=timezone.localdate() - timedelta(days=5))
    session_with(forum, people[:11], ratings=[5, 5, 4, 5, 3, 5, 4, 5, 5, 4])
    EngagementEntry.objects.create(
        forum=forum,
        date=timezone.localdate() - timedelta(days=10),
        method="coffee_morning",
        title="Coffee morning",
        participants=14,
        themes="Waiting for assessments",
        ladder_rung=3,
        recorded_by=lead,
    )
    partner = partner_for(forum, lead, name="Gateshead Council SEND Service")
    for n in range(6):
        raise_matter(forum, lead, partner, title=f"Matter {n}")
    sunderland, _ = forum_with_lead("Sunderland")
    members(sunderland, 9)
    commissioner = UserFactory.create(email="commissioner@example.org", commissioner=True)
    totp_enable(commissioner)
    scope_to(commissioner, area_of(forum))
    return commissioner


def test_a_commissioner_reads_every_dashboard_and_downloads_a_table(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    commissioner = _gateshead_with_figures()
    sign_in_as(commissioner)
    page = visitor.page
    visitor.goto("/")
    assert page.locator('#navigation a[href="/dashboards/"]').count() == 1
    page.get_by_role("link", name="Your dashboards").click()
    page.wait_for_url("**/dashboards/")
    visitor.check("dashboards-overview")
    assert "Members reached" in page.content()
    for slug, dashboard in PAGES.items():
        if slug == "overview":
            continue
        page.locator(".cp-dashboard-nav").get_by_role("link", name=dashboard.title).click()
        page.wait_for_url(f"**/dashboards/{slug}/")
        visitor.check(f"dashboards-{slug}")
        assert "Sunderland" not in page.content()
        assert "Worked out from live records" in page.content()

    # The time, changed with the filters.
    visitor.goto("/dashboards/voice/")
    page.get_by_text("Change the time or area").click()
    page.get_by_label("Last 3 months").check()
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_url("**/dashboards/voice/?*period=3*")
    visitor.check("dashboards-voice-3-months")
    assert "the last 3 months" in page.content()

    # A date that is not real is explained, with no figures.
    page.get_by_text("Change the time or area").click()
    page.get_by_label("Dates I choose").check()
    page.locator("#id_start_0").fill("31")
    page.locator("#id_start_1").fill("2")
    page.locator("#id_start_2").fill("2026")
    page.locator("#id_end_0").fill("1")
    page.locator("#id_end_1").fill("3")
    page.locator("#id_end_2").fill("2026")
    page.get_by_role("button", name="Show figures").click()
    page.wait_for_load_state("load")
    visitor.check("dashboards-voice-error")
    assert "There is a problem" in page.content()
    assert "The start date must be a real date" in page.content()

    # The print view for board papers, and a table downloaded as CSV.
    visitor.goto("/dashboards/voice/")
    page.get_by_role("link", name="Print this page").click()
    page.wait_for_url("**print=1*")
    visitor.check("dashboards-voice-print")
    visitor.goto("/dashboards/voice/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download “Responses per consultation” as CSV").click()
    download = download_info.value
    content = open(download.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    # 3 is hidden, and 12 with it (the total would give the 3 away); the page shows the same.
    assert "Preparing for adulthood (Gateshead Parent Carer Forum),20" in content
    assert "School transport (Gateshead Parent Carer Forum),Not shown" in content
    assert "Short breaks (Gateshead Parent Carer Forum),Not shown" in content
    assert "Total,35" in content

    visitor.goto("/dashboards/how-we-protect-privacy/")
    assert "Every hidden number looks the same" in page.content()


def test_staff_set_a_commissioners_scope(visitor: Visitor, sign_in_as: SignInAs) -> None:
    forum, _ = forum_with_lead("Gateshead")
    UserFactory.create(email="new.commissioner@example.org", commissioner=True)
    staff = UserFactory.create(email="staff@example.org", staff=True)
    totp_enable(staff)
    sign_in_as(staff)
    page = visitor.page
    visitor.goto("/dashboards/scopes/")
    assert "Not set yet" in page.content()
    page.get_by_role("link", name=re.compile("^Set scope for ")).click()
    page.wait_for_url("**/dashboards/scopes/*/")
    visitor.check("dashboards-scope-form")
    page.get_by_role("button", name="Save scope").click()
    page.wait_for_load_state("load")
    visitor.check("dashboards-scope-error")
    assert "Choose a whole region or at least one council area" in page.content()
    page.get_by_label(area_of(forum).name, exact=True).check()
    page.get_by_role("button", name="Save scope").click()
    page.wait_for_url("**/dashboards/scopes/")
    visitor.check("dashboards-scopes")
    assert "Gateshead" in page.locator("table").inner_text()
