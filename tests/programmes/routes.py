"""Programmes in the access matrix (tests/access.py). The matrix's practitioner is a contact of
``enrolment``'s school and its lead leads that school's cohort; ``cohort`` is that cohort,
and ``group`` a young people's group the lead runs.
Another school in another cohort (see test_object_access.py) is not found by either of them."""

from __future__ import annotations

from django.utils import timezone

from tests.access import Route, changes, everyone, signed_in
from tests.dates import gov_date

ENROLMENT = {"pk": "{enrolment.pk}"}
TO_SCHOOL = "->/programmes/schools/N/"


def viewers(outcome: str, *, lead: str | None = None, staff: str | None = None) -> dict[str, str]:
    """The school's contact (the practitioner), the cohort's lead and staff see a school;
    nobody else finds it."""
    return {
        **signed_in("404"),
        "practitioner": outcome,
        "lead": outcome if lead is None else lead,
        "staff": outcome if staff is None else staff,
    }


def leads(outcome: str) -> dict[str, str]:
    return {**signed_in("404"), "lead": outcome, "staff": outcome}


def programme_leads(outcome: str) -> dict[str, str]:
    """Pages for any programme lead (not about one object): others are refused, not misled."""
    return {**signed_in("403"), "lead": outcome, "staff": outcome}


SCHOOL = {"pk": "{enrolment.school.pk}"}
TO_SCHOOL_DETAILS = "->/programmes/school-details/N/"
TO_COHORT = "->/programmes/cohorts/N/"
FEEDBACK = {"token": "{feedback_form.open_link_token}"}


def cohort_form() -> dict[str, object]:
    today = timezone.localdate()
    return {
        "programme": "{cohort.programme.pk}",
        "name": "Matrix cohort",
        **gov_date("starts_on", today),
        **gov_date("ends_on", today.replace(year=today.year + 1)),
        **gov_date("baseline_due_on", today),
        **gov_date("training_due_on", today),
        **gov_date("parent_group_due_on", today),
        **gov_date("review_due_on", today),
        **gov_date("family_survey_on", today),
        "council_areas": ["{group_area.pk}"],
    }


def school_form(urn: str) -> dict[str, object]:
    return {
        "name": "Matrix School",
        "urn": urn,
        "council_area": "{group_area.pk}",
        "phase": "primary",
        "school_type": "academy",
    }


# Frameworks are for programme leads: anyone else signed in is refused (a forum's lead leads no
# programme for that).
NOT_PROGRAMME_LEADS = dict.fromkeys(
    ("parent_carer", "practitioner", "commissioner", "forum_member", "other_lead"), "403"
)


def action_form() -> dict[str, object]:
    return {
        "standard": "{standard.pk}",
        "action": "Agree a quiet room",
        "owner": "SENCO",
        **gov_date("due_on", timezone.localdate()),
        "status": "in_progress",
    }


