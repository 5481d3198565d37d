"""Object-level access: a school's contact reaches only their own school, a programme lead only
their own cohorts and the schools in them. Someone else's ids are not found, for GET and POST,
and a refused POST changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from programmes import services
from programmes.models import (
    ActionItem,
    AssessmentRound,
    Cohort,
    Enrolment,
    ParentGroupMeeting,
    School,
    SchoolContact,
)
from tests.dates import gov_date
from tests.programmes.factories import (
    SchoolFactory,
    cohort_make,
    contact_make,
    enrol,
    group_make,
    standards,
)
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

SCHOOL_ROUTES = [
    ("programmes:school", {}),
    ("programmes:assessment", {"kind": "baseline"}),
    ("programmes:action_new", {}),
    ("programmes:training", {}),
    ("programmes:meeting_new", {}),
    ("programmes:family_survey", {}),
]


def _two_schools() -> tuple[User, User, Enrolment, Enrolment]:
    """Two cohorts with a lead each, one school in each with its own contact."""
    lead_a, lead_b = contact_make(), contact_make()
    contact_a, contact_b = contact_make(), contact_make()
    ours = enrol(cohort_make(leads=[lead_a], name="A"), contact=contact_a)
    theirs = enrol(cohort_make(leads=[lead_b], name="B"), contact=contact_b)
    return contact_a, lead_a, ours, theirs


def _post_data(enrolment: Enrolment) -> dict[str, object]:
    standard = standards()[0]
    module = enrolment.cohort.programme.modules.first()
    assert module is not None
    return {
        "action": "save",
        f"level_{standard.pk}": "3",
        "standard": standard.pk,
        "owner": "Me",
        **gov_date("due_on", timezone.localdate()),
        **gov_date("held_on", timezone.localdate()),
        "status": "done",
        "attendance": "4",
        f"module_{module.pk}": "5",
    }


def _counts() -> tuple[int, ...]:
    return (
        AssessmentRound.objects.count(),
        ActionItem.objects.count(),
        ParentGroupMeeting.objects.count(),
        Enrolment.objects.exclude(family_survey_held_on=None).count(),
    )


@pytest.mark.parametrize(("name", "extra"), SCHOOL_ROUTES)
@pytest.mark.parametrize("who", ["contact", "lead"])
def test_another_schools_pages_are_not_found(
    make_client: MakeClient, name: str, extra: dict[str, str], who: str
) -> None:
    contact, lead, ours, theirs = _two_schools()
    client = make_client(contact if who == "contact" else lead)
    url = reverse(name, kwargs={"pk": theirs.pk, **extra})
    before = _counts()
    assert client.get(url).status_code == 404
    # The school page takes no POST at all, whoever it is for.
    refused = 405 if name == "programmes:school" else 404
    assert client.post(url, _post_data(theirs)).status_code == refused
    assert _counts() == before
    # The same page of their own school is there, though the contact cannot record the
    # survey and the lead cannot write the school's action plan.
    own = client.get(reverse(name, kwargs={"pk": ours.pk, **extra})).status_code
    refused_own = {("contact", "programmes:family_survey"), ("lead", "programmes:action_new")}
    assert own == (403 if (who, name) in refused_own else 200)


def test_another_schools_action_is_not_found(make_client: MakeClient) -> None:
    contact, _, _, theirs = _two_schools()
    other_contact = theirs.school.contacts.get().user
    item = services.action_create(
        enrolment=theirs,
        created_by=other_contact,
        details=services.ActionDetails(
            standard_id=standards()[0].pk,
            action="Theirs",
            owner="Them",
            due_on=timezone.localdate(),
        ),
    )
    client = make_client(contact)
    url = reverse("programmes:action_edit", args=[item.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _post_data(theirs)).status_code == 404
    item.refresh_from_db()
    assert (item.action, item.status) == ("Theirs", "not_started")


def test_a_lead_sees_only_their_own_cohorts(make_client: MakeClient) -> None:
    _, lead, ours, theirs = _two_schools()
    client = make_client(lead)
    assert client.get(reverse("programmes:cohort", args=[ours.cohort_id])).status_code == 200
    assert client.get(reverse("programmes:cohort", args=[theirs.cohort_id])).status_code == 404
    export = reverse("programmes:cohort_export", args=[theirs.cohort_id])
    assert client.post(export).status_code == 404
    home = client.get(reverse("programmes:home")).content.decode()
    assert ">A</a>" in home and ">B</a>" not in home


def test_a_contact_cannot_reach_the_cohort_page(make_client: MakeClient) -> None:
    contact, _, ours, _ = _two_schools()
    url = reverse("programmes:cohort", args=[ours.cohort_id])
    assert make_client(contact).get(url).status_code == 404


def test_the_navigation_shows_programmes_only_to_people_in_one(
    make_client: MakeClient, parent: User
) -> None:
    contact, lead, _, _ = _two_schools()
    for person, shown in ((contact, True), (lead, True), (parent, False)):
        page = make_client(person).get(reverse("home")).content.decode()
        assert ('href="/programmes/"' in page) is shown


def _management_counts() -> tuple[int, ...]:
    return (
        School.objects.count(),
        SchoolContact.objects.count(),
        Enrolment.objects.count(),
        Cohort.objects.count(),
        School.objects.filter(name="Taken over").count(),
        Cohort.objects.filter(name="Taken over").count(),
    )


@pytest.mark.parametrize("who", ["contact", "lead"])
def test_another_schools_details_and_contacts_are_not_found(
    make_client: MakeClient, who: str
) -> None:
    contact, lead, ours, theirs = _two_schools()
    client = make_client(contact if who == "contact" else lead)
    school = theirs.school
    their_contact = school.contacts.get()
    SchoolContact.objects.create(school=school, user=contact_make(), role="senco")
    before = _management_counts()
    details = {
        "name": "Taken over",
        "urn": school.urn,
        "council_area": school.council_area_id,
        "phase": "primary",
        "school_type": "academy",
    }
    edit = reverse("programmes:school_edit", args=[school.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, details).status_code == 404
    add = reverse("programmes:school_contact_add", args=[school.pk])
    assert client.post(add, {"email": contact.email, "role": "senco"}).status_code == 404
    remove = reverse("programmes:school_contact_remove", args=[their_contact.pk])
    assert client.post(remove).status_code == 404
    assert _management_counts() == before
    # Their own school's page is there for both.
    assert client.get(reverse("programmes:school_edit", args=[ours.school_id])).status_code == 200


@pytest.mark.parametrize("name", ["cohort_edit", "cohort_enrol", "school_new"])
def test_another_leads_cohort_cannot_be_changed_or_added_to(
    make_client: MakeClient, name: str
) -> None:
    contact, lead, ours, theirs = _two_schools()
    spare = SchoolFactory.create()
    data = {
        "school": spare.pk,
        "name": "Taken over",
        "urn": "765432",
        "council_area": spare.council_area_id,
        "phase": "primary",
        "school_type": "academy",
        **gov_date("starts_on", theirs.cohort.starts_on),
        **gov_date("ends_on", theirs.cohort.ends_on),
    }
    before = _management_counts()
    for person in (lead, contact):
        client = make_client(person)
        url = reverse(f"programmes:{name}", args=[theirs.cohort_id])
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert _management_counts() == before
    own = reverse(f"programmes:{name}", args=[ours.cohort_id])
    assert make_client(lead).get(own).status_code == 200
    assert make_client(contact).get(own).status_code == 404


def test_another_groups_meeting_has_no_feedback_page_for_this_lead(
    make_client: MakeClient,
) -> None:
    lead, other_lead = contact_make(), contact_make()
    theirs = group_make(leads=[other_lead], name="Theirs")
    area = theirs.council_areas.first()
    assert area is not None
    meeting = services.group_meeting_record(
        cohort=theirs,
        recorded_by=other_lead,
        held_on=timezone.localdate(),
        place="Hub",
        council_area=area,
        counts={"14_16": 3},
        theme_ids=[],
    )
    group_make(leads=[lead], name="Ours")
    client = make_client(lead)
    url = reverse("programmes:group_meeting_feedback", args=[meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"starts": "00:00", "ends": "23:59"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.feedback_form is None
