"""Programmes in the access matrix (tests/access.py). The matrix's practitioner is a contact of
``enrolment``'s school and its lead leads that school's cohort; ``cohort`` is that cohort,
and ``group`` a young people's group the lead runs.
Another school in another cohort (see test_object_access.py) is not found by either of them."""

from __future__ import annotations

from django.utils import timezone

from tests.access import Route, changes, signed_in
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
    "programmes:cohort_export": Route(
        signed_in("405"), {"pk": "{cohort.pk}"}, post=leads(changes("200"))
    ),
}