ROUTES: dict[str, Route] = {
    "programmes:home": Route(
        {**signed_in("403"), "practitioner": "200", "lead": "200", "staff": "200"},
        post=signed_in("405"),
    ),
    "programmes:school": Route(viewers("200"), ENROLMENT, post=signed_in("405")),
    "programmes:assessment": Route(
        viewers("200"),
        {**ENROLMENT, "kind": "baseline"},
        post=viewers(changes(TO_SCHOOL), lead="403", staff="403"),
        data={"action": "save", "evidence_{standard.pk}": "Profiles written"},
    ),
    "programmes:action_new": Route(
        viewers("200", lead="403", staff="403"),
        ENROLMENT,
        post=viewers(changes(TO_SCHOOL), lead="403", staff="403"),
        data=action_form(),
        owner="practitioner",  # the school's contact
    ),
    "programmes:action_edit": Route(
        viewers("200", lead="403", staff="403"),
        {"pk": "{action_item.pk}"},
        post=viewers(changes(TO_SCHOOL), lead="403", staff="403"),
        data=action_form(),
        owner="practitioner",  # the school's contact
    ),
    "programmes:training": Route(
        viewers("200"),
        ENROLMENT,
        post=viewers(changes(TO_SCHOOL)),
        data={"module_{module.pk}": "4"},
    ),
    "programmes:meeting_new": Route(
        viewers("200"),
        ENROLMENT,
        post=viewers(changes(TO_SCHOOL)),
        data={**gov_date("held_on", timezone.localdate()), "attendance": "6", "themes": "Uniform"},
    ),
    "programmes:family_survey": Route(
        viewers("200", lead="200", staff="200") | {"practitioner": "403"},
        ENROLMENT,
        post=leads(changes(TO_SCHOOL)) | {"practitioner": "403"},
        data=gov_date("held_on", timezone.localdate()),
    ),
    "programmes:group": Route(leads("200"), {"pk": "{group.pk}"}, post=signed_in("405")),
    "programmes:group_meeting_new": Route(
        leads("200"),
        {"pk": "{group.pk}"},
        post=leads(changes("->/programmes/groups/N/")),
        data={
            **gov_date("held_on", timezone.localdate()),
            "place": "Youth hub",
            "council_area": "{group_area.pk}",
            "band_14_16": "4",
        },
    ),
    "programmes:quote_new": Route(
        leads("200"),
        {"pk": "{group_meeting.pk}"},
        post=leads(changes("->/programmes/groups/N/")),
        data={
            "text": "I like knowing what comes next.",
            "age_band": "14_16",
            "young_person_agreed": "on",
            "parent_carer_agreed": "on",
            "consent_how": "Signed form",
        },
    ),
    "programmes:framework_new": Route(
        leads("200") | NOT_PROGRAMME_LEADS,
        post=leads(changes("->/programmes/frameworks/N/")) | NOT_PROGRAMME_LEADS,
        data={"name": "Matrix framework", "description": "For the matrix."},
    ),
    "programmes:framework": Route(
        leads("200") | NOT_PROGRAMME_LEADS,
        {"pk": "{lead_framework.pk}"},
        post=leads(changes("->/programmes/frameworks/N/")) | NOT_PROGRAMME_LEADS,
        data={"add_area": "1", "name": "Belonging"},
    ),
    "programmes:cohort": Route(leads("200"), {"pk": "{cohort.pk}"}, post=signed_in("405")),
    "programmes:cohort_export": Route(signed_in("405"), {"pk": "{cohort.pk}"}, post=leads("200")),
    "programmes:cohort_new": Route(
        programme_leads("200"),
        post=programme_leads(changes(TO_COHORT)),
        data=cohort_form(),
    ),
    "programmes:cohort_edit": Route(
        leads("200"), {"pk": "{cohort.pk}"}, post=leads(changes(TO_COHORT)), data=cohort_form()
    ),
    "programmes:cohort_enrol": Route(
        leads("200"),
        {"pk": "{cohort.pk}"},
        post=leads(changes(TO_COHORT)),
        data={"school": "{spare_school.pk}"},
    ),
    "programmes:school_new": Route(
        leads("200"),
        {"pk": "{cohort.pk}"},
        post=leads(changes(TO_SCHOOL_DETAILS)),
        data=school_form("654321"),
    ),
    "programmes:school_edit": Route(
        viewers("200"),
        SCHOOL,
        post=viewers(changes(TO_SCHOOL_DETAILS)),
        data=school_form("{enrolment.school.urn}"),
    ),
    "programmes:school_contact_add": Route(
        signed_in("405"),
        SCHOOL,
        post=viewers(changes(TO_SCHOOL_DETAILS)),
        data={"email": "{parent_carer.email}", "role": "autism_champion"},
    ),
    "programmes:school_contact_remove": Route(
        signed_in("405"),
        {"pk": "{spare_contact.pk}"},
        post=viewers(changes(TO_SCHOOL_DETAILS)),
    ),
    "programmes:group_meeting_feedback": Route(
        leads("200"),
        {"pk": "{today_meeting.pk}"},
        post=leads(changes("->/programmes/group-meetings/N/feedback/")),
        data={"starts": "00:00", "ends": "23:59"},
    ),
    "programmes:feedback_form": Route(
        everyone("200"),
        FEEDBACK,
        post=everyone(changes("->/feedback/FEEDBACK/sent/")),
        data={
            "form_key": "matrix-form-key-000000000000",
            "q{feedback_question_one.pk}": "{feedback_choice_one.pk}",
            "q{feedback_question_two.pk}": "{feedback_choice_two.pk}",
            "q{feedback_question_three.pk}": "{feedback_choice_three.pk}",
        },
    ),
    "programmes:feedback_sent": Route(everyone("200"), FEEDBACK, post=everyone("405")),
}
