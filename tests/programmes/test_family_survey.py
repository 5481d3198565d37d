"""The family survey is a consultation aimed at the school's families: the cohort's lead links
one that a forum they lead runs (or makes one), and the school and cohort pages show whether it
is open and how many families answered, small numbers suppressed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import Audience, Consultation
from core.suppression import TOO_FEW_TO_SHOW
from programmes import selectors, services
from programmes.models import MilestoneKind
from tests.consultations.factories import make_consultation, responses_add
from tests.forums.factories import forum_with_lead
from tests.programmes.factories import cohort_make, contact_make, enrol
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_a_lead_links_their_forums_consultation_and_the_pages_show_it(
    make_client: MakeClient,
) -> None:
    forum, lead = forum_with_lead()
    cohort = cohort_make(leads=[lead])
    enrolment = enrol(cohort, contact=contact_make())
    survey = make_consultation(forum, lead, title="Families of Low Fell", audience="open_link")
    client = make_client(lead)
    url = reverse("programmes:family_survey", args=[enrolment.pk])
    assert client.post(url, {"link": "1", "consultation": survey.pk}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.family_survey == survey
    # It opened yesterday, so the milestone is met on its opening day.
    milestone = enrolment.milestones.get(kind=MilestoneKind.FAMILY_SURVEY)
    assert milestone.met_on == timezone.localdate(survey.opens_at)

    responses_add(survey, 3)
    school_page = client.get(reverse("programmes:school", args=[enrolment.pk])).content.decode()
    assert "Families of Low Fell" in school_page and "Open" in school_page
    assert TOO_FEW_TO_SHOW in school_page  # 3 families: too few to show
    responses_add(survey, 4, seed=10)
    cohort_page = client.get(reverse("programmes:cohort", args=[cohort.pk])).content.decode()
    assert "Answered: 7" in cohort_page
    status = selectors.family_survey_status(enrolment)
    assert status is not None and status.responses == "7" and status.status == "Open"


def test_a_consultation_the_lead_does_not_run_cannot_be_linked(make_client: MakeClient) -> None:
    forum, lead = forum_with_lead()
    other_forum, other_lead = forum_with_lead("Sunderland")
    cohort = cohort_make(leads=[lead])
    enrolment = enrol(cohort)
    theirs = make_consultation(other_forum, other_lead)
    response = make_client(lead).post(
        reverse("programmes:family_survey", args=[enrolment.pk]),
        {"link": "1", "consultation": theirs.pk},
    )
    assert response.status_code == 400
    assert "Choose a consultation from the list" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.family_survey is None
    with pytest.raises(ValidationError, match="a forum you lead"):
        services.family_survey_link(enrolment=enrolment, linked_by=lead, consultation=theirs)


def test_a_lead_makes_a_new_survey_and_goes_on_to_write_its_questions(
    make_client: MakeClient,
) -> None:
    forum, lead = forum_with_lead()
    cohort = cohort_make(leads=[lead], start=timezone.localdate() - timedelta(days=30))
    enrolment = enrol(cohort)
    client = make_client(lead)
    url = reverse("programmes:family_survey", args=[enrolment.pk])
    made = client.post(url, {"create": "1", "forum": forum.pk})
    survey = Consultation.objects.get()
    assert made.status_code == 302
    assert made["Location"] == reverse("consultations:builder", args=[survey.pk])
    assert survey.forum == forum and survey.is_draft and survey.audience == Audience.OPEN_LINK
    assert survey.title == f"Family survey: {enrolment.school.name}"
    assert timezone.localdate(survey.opens_at) == cohort.family_survey_on
    enrolment.refresh_from_db()
    assert enrolment.family_survey == survey
    # A draft has not run, so the milestone waits.
    assert enrolment.milestones.get(kind=MilestoneKind.FAMILY_SURVEY).met_on is None
    page = client.get(reverse("programmes:school", args=[enrolment.pk])).content.decode()
    assert "Opens once it is launched" in page


def test_a_lead_who_leads_no_forum_is_told_how_to_go_on(make_client: MakeClient) -> None:
    lead = contact_make()
    enrolment = enrol(cohort_make(leads=[lead]))
    url = reverse("programmes:family_survey", args=[enrolment.pk])
    page = make_client(lead).get(url).content.decode()
    assert "You do not lead a forum" in page
    refused = make_client(lead).post(url, {"create": "1", "forum": "1"})
    assert refused.status_code == 400
    assert "Choose a forum from the list" in refused.content.decode()
    assert not Consultation.objects.exists()


def test_the_school_contact_sees_the_survey_but_cannot_change_it(
    make_client: MakeClient,
) -> None:
    forum, lead = forum_with_lead()
    contact = contact_make()
    enrolment = enrol(cohort_make(leads=[lead]), contact=contact)
    survey = make_consultation(forum, lead, title="Families of Riverside")
    services.family_survey_link(enrolment=enrolment, linked_by=lead, consultation=survey)
    client = make_client(contact)
    page = client.get(reverse("programmes:school", args=[enrolment.pk])).content.decode()
    assert "Families of Riverside" in page
    url = reverse("programmes:family_survey", args=[enrolment.pk])
    assert client.post(url, {"link": "1", "consultation": survey.pk}).status_code == 403
