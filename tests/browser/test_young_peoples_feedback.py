"""The young people's feedback form in Chromium, with axe-core on every page: the lead makes the
form for today's meeting, then two young people fill it in one after the other on one shared
phone, without signing in; the lead sees the counts. Also the pages where a lead manages
schools, contacts, cohorts and the family survey."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from consultations.models import Response
from programmes import services
from programmes.models import GroupMeeting
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.visitor import Visitor
from tests.forums.factories import forum_with_lead
from tests.programmes.factories import SchoolFactory, cohort_make, contact_make, enrol, group_make
from tests.types import NewVisitor, SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def _choose(page: Page, question: str, picture_and_word: str) -> None:
    page.get_by_role("group", name=question).get_by_role(
        "radio", name=picture_and_word, exact=True
    ).check()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], indirect=True, ids=["phone", "desktop"])
def test_two_young_people_give_feedback_on_one_shared_device(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    lead = contact_make()
    group = group_make(leads=[lead], name="Exploring autism together")
    area = group.council_areas.first()
    assert area is not None
    meeting = services.group_meeting_record(
        cohort=group,
        recorded_by=lead,
        held_on=timezone.localdate(),
        place="Gateshead Youth Hub",
        council_area=area,
        counts={"11_13": 4, "14_16": 3},
        theme_ids=[],
    )

    # The lead makes the form for the rest of today's meeting.
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/programmes/groups/{group.pk}/")
    page.get_by_role("link", name="Feedback form").click()
    page.wait_for_url("**/feedback/")
    visitor.check("feedback-lead-new")
    earlier = timezone.localtime() - timedelta(hours=1)
    starts = "00:00" if earlier.date() != timezone.localdate() else f"{earlier:%H:%M}"
    page.get_by_label("Start time").fill(starts)
    page.get_by_label("End time").fill("23:59")
    page.get_by_role("button", name="Make the feedback form").click()
    page.wait_for_url("**/feedback/")
    expect(page.get_by_text("The feedback form is ready.")).to_be_visible()
    visitor.check("feedback-lead-ready")
    meeting.refresh_from_db()
    assert meeting.feedback_form is not None
    link = f"/feedback/{meeting.feedback_form.open_link_token}/"

    # The shared device: nobody signs in.
    device = new_visitor("shared-device")
    phone = device.page
    device.goto(link)
    expect(phone.get_by_role("heading", name="Tell us about today")).to_be_visible()
    expect(phone.get_by_role("img", name="A smiling face").first).to_be_visible()
    # The first young person forgets a question: the form says which, in Easy Read words.
    _choose(phone, "How did you feel in the group today?", "A smiling face Good")
    _choose(phone, "Would you like to come again?", "A tick Yes")
    phone.get_by_role("button", name="Send").click()
    expect(
        phone.get_by_text("Choose a picture for if people listened to you.").first
    ).to_be_visible()
    assert phone.get_by_role("radio", name="A smiling face Good", exact=True).is_checked()
    device.check("feedback-missing")
    _choose(phone, "Did people listen to you?", "A wavy line Sometimes")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url("**/sent/")
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    device.check("feedback-sent")

    # The next young person gets an empty form.
    phone.get_by_role("link", name="Start a new form for the next person").click()
    phone.wait_for_url(f"**{link}")
    assert phone.locator("input[type=radio]:checked").count() == 0
    device.check("feedback-next")
    _choose(phone, "How did you feel in the group today?", "A face with a straight mouth OK")
    _choose(phone, "Did people listen to you?", "A tick Yes")
    _choose(phone, "Would you like to come again?", "A question mark Maybe")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url("**/sent/")

    assert Response.objects.submitted().filter(consultation=meeting.feedback_form).count() == 2
    assert not Response.objects.drafts().exists()

    # The lead sees counts only.
    visitor.goto(f"/programmes/group-meetings/{meeting.pk}/feedback/")
    expect(page.get_by_text("2 young people sent the form.")).to_be_visible()
    visitor.check("feedback-lead-counts")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], indirect=True, ids=["phone", "desktop"])
def test_a_lead_manages_schools_contacts_cohorts_and_the_family_survey(
    visitor: Visitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead()
    cohort = cohort_make(leads=[lead], name="North East cohort")
    enrolment = enrol(cohort, contact=contact_make(), school=SchoolFactory.create(name="Low Fell"))
    SchoolFactory.create(name="Riverside Academy", urn="990102")
    sign_in_as(lead)
    page = visitor.page

    visitor.goto(f"/programmes/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Add a school").click()
    page.wait_for_url("**/add-school/")
    visitor.check("enrol")
    page.get_by_role("link", name="Add a new school").click()
    page.wait_for_url("**/new-school/")
    page.get_by_label("School name").fill("Tees Bank Free School")
    page.get_by_label("URN (unique reference number)").fill("12345")
    page.get_by_role("button", name="Add the school").click()
    expect(page.get_by_text("Enter the URN as 6 numbers").first).to_be_visible()
    visitor.check("school-new-error")
    page.get_by_label("URN (unique reference number)").fill("990107")
    page.get_by_label("Council area").select_option(index=1)
    page.get_by_label("Secondary").check()
    page.get_by_label("Free school").check()
    page.get_by_role("button", name="Add the school").click()
    page.wait_for_url("**/school-details/*/")
    visitor.check("school-details")

    visitor.goto(f"/programmes/cohorts/{cohort.pk}/edit/")
    visitor.check("cohort-edit")
    visitor.goto("/programmes/cohorts/new/")
    visitor.check("cohort-new")
    visitor.goto(f"/programmes/schools/{enrolment.pk}/family-survey/")
    visitor.check("family-survey")
    assert GroupMeeting.objects.count() == 0
