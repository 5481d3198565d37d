"""Staff review the access log in Chromium with axe-core at each width: a lead's views of
their member list are there, filtering by person narrows it, and a date range the wrong way
round is explained."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory, totp_enable
from tests.browser.visitor import Visitor
from tests.forums.factories import forum_with_lead
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_staff_review_who_opened_personal_data(visitor: Visitor, sign_in_as: SignInAs) -> None:
    for name in ("Gateshead", "Sunderland"):
        forum, lead = forum_with_lead(name)
        client = Client(REMOTE_ADDR="198.51.100.40")
        client.force_login(lead)
        client.get(reverse("forums:members", args=[forum.slug]))
        client.post(reverse("forums:members_export", args=[forum.slug]))
    staff = UserFactory.create(email="staff@example.org", staff=True)
    totp_enable(staff)
    sign_in_as(staff)
    page = visitor.page
    visitor.goto("/accounts/access-log/")
    visitor.check("access-log")
    assert "4 entries" in page.content()
    assert "198.51.100.0/24" in page.locator("table").inner_text()
    page.get_by_label("Email address of the person").fill("lead.gateshead@example.org")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("load")
    assert "2 entries" in page.content()
    assert "Sunderland Lead" not in page.locator("table").inner_text()
    visitor.check("access-log-filtered")
    page.locator("#id_date_from_2").fill("2030")
    page.locator("#id_date_from_1").fill("1")
    page.locator("#id_date_from_0").fill("1")
    page.locator("#id_date_to_2").fill("2020")
    page.locator("#id_date_to_1").fill("1")
    page.locator("#id_date_to_0").fill("1")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state("load")
    assert "The last day must be the same as or after the first day" in page.content()
    visitor.check("access-log-error")
