"""A school development programme in Chromium, with axe-core on every page at each width: a
school's SENCO completes the baseline self-assessment over two visits (a draft, then submitted)
and adds action-plan items; the programme lead sees the school move on the cohort page once the
review self-assessment is in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from programmes import services
from programmes.models import ActionItem, AssessmentRound, RoundStatus, TrainingModule
from tests.browser.visitor import Visitor
from tests.programmes.factories import (
    SchoolFactory,
    cohort_make,
    contact_make,
    enrol,
    group_make,
    rate_all,
    standards,
)
from tests.types import NewVisitor, SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def _rate(page: Page, standard: str, level: str) -> None:
    page.get_by_role("group", name=standard).get_by_label(level).check()


def _add_action(page: Page, standard: str, action: str, owner: str) -> None:
    page.get_by_role("link", name="Add an action").click()
    page.wait_for_url("**/actions/new/")
    page.get_by_label("Which standard is it for?").select_option(label=standard)
    page.get_by_label("What will be done").fill(action)
    page.get_by_label("Who will do it").fill(owner)
    due = timezone.localdate() + timedelta(days=60)
    dates = page.get_by_role("group", name="When it is due")
    dates.get_by_label("Day").fill(str(due.day))
    dates.get_by_label("Month").fill(str(due.month))
    dates.get_by_label("Year").fill(str(due.year))
    page.get_by_role("button", name="Add to the plan").click()
    page.wait_for_url("**/programmes/schools/*/")


def _school_figures(page: Page, name: str) -> str:
    """A school's figures on the cohort page: its table row on a desktop, its card on a phone."""
    row = page.locator("tr:visible, .govuk-summary-card:visible").filter(has_text=name)
    return row.inner_text()


