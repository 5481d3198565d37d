"""Young people's groups: meetings hold counts by age band and themes from the programme's list,
never names; a young person's words are kept only with their and their parent carer's
agreement, recorded with the quote."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from programmes import selectors, services
from programmes.models import GroupAttendance, GroupMeeting, Quote, Theme
from tests.dates import gov_date
from tests.programmes.factories import cohort_make, contact_make, group_make
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _meeting_form(
    cohort_area_pk: int, theme_pks: list[int], **changes: object
) -> dict[str, object]:
    return {
        **gov_date("held_on", timezone.localdate() - timedelta(days=1)),
        "place": "Youth hub",
        "council_area": cohort_area_pk,
        "themes": theme_pks,
        "band_11_13": "3",
        "band_14_16": "5",
        **changes,
    }


def test_a_lead_records_meetings_and_sees_the_counts(make_client: MakeClient) -> None:
    lead = contact_make()
    group = group_make(leads=[lead])
    area = group.council_areas.first()
    assert area is not None
    strengths, school = (
        Theme.objects.get(name="Strengths").pk,
        Theme.objects.get(name="School").pk,
    )
    client = make_client(lead)
    url = reverse("programmes:group_meeting_new", args=[group.pk])
    assert client.post(url, _meeting_form(area.pk, [strengths, school])).status_code == 302
    assert client.post(url, _meeting_form(area.pk, [strengths], band_11_13="")).status_code == 302
    summary = selectors.group_summary(group)
    # 3 + 5 at the first meeting, 5 at the second.
    assert dict(summary.young_people_by_band) == {
        "Under 11": 0,
        "11 to 13": 3,
        "14 to 16": 10,
        "17 to 19": 0,
        "20 to 25": 0,
    }
    assert summary.young_people == 13
    assert summary.themes == [("Strengths", 2), ("School", 1)]
    page = client.get(reverse("programmes:group", args=[group.pk])).content.decode()
    assert "Youth hub" in page and "14 to 16: 5" in page


def test_bad_meeting_input_gets_messages_and_keeps_what_was_typed(
    make_client: MakeClient,
) -> None:
    lead = contact_make()
    group = group_make(leads=[lead])
    other = group_make(name="Elsewhere")
    foreign_area = other.council_areas.first()
    assert foreign_area is not None
    response = make_client(lead).post(
        reverse("programmes:group_meeting_new", args=[group.pk]),
        _meeting_form(
            foreign_area.pk,
            [999999],
            band_11_13="-1",
            band_14_16="lots",
            place="Library",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    for message in (
        "Choose a council area from the list",
        "Choose themes from the list",
        "The number of young people cannot be below 0",
        "Enter the number aged 14 to 16 as a number",
    ):
        assert message in page
    assert 'value="Library"' in page
    assert not GroupMeeting.objects.exists()


def test_a_meeting_needs_someone_there_and_a_past_date() -> None:
    lead = contact_make()
    group = group_make(leads=[lead])
    area = group.council_areas.first()
    assert area is not None
    with pytest.raises(ValidationError) as refused:
        services.group_meeting_record(
            cohort=group,
            recorded_by=lead,
            held_on=timezone.localdate() + timedelta(days=1),
            place="Hub",
            council_area=area,
            counts={"11_13": 0},
            theme_ids=[],
        )
    assert refused.value.messages == [
        "The meeting date must be today or in the past",
        "Enter how many young people came in at least one age band",
    ]
    with pytest.raises(PermissionDenied):
        services.group_meeting_record(
            cohort=group,
            recorded_by=contact_make(),
            held_on=timezone.localdate(),
            place="Hub",
            council_area=area,
            counts={"11_13": 2},
            theme_ids=[],
        )
    assert not GroupAttendance.objects.exists()


def test_a_quote_is_kept_only_with_both_agreements(make_client: MakeClient) -> None:
    lead = contact_make()
    group = group_make(leads=[lead])
    area = group.council_areas.first()
    assert area is not None
    meeting = services.group_meeting_record(
        cohort=group,
        recorded_by=lead,
        held_on=timezone.localdate(),
        place="Hub",
        council_area=area,
        counts={"14_16": 4},
        theme_ids=[],
    )
    client = make_client(lead)
    url = reverse("programmes:quote_new", args=[meeting.pk])
    words = "I notice patterns other people miss."
    response = client.post(
        url,
        {"text": words, "age_band": "14_16", "young_person_agreed": "on", "consent_how": "Form"},
    )
    page = response.content.decode()
    assert "A quote can only be kept if their parent carer agreed" in page
    assert words in page
    assert not Quote.objects.exists()
    client.post(
        url,
        {
            "text": words,
            "age_band": "14_16",
            "young_person_agreed": "on",
            "parent_carer_agreed": "on",
            "consent_how": "Signed form kept by the group",
        },
    )
    quote = Quote.objects.get()
    assert (quote.consent_recorded_by, quote.consent_how) == (lead, "Signed form kept by the group")
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(parent_carer_agreed=False)


def test_groups_are_for_their_own_leads_only(make_client: MakeClient) -> None:
    lead = contact_make()
    ours = group_make(leads=[lead])
    theirs = group_make(leads=[contact_make()], name="Theirs")
    schools = cohort_make(leads=[lead])
    client = make_client(lead)
    assert client.get(reverse("programmes:group", args=[ours.pk])).status_code == 200
    assert client.get(reverse("programmes:group", args=[theirs.pk])).status_code == 404
    # A school cohort is not a group, even for its lead.
    assert client.get(reverse("programmes:group", args=[schools.pk])).status_code == 404
    area = theirs.council_areas.first()
    assert area is not None
    response = client.post(
        reverse("programmes:group_meeting_new", args=[theirs.pk]),
        _meeting_form(area.pk, []),
    )
    assert response.status_code == 404
    assert not GroupMeeting.objects.exists()


def _meetings(group_id: int, lead_id: int, count: int) -> None:
    from programmes.models import Cohort

    group = Cohort.objects.get(pk=group_id)
    lead = group.leads.get(pk=lead_id)
    area = group.council_areas.first()
    assert area is not None
    themes = list(Theme.objects.filter(programme=group.programme).values_list("pk", flat=True))
    for n in range(count):
        meeting = services.group_meeting_record(
            cohort=group,
            recorded_by=lead,
            held_on=timezone.localdate() - timedelta(days=n),
            place=f"Hub {n}",
            council_area=area,
            counts={"11_13": 2, "14_16": 3},
            theme_ids=themes[:2],
        )
        services.quote_record(
            meeting=meeting,
            recorded_by=lead,
            text="Words",
            age_band="11_13",
            young_person_agreed=True,
            parent_carer_agreed=True,
            consent_how="Form",
        )


# Session, user, consent check, the group, its meetings with areas, themes, attendance and
# quotes prefetched, and the navigation's programmes check.
GROUP_PAGE_QUERIES = 9


@pytest.mark.parametrize("size", [2, 30])
def test_the_group_page_makes_the_same_queries_at_2_and_30_meetings(
    make_client: MakeClient, django_assert_max_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    lead = contact_make()
    group = group_make(leads=[lead])
    _meetings(group.pk, lead.pk, size)
    client = make_client(lead)
    with django_assert_max_num_queries(GROUP_PAGE_QUERIES):
        page = client.get(reverse("programmes:group", args=[group.pk])).content.decode()
    assert page.count("Words") == size


def test_a_groups_cohort_address_leads_to_the_group_page(make_client: MakeClient) -> None:
    lead = contact_make()
    group = group_make(leads=[lead])
    response = make_client(lead).get(reverse("programmes:cohort", args=[group.pk]))
    assert response["Location"] == reverse("programmes:group", args=[group.pk])
