"""Each kind of person finds what is for them: a parent their open consultations from the home
page and the forum page, a practitioner a regional consultation asking practitioners, and a
consultation's words explained with the right meanings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import RespondentTypes
from tests.accounts.factories import UserFactory
from tests.browser.visitor import Visitor
from tests.consultations.factories import ConsultationFactory, make_consultation
from tests.forums.factories import MembershipFactory, forum_with_lead
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_a_parent_finds_open_consultations_from_home_and_their_forum(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    make_consultation(forum, lead, title="Short breaks in the holidays")
    sign_in_as(MembershipFactory.create(forum=forum).user)
    page = visitor.page
    visitor.goto("/")
    open_to_you = page.get_by_role("heading", name="Consultations open to you")
    assert open_to_you.is_visible()
    page.get_by_role("link", name="Short breaks in the holidays").click()
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/page/1/")
    page.get_by_label("5 to 10").check()
    page.get_by_role("button", name="Save and come back later").click()
    page.wait_for_load_state("load")
    visitor.goto("/")
    assert page.get_by_text("Started").first.is_visible()
    visitor.goto(f"/forums/{forum.slug}/")
    consultations = page.locator("h2:text('Consultations') + ul")
    assert "Short breaks in the holidays" in consultations.inner_text()
    assert "Started" in consultations.inner_text()
    consultations.get_by_role("link", name="Carry on where you left off").click()
    page.wait_for_load_state("load")
    assert page.get_by_role("button", name="Carry on").is_visible()
    visitor.check("carry-on-from-forum")


def test_an_approved_practitioner_finds_a_regional_consultation_for_them(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    forum, _ = forum_with_lead("Gateshead")
    ConsultationFactory.create(
        forum=None,
        region=forum.region,
        title="Working together across the North East",
        respondent_types=RespondentTypes.BOTH,
        launched=True,
        audience_forums=[forum],
    )
    sign_in_as(UserFactory.create(practitioner=True))
    page = visitor.page
    visitor.goto("/")
    assert page.get_by_role("heading", name="What is for you").is_visible()
    assert page.get_by_text("Find your Parent Carer Forum").count() == 0
    page.get_by_role("link", name="Working together across the North East").first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("button", name="Start now").is_visible()
    visitor.check("regional-start")


def test_the_good_life_consultation_explains_its_words_with_the_right_meanings(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    now = timezone.now()
    consultation = services.consultation_create_from_template(
        created_by=lead,
        forum=forum,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
    )
    services.consultation_launch(consultation=consultation, launched_by=lead)
    sign_in_as(MembershipFactory.create(forum=forum).user)
    page = visitor.page
    visitor.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/page/1/")
    ehcp = page.get_by_role("button", name="EHCP (what this means)")
    ehcp.focus()
    page.keyboard.press("Enter")
    meaning = page.locator(f"#{ehcp.get_attribute('aria-controls')}")
    assert "Education, Health and Care plan" in meaning.inner_text()
    visitor.check("ehcp-explained")
    visitor.goto(f"/consultations/{consultation.pk}/page/3/")
    intro = page.get_by_text("Tell us how it feels to work with schools, health and social care.")
    assert intro.is_visible()
    # "social" in "social care" is not "Social, emotional and mental health".
    assert intro.locator(".cp-term").count() == 0
    assert "Social, emotional and mental health" not in page.content()