def test_a_baseline_over_two_visits_then_the_lead_sees_the_school_move(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    lead = contact_make()
    lead.full_name = "Lesley Lead"
    lead.save()
    senco = contact_make()
    # Started 280 days ago: baseline, training and the parent group are behind it, the review
    # was due 10 days ago and the family survey is 50 days away.
    cohort = cohort_make(
        leads=[lead], name="North East cohort", start=timezone.localdate() - timedelta(days=280)
    )
    school = SchoolFactory.create(name="Low Fell Primary School")
    enrolment = enrol(cohort, contact=senco, school=school)
    other_person = contact_make()
    rate_all(enrol(cohort, contact=other_person), "baseline", 2, by=other_person)
    every = standards()
    titles = [f"{s.code} {s.title}" for s in every]

    # First visit: half the standards, with evidence, saved as a draft.
    sign_in_as(senco)
    page = visitor.page
    visitor.goto("/programmes/")
    page.get_by_role("link", name="Low Fell Primary School").click()
    page.wait_for_url("**/programmes/schools/*/")
    visitor.check("school-before")
    page.get_by_role("link", name="Start the baseline self-assessment").click()
    page.wait_for_url("**/self-assessment/baseline/")
    visitor.check("baseline-new")
    for title in titles[:8]:
        _rate(page, title, "2 developing")
    page.get_by_label("Evidence for 1.1 (optional)").fill("Profiles written for 4 of 11 pupils.")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url("**/programmes/schools/*/")
    assert page.get_by_text("Your draft is saved").is_visible()
    visitor.check("school-draft")
    draft = AssessmentRound.objects.get(enrolment=enrolment)
    assert draft.status == RoundStatus.DRAFT

    # Second visit, another day: the draft is there; submitting too early names what is
    # missing, then the rest is rated and it is submitted.
    second = new_visitor("second-visit")
    sign_in_as(senco, second)
    page = second.page
    second.goto(f"/programmes/schools/{enrolment.pk}/")
    page.get_by_role("link", name="Baseline self-assessment").click()
    page.wait_for_url("**/self-assessment/baseline/")
    assert page.get_by_label("Evidence for 1.1 (optional)").input_value() == (
        "Profiles written for 4 of 11 pupils."
    )
    assert page.get_by_role("group", name=titles[0]).get_by_label("2 developing").is_checked()
    page.get_by_role("button", name="Submit self-assessment").click()
    page.wait_for_url("**/self-assessment/baseline/")
    assert page.get_by_role("link", name=f"Choose a level for {titles[8]}").is_visible()
    second.check("baseline-missing")
    for title in titles[8:]:
        _rate(page, title, "1 not yet started")
    page.get_by_role("button", name="Submit self-assessment").click()
    page.wait_for_url("**/programmes/schools/*/")
    assert page.get_by_text("Your self-assessment is submitted").is_visible()
    second.check("school-submitted")

    # The action plan.
    _add_action(page, titles[0], "Write a one-page profile with each pupil", "SENCO")
    _add_action(page, titles[13], "Open the library as a quiet room at lunch", "Librarian")
    second.check("school-actions")
    assert ActionItem.objects.filter(enrolment=enrolment).count() == 2
    assert page.get_by_role(
        "heading", name="Open the library as a quiet room at lunch"
    ).is_visible()

    # Training and the parent carer group are done; the review is late.
    services.training_save(
        enrolment=enrolment,
        recorded_by=senco,
        counts={m.pk: 6 for m in TrainingModule.objects.filter(programme=cohort.programme)},
    )
    services.meeting_record(
        enrolment=enrolment,
        recorded_by=lead,
        held_on=timezone.localdate() - timedelta(days=100),
        attendance=9,
        themes="Lunchtimes",
    )
    lead_visitor = new_visitor("lead")
    sign_in_as(lead, lead_visitor)
    page = lead_visitor.page
    lead_visitor.goto("/programmes/")
    page.get_by_role("link", name="North East cohort").click()
    page.wait_for_url("**/programmes/cohorts/*/")
    lead_visitor.check("cohort-before-review")
    assert "Behind" in _school_figures(page, "Low Fell Primary School")
    assert "1.5" in _school_figures(page, "Low Fell Primary School")  # 8 at 2 and 8 at 1

    rate_all(enrolment, "review", [3] * 8 + [2] * 8, by=senco)
    page.reload()
    lead_visitor.check("cohort-after-review")
    text = _school_figures(page, "Low Fell Primary School")
    assert "On track" in text and "2.5" in text
    movement = page.get_by_role("row").filter(has_text=titles[0])
    assert "+1.0" in movement.inner_text()
    page.locator("a:visible", has_text="Low Fell Primary School").click()
    page.wait_for_url("**/programmes/schools/*/")
    lead_visitor.check("school-as-lead")
    assert page.get_by_role("columnheader", name="Review").is_visible()


def test_a_lead_records_a_young_peoples_group_meeting_and_their_words(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    lead = contact_make()
    group = group_make(leads=[lead], name="Exploring autism together")
    area = group.council_areas.first()
    assert area is not None
    sign_in_as(lead)
    page = visitor.page
    visitor.goto("/programmes/")
    page.get_by_role("link", name="Exploring autism together").click()
    page.wait_for_url("**/programmes/groups/*/")
    visitor.check("group-empty")
    page.get_by_role("link", name="Record a meeting").click()
    page.wait_for_url("**/meetings/new/")
    day = timezone.localdate() - timedelta(days=1)
    dates = page.get_by_role("group", name="Date")
    dates.get_by_label("Day").fill(str(day.day))
    dates.get_by_label("Month").fill(str(day.month))
    dates.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Where it met").fill("Youth hub")
    page.get_by_label("Council area").select_option(label=area.name)
    page.get_by_label("Strengths").check()
    page.get_by_label("Young people aged 14 to 16").fill("6")
    visitor.check("group-meeting-form")
    page.get_by_role("button", name="Record the meeting").click()
    page.wait_for_url("**/programmes/groups/*/")
    page.get_by_role("link", name="Add their words").click()
    page.wait_for_url("**/quotes/new/")
    page.get_by_label("Their words").fill("I notice patterns other people miss.")
    page.get_by_label("14 to 16").check()
    page.get_by_label("The young person agreed to share these words").check()
    page.get_by_role("button", name="Keep their words").click()
    page.wait_for_url("**/quotes/new/")
    visitor.check("quote-refused")
    assert page.get_by_role("link", name="A quote can only be kept if their parent carer agreed")
    page.get_by_label("Their parent carer agreed too").check()
    page.get_by_label("How they agreed").fill("Signed form kept by the group")
    page.get_by_role("button", name="Keep their words").click()
    page.wait_for_url("**/programmes/groups/*/")
    visitor.check("group-with-meeting")
    assert page.get_by_text("I notice patterns other people miss.").is_visible()


def test_a_lead_creates_a_framework_of_standards(visitor: Visitor, sign_in_as: SignInAs) -> None:
    lead = contact_make()
    cohort_make(leads=[lead])
    sign_in_as(lead)
    page = visitor.page
    visitor.goto("/programmes/")
    page.get_by_role("link", name="Create a framework").click()
    page.wait_for_url("**/frameworks/new/")
    page.get_by_role("button", name="Create the framework").click()
    page.wait_for_url("**/frameworks/new/")
    visitor.check("framework-name-missing")
    page.get_by_label("Name").fill("Belonging in college")
    page.get_by_role("button", name="Create the framework").click()
    page.wait_for_url("**/frameworks/*/")
    page.get_by_label("Name of the area").fill("Arriving")
    page.get_by_role("button", name="Add the area").click()
    page.wait_for_url("**/frameworks/*/")
    page.get_by_label("Area", exact=True).select_option(label="Arriving")
    page.get_by_label("Standard", exact=True).fill("A quiet base")
    page.get_by_label("What meeting it looks like").fill("Students know where to go.")
    page.get_by_role("button", name="Add the standard").click()
    page.wait_for_url("**/frameworks/*/")
    visitor.check("framework-filled")
    assert page.get_by_text("1.1 A quiet base").is_visible()
