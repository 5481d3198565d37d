"""The school's pages: action plan, training, parent carer group meetings, family survey, and
the school page that brings them together. Bad input gets a message and keeps what was typed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes import services
from programmes.models import ActionItem, MilestoneKind, ParentGroupMeeting, TrainingRecord
from tests.dates import gov_date
from tests.forums.factories import CouncilAreaFactory
from tests.programmes.factories import (
    SchoolFactory,
    cohort_make,
    contact_make,
    enrol,
    rate_all,
    standards,
)
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_a_contact_adds_and_changes_action_plan_items(make_client: MakeClient) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    client = make_client(contact)
    standard = standards()[2]
    due = timezone.localdate() + timedelta(days=30)
    response = client.post(
        reverse("programmes:action_new", args=[enrolment.pk]),
        {
            "standard": standard.pk,
            "action": "Agree a quiet room",
            "owner": "SENCO",
            **gov_date("due_on", due),
            "status": "not_started",
        },
    )
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.standard, item.owner, item.due_on) == (standard, "SENCO", due)

    response = client.post(
        reverse("programmes:action_edit", args=[item.pk]),
        {
            "standard": standard.pk,
            "action": "Agree a quiet room",
            "owner": "SENCO",
            **gov_date("due_on", due),
            "status": "done",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"
    page = client.get(reverse("programmes:school", args=[enrolment.pk])).content.decode()
    assert "Agree a quiet room" in page and "Done: <strong>1</strong>" in page


def test_a_bad_action_keeps_what_was_typed(make_client: MakeClient) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    response = make_client(contact).post(
        reverse("programmes:action_new", args=[enrolment.pk]),
        {
            "standard": "999999",
            "action": "Train lunchtime staff",
            "owner": "",
            "due_on_0": "31",
            "due_on_1": "2",
            "due_on_2": "2027",
            "status": "finished",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Choose a standard from the list",
        "Enter who will do it",
        "The due date must be a real date",
        "Choose a status from the list",
    ):
        assert message in page
    assert "Train lunchtime staff" in page
    assert not ActionItem.objects.exists()


def test_training_counts_are_saved_and_meet_the_milestone_when_every_module_has_staff(
    make_client: MakeClient,
) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    modules = list(enrolment.cohort.programme.modules.all())
    client = make_client(contact)
    url = reverse("programmes:training", args=[enrolment.pk])
    response = client.post(url, {f"module_{modules[0].pk}": "-2", f"module_{modules[1].pk}": "x"})
    page = response.content.decode()
    assert "The number of staff cannot be below 0" in page
    assert "as a number" in page
    assert not TrainingRecord.objects.exists()
    client.post(url, {f"module_{modules[0].pk}": "12"})
    assert not enrolment.milestones.get(kind=MilestoneKind.TRAINING).is_met
    client.post(url, {f"module_{m.pk}": "3" for m in modules})
    assert sorted(TrainingRecord.objects.values_list("staff_completed", flat=True)) == [3, 3, 3]
    assert enrolment.milestones.get(kind=MilestoneKind.TRAINING).is_met


def test_meetings_are_recorded_by_contacts_and_leads_not_in_the_future(
    make_client: MakeClient,
) -> None:
    lead, contact = contact_make(), contact_make()
    enrolment = enrol(cohort_make(leads=[lead]), contact=contact)
    url = reverse("programmes:meeting_new", args=[enrolment.pk])
    future = timezone.localdate() + timedelta(days=3)
    response = make_client(contact).post(
        url, {**gov_date("held_on", future), "attendance": "7", "themes": "Uniform"}
    )
    assert "The meeting date must be today or in the past" in response.content.decode()
    assert "Uniform" in response.content.decode()
    held = timezone.localdate() - timedelta(days=2)
    make_client(lead).post(url, {**gov_date("held_on", held), "attendance": "7", "themes": ""})
    meeting = ParentGroupMeeting.objects.get()
    assert (meeting.attendance, meeting.recorded_by) == (7, lead)
    assert enrolment.milestones.get(kind=MilestoneKind.PARENT_GROUP).met_on == held


def test_the_family_survey_date_is_recorded_by_the_lead(make_client: MakeClient) -> None:
    lead, contact = contact_make(), contact_make()
    enrolment = enrol(cohort_make(leads=[lead]), contact=contact)
    url = reverse("programmes:family_survey", args=[enrolment.pk])
    assert make_client(contact).get(url).status_code == 403
    day = timezone.localdate() - timedelta(days=1)
    make_client(lead).post(url, gov_date("held_on", day))
    enrolment.refresh_from_db()
    assert enrolment.family_survey_held_on == day
    assert enrolment.milestones.get(kind=MilestoneKind.FAMILY_SURVEY).met_on == day


def test_enrolment_takes_the_cohorts_schedule_once() -> None:
    cohort = cohort_make()
    enrolment = enrol(cohort)
    services.enrolment_create(
        cohort=cohort, school=enrolment.school, enrolled_on=timezone.localdate()
    )
    assert dict(enrolment.milestones.values_list("kind", "due_on")) == {
        "baseline": cohort.baseline_due_on,
        "training": cohort.training_due_on,
        "parent_group": cohort.parent_group_due_on,
        "review": cohort.review_due_on,
        "family_survey": cohort.family_survey_on,
    }


@pytest.mark.parametrize("urn", ["12345", "1234567", "12a456", "", "１２３４５６"])
def test_a_urn_is_six_numbers(urn: str) -> None:
    with pytest.raises(ValidationError, match="6 numbers"):
        services.school_create(
            name="Low Fell",
            urn=urn,
            council_area=CouncilAreaFactory.create(),
            phase="primary",
            school_type="academy",
        )


def test_a_urn_is_held_once() -> None:
    SchoolFactory.create(urn="108412")
    with pytest.raises(ValidationError, match="this URN already exists"):
        services.school_create(
            name="Another",
            urn="108412",
            council_area=CouncilAreaFactory.create(),
            phase="primary",
            school_type="academy",
        )


def test_the_school_page_shows_progress_as_bars_and_a_table(make_client: MakeClient) -> None:
    contact = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    rate_all(enrolment, "baseline", 1, by=contact)
    rate_all(enrolment, "review", 3, by=contact)
    page = make_client(contact).get(reverse("programmes:school", args=[enrolment.pk])).content
    text = page.decode()
    assert 'aria-hidden="true"' in text and 'width="75.0"' in text and 'width="25.0"' in text
    assert "Progress by area" in text and "+2.0" in text


def test_the_school_page_marks_late_milestones(make_client: MakeClient) -> None:
    contact = contact_make()
    # Started a year ago: every milestone is past its date.
    enrolment = enrol(cohort_make(), contact=contact)
    rate_all(enrolment, "baseline", 2, by=contact)
    page = make_client(contact).get(reverse("programmes:school", args=[enrolment.pk])).content
    text = page.decode()
    assert text.count(">Late</strong>") == 4
    assert "Not done yet" not in text
