"""Schools, their contacts, cohorts and enrolments, changed in the service: a lead only in their
own cohorts, a school contact only for their own school; bad input keeps what was typed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from programmes import services
from programmes.models import Cohort, Enrolment, Milestone, MilestoneKind, School, SchoolContact
from tests.accounts.factories import UserFactory
from tests.dates import gov_date
from tests.forums.factories import CouncilAreaFactory
from tests.programmes.factories import SchoolFactory, cohort_make, contact_make, enrol
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _school_form(area_pk: int, **changes: object) -> dict[str, object]:
    return {
        "name": "Hollins Hill Primary",
        "urn": "108412",
        "council_area": area_pk,
        "phase": "primary",
        "school_type": "maintained",
        **changes,
    }


def test_a_lead_adds_a_new_school_to_their_cohort_with_its_milestones(
    make_client: MakeClient,
) -> None:
    lead = contact_make()
    cohort = cohort_make(leads=[lead])
    area = CouncilAreaFactory.create()
    response = make_client(lead).post(
        reverse("programmes:school_new", args=[cohort.pk]), _school_form(area.pk, urn=" 108412 ")
    )
    school = School.objects.get(urn="108412")
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes:school_edit", args=[school.pk])
    enrolment = Enrolment.objects.get(cohort=cohort, school=school)
    assert {m.kind: m.due_on for m in enrolment.milestones.all()} == {
        MilestoneKind.BASELINE: cohort.baseline_due_on,
        MilestoneKind.TRAINING: cohort.training_due_on,
        MilestoneKind.PARENT_GROUP: cohort.parent_group_due_on,
        MilestoneKind.REVIEW: cohort.review_due_on,
        MilestoneKind.FAMILY_SURVEY: cohort.family_survey_on,
    }


@pytest.mark.parametrize(
    ("urn", "message"),
    [
        ("12345", "Enter the URN as 6 numbers, for example 108412"),
        ("1234567", "Enter the URN as 6 numbers, for example 108412"),
        ("12a456", "Enter the URN as 6 numbers, for example 108412"),
        ("", "Enter the school&#x27;s URN"),
        ("100001", "A school with this URN already exists"),
    ],
)
def test_a_bad_urn_gets_a_clear_message_and_keeps_what_was_typed(
    make_client: MakeClient, urn: str, message: str
) -> None:
    lead = contact_make()
    cohort = cohort_make(leads=[lead])
    SchoolFactory.create(urn="100001", name="Already here")
    area = CouncilAreaFactory.create()
    response = make_client(lead).post(
        reverse("programmes:school_new", args=[cohort.pk]),
        _school_form(area.pk, urn=urn, name="Tees Bank Free School"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Tees Bank Free School"' in page and f'value="{urn}"' in page
    assert School.objects.count() == 1 and not Enrolment.objects.exists()


def test_a_lead_cannot_add_schools_to_another_leads_cohort(make_client: MakeClient) -> None:
    lead = contact_make()
    theirs = cohort_make(leads=[contact_make()])
    area = CouncilAreaFactory.create()
    client = make_client(lead)
    assert client.get(reverse("programmes:school_new", args=[theirs.pk])).status_code == 404
    refused = client.post(reverse("programmes:school_new", args=[theirs.pk]), _school_form(area.pk))
    assert refused.status_code == 404
    with pytest.raises(PermissionDenied):
        services.enrolment_add(
            cohort=theirs,
            added_by=lead,
            school=SchoolFactory.create(),
            enrolled_on=timezone.localdate(),
        )
    assert not Enrolment.objects.exists()


def test_a_school_contact_changes_only_their_own_school(make_client: MakeClient) -> None:
    contact = contact_make()
    cohort = cohort_make(leads=[contact_make()])
    own = enrol(cohort, contact=contact).school
    other = enrol(cohort, contact=contact_make()).school
    client = make_client(contact)
    url = reverse("programmes:school_edit", args=[own.pk])
    changed = client.post(
        url, _school_form(own.council_area_id, name="Low Fell Primary", urn=own.urn)
    )
    assert changed.status_code == 302
    own.refresh_from_db()
    assert own.name == "Low Fell Primary"
    assert client.get(reverse("programmes:school_edit", args=[other.pk])).status_code == 404
    refused = client.post(
        reverse("programmes:school_edit", args=[other.pk]),
        _school_form(other.council_area_id, name="Taken over", urn=other.urn),
    )
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.name != "Taken over"


def test_changing_a_school_to_a_urn_in_use_is_refused_and_kept_on_the_page(
    make_client: MakeClient,
) -> None:
    contact = contact_make()
    cohort = cohort_make(leads=[contact_make()])
    own = enrol(cohort, contact=contact).school
    SchoolFactory.create(urn="222222")
    response = make_client(contact).post(
        reverse("programmes:school_edit", args=[own.pk]),
        _school_form(own.council_area_id, name="New name", urn="222222"),
    )
    page = response.content.decode()
    assert "A school with this URN already exists" in page
    assert 'value="New name"' in page and 'value="222222"' in page
    own.refresh_from_db()
    assert own.urn != "222222" and own.name != "New name"


def test_contacts_are_added_by_email_once_and_the_last_one_stays(
    make_client: MakeClient,
) -> None:
    contact = contact_make()
    school = enrol(cohort_make(), contact=contact).school
    colleague = UserFactory.create(email="champion@example.org")
    client = make_client(contact)
    url = reverse("programmes:school_contact_add", args=[school.pk])
    unknown = client.post(url, {"email": "nobody@example.org", "role": "senco"})
    assert "Nobody with this email address has an account" in unknown.content.decode()
    assert 'value="nobody@example.org"' in unknown.content.decode()
    for _ in range(2):
        added = client.post(url, {"email": "Champion@Example.org", "role": "autism_champion"})
        assert added.status_code == 302
    assert SchoolContact.objects.filter(school=school, user=colleague).count() == 1

    own = SchoolContact.objects.get(school=school, user=contact)
    theirs = SchoolContact.objects.get(school=school, user=colleague)
    remove = reverse("programmes:school_contact_remove", args=[theirs.pk])
    assert client.post(remove).status_code == 302
    assert not SchoolContact.objects.filter(pk=theirs.pk).exists()
    # Removing twice finds nothing the second time; the last contact is kept.
    assert client.post(remove).status_code == 404
    last = client.post(reverse("programmes:school_contact_remove", args=[own.pk]), follow=True)
    assert "A school needs at least one contact" in last.content.decode()
    assert SchoolContact.objects.filter(pk=own.pk).exists()


def test_a_contact_of_another_school_cannot_remove_contacts(make_client: MakeClient) -> None:
    cohort = cohort_make()
    target = enrol(cohort, contact=contact_make())
    SchoolContact.objects.create(school=target.school, user=contact_make(), role="senco")
    stranger = contact_make()
    enrol(cohort, contact=stranger)
    victim = SchoolContact.objects.filter(school=target.school).first()
    assert victim is not None
    response = make_client(stranger).post(
        reverse("programmes:school_contact_remove", args=[victim.pk])
    )
    assert response.status_code == 404
    assert SchoolContact.objects.filter(pk=victim.pk).exists()
    with pytest.raises(PermissionDenied):
        services.school_contact_remove(contact=victim, removed_by=stranger)


def _cohort_form(start: object, **changes: object) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "name": "North East cohort 2027",
        **gov_date("starts_on", today),
        **gov_date("ends_on", today + timedelta(days=365)),
        **gov_date("baseline_due_on", today + timedelta(days=30)),
        **gov_date("training_due_on", today + timedelta(days=90)),
        **gov_date("parent_group_due_on", today + timedelta(days=120)),
        **gov_date("review_due_on", today + timedelta(days=270)),
        **gov_date("family_survey_on", today + timedelta(days=330)),
        **({"programme": start} if start is not None else {}),
        **changes,
    }


def test_a_lead_starts_a_cohort_they_then_lead(make_client: MakeClient) -> None:
    lead = contact_make()
    existing = cohort_make(leads=[lead])
    area = CouncilAreaFactory.create()
    client = make_client(lead)
    url = reverse("programmes:cohort_new")
    made = client.post(url, _cohort_form(existing.programme_id, council_areas=[area.pk]))
    assert made.status_code == 302
    cohort = Cohort.objects.get(name="North East cohort 2027")
    assert list(cohort.leads.all()) == [lead]
    assert list(cohort.council_areas.all()) == [area]
    # Someone who leads nothing may not start one.
    assert make_client(contact_make()).get(url).status_code == 403


def test_cohort_dates_that_do_not_fit_are_refused_with_what_was_typed(
    make_client: MakeClient,
) -> None:
    lead = contact_make()
    existing = cohort_make(leads=[lead])
    today = timezone.localdate()
    response = make_client(lead).post(
        reverse("programmes:cohort_new"),
        _cohort_form(
            existing.programme_id,
            **gov_date("ends_on", today - timedelta(days=1)),
            **{"review_due_on_0": "31", "review_due_on_1": "2"},
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The review date must be a real date" in page
    assert 'value="North East cohort 2027"' in page
    assert Cohort.objects.count() == 1
    backwards = make_client(lead).post(
        reverse("programmes:cohort_new"),
        _cohort_form(existing.programme_id, **gov_date("ends_on", today - timedelta(days=1))),
    )
    assert "The end date must be on or after the start date" in backwards.content.decode()
    assert Cohort.objects.count() == 1


def test_changing_the_schedule_moves_every_schools_milestone(make_client: MakeClient) -> None:
    lead = contact_make()
    cohort = cohort_make(leads=[lead], start=timezone.localdate())
    enrolments = [enrol(cohort) for _ in range(3)]
    later = timezone.localdate() + timedelta(days=45)
    response = make_client(lead).post(
        reverse("programmes:cohort_edit", args=[cohort.pk]),
        _cohort_form(None, **gov_date("baseline_due_on", later)),
    )
    assert response.status_code == 302
    due = Milestone.objects.filter(
        enrolment__in=enrolments, kind=MilestoneKind.BASELINE
    ).values_list("due_on", flat=True)
    assert set(due) == {later}
    other = contact_make()
    assert (
        make_client(other).get(reverse("programmes:cohort_edit", args=[cohort.pk])).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        services.cohort_update(
            cohort=cohort,
            edited_by=other,
            details=services.CohortDetails(
                name="x",
                starts_on=cohort.starts_on,
                ends_on=cohort.ends_on,
                baseline_due_on=cohort.baseline_due_on,
                training_due_on=cohort.training_due_on,
                parent_group_due_on=cohort.parent_group_due_on,
                review_due_on=cohort.review_due_on,
                family_survey_on=cohort.family_survey_on,
            ),
        )


def test_enrolling_a_school_twice_places_it_once(make_client: MakeClient) -> None:
    lead = contact_make()
    cohort = cohort_make(leads=[lead])
    school = SchoolFactory.create()
    client = make_client(lead)
    url = reverse("programmes:cohort_enrol", args=[cohort.pk])
    assert client.post(url, {"school": school.pk}).status_code == 302
    # A second press: the school is no longer offered, so the form says so; nothing doubles.
    again = client.post(url, {"school": school.pk})
    assert "Choose a school from the list" in again.content.decode()
    assert Enrolment.objects.filter(cohort=cohort, school=school).count() == 1
    assert Milestone.objects.filter(enrolment__cohort=cohort).count() == 5
    bad = client.post(url, {"school": "nonsense"})
    assert bad.status_code == 200 and "Choose a school from the list" in bad.content.decode()


def test_services_refuse_bad_schedules_and_unknown_roles() -> None:
    lead = contact_make()
    cohort = cohort_make(leads=[lead])
    school = enrol(cohort, contact=lead).school
    with pytest.raises(ValidationError, match="Choose a role"):
        services.school_contact_add(school=school, added_by=lead, email=lead.email, role="boss")
    details = services.CohortDetails(
        name="Out of range",
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        baseline_due_on=cohort.ends_on + timedelta(days=1),
        training_due_on=cohort.training_due_on,
        parent_group_due_on=cohort.parent_group_due_on,
        review_due_on=cohort.review_due_on,
        family_survey_on=cohort.family_survey_on,
    )
    with pytest.raises(ValidationError, match="between the cohort's start and end"):
        services.cohort_update(cohort=cohort, edited_by=lead, details=details)


@pytest.mark.parametrize("size", [2, 20])
def test_the_school_page_of_contacts_and_the_enrol_list_do_not_grow_in_queries(
    make_client: MakeClient, django_assert_max_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    lead = contact_make()
    cohort = cohort_make(leads=[lead])
    school = enrol(cohort, contact=lead).school
    for _ in range(size):
        SchoolContact.objects.create(school=school, user=contact_make(), role="senco")
        SchoolFactory.create()
    client = make_client(lead)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("programmes:school_edit", args=[school.pk]))
    assert page.content.decode().count("Remove<span") == size + 1
    with django_assert_max_num_queries(10):
        enrol_page = client.get(reverse("programmes:cohort_enrol", args=[cohort.pk]))
    assert enrol_page.content.decode().count("<option value=") == size + 1
