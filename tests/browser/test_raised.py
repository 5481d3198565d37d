"""Raising a matter early, in Chromium with axe-core at each width: a forum lead raises it with
evidence from a consultation theme; the partner's contact acknowledges and responds; the lead
agrees an action, which appears in "You said, we did"; an overdue matter is flagged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services as consultation_services
from raised import services
from raised.models import Matter
from tests.accounts.factories import UserFactory
from tests.browser.visitor import Visitor
from tests.consultations.factories import make_consultation
from tests.forums.factories import forum_with_lead
from tests.raised.factories import forum_area, partner_for, raise_matter
from tests.types import NewVisitor, SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_a_matter_raised_answered_and_agreed_into_you_said_we_did(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    forum_area(forum)
    consultation = make_consultation(forum, lead)
    consultation_services.theme_create(consultation=consultation, edited_by=lead, name="Long waits")
    contact = UserFactory.create(full_name="Cara Connolly", practitioner=True)
    partner = partner_for(forum, lead, name="Gateshead Council SEND Service", contact=contact)

    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/forums/{forum.slug}/manage/raised/")
    page.get_by_role("button", name="Raise a matter").click()
    page.wait_for_url("**/manage/raised/new/")
    visitor.check("raise-form")
    page.get_by_label("Title").fill("Short breaks: no places")
    page.get_by_label("What families are facing").fill("Families are told there are no places.")
    page.get_by_label("Short breaks", exact=True).check()
    page.get_by_label(forum_area(forum).name, exact=True).check()
    page.get_by_label("How many families have raised it?").fill("9")
    page.locator("#id_families_since_0").fill("1")
    page.locator("#id_families_since_1").fill("9")
    page.locator("#id_families_since_2").fill("2026")
    page.get_by_label("Gateshead Council SEND Service").check()
    page.get_by_label(f"Long waits ({consultation.title})").check()
    page.get_by_role("button", name="Raise it").click()
    page.wait_for_url("**/raised/*/")
    visitor.check("raised")
    assert "Raised with Gateshead Council SEND Service" in page.content()
    matter = Matter.objects.get()

    contact_visitor = new_visitor("partner")
    sign_in_as(contact, contact_visitor)
    contact_page = contact_visitor.page
    contact_visitor.goto("/")
    contact_page.get_by_role("link", name="1 open matter").click()
    contact_page.wait_for_url("**/raised/yours/")
    contact_visitor.check("raised-with-you")
    contact_page.get_by_role("link", name="Short breaks: no places").click()
    contact_page.wait_for_url(f"**/raised/{matter.pk}/")
    contact_page.get_by_role("button", name="Acknowledge").click()
    contact_page.wait_for_url(f"**/raised/{matter.pk}/")
    contact_visitor.check("acknowledged")
    contact_page.get_by_label("Your response").fill("We are adding 20 places from January.")
    contact_page.get_by_role("button", name="Respond").click()
    contact_page.wait_for_url(f"**/raised/{matter.pk}/")
    assert "Your response is sent to the forum." in contact_page.content()

    visitor.goto(f"/raised/{matter.pk}/")
    page.get_by_label("What has been agreed?").fill(
        "20 more places from January, reviewed in March."
    )
    page.get_by_label("The action, in a few words").fill("20 more short break places")
    page.get_by_role("button", name="Agree an action").click()
    page.wait_for_url(f"**/raised/{matter.pk}/")
    visitor.check("agreed")
    page.get_by_role("link", name="In “You said, we did”").click()
    page.wait_for_url(f"**/consultations/{consultation.pk}/impact/")
    visitor.check("you-said-we-did")
    assert "20 more short break places" in page.content()

    # A matter left unanswered past the agreed days is flagged to the partner's contact.
    late = raise_matter(
        forum,
        lead,
        partner,
        title="Assessments: a year's wait",
        raised_at=timezone.now() - timedelta(days=45),
    )
    assert services.overdue_matters_flag() == (1, 0)
    contact_visitor.goto("/raised/yours/")
    rows = contact_page.locator(".cp-session")
    assert "Assessments: a year's wait" in rows.first.inner_text()
    assert "Overdue" in rows.first.inner_text()
    contact_visitor.goto(f"/raised/{late.pk}/")
    assert f"Flagged to {contact.get_full_name()}" in contact_page.content()
