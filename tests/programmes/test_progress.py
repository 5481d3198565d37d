"""Progress figures checked against values worked out by hand, the status rule, the cohort
page's query count at two sizes, and its export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from core.models import AccessLog
from programmes import selectors, services
from programmes.models import (
    Cohort,
    Enrolment,
    Milestone,
    MilestoneKind,
    ProgressStatus,
    TrainingModule,
    enrolment_progress_status,
)
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

A_BASELINE = [2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]
A_REVIEW = [3, 3, 4, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]


def _cohort_of_four(lead: User) -> tuple[Cohort, list[Enrolment]]:
    """Started 100 days ago: baseline due 70 days ago, training 10 days ago, the parent group
    in 20 days, the review in 170. A: baseline, review and all training (on track). B: baseline
    and review, one module (behind). C: baseline and a draft review (behind). D: nothing."""
    cohort = cohort_make(leads=[lead], start=timezone.localdate() - timedelta(days=100))
    people = [contact_make() for _ in range(4)]
    a, b, c, d = (
        enrol(cohort, contact=person, school=SchoolFactory.create(name=name))
        for person, name in zip(people, "ABCD", strict=True)
    )
    rate_all(a, "baseline", A_BASELINE, by=people[0])
    rate_all(a, "review", A_REVIEW, by=people[0])
    rate_all(b, "baseline", 2, by=people[1])
    rate_all(b, "review", 3, by=people[1])
    rate_all(c, "baseline", 1, by=people[2])
    rate_all(c, "review", 4, by=people[2], submit=False)
    m1, m2, m3 = TrainingModule.objects.filter(programme=cohort.programme)
    services.training_save(
        enrolment=a, recorded_by=people[0], counts={m1.pk: 5, m2.pk: 3, m3.pk: 2}
    )
    services.training_save(enrolment=b, recorded_by=people[1], counts={m1.pk: 4})
    return cohort, [a, b, c, d]


def test_school_progress_by_area_against_hand_worked_figures(django_user_model: type) -> None:
    lead = contact_make()
    _, (a, b, c, _d) = _cohort_of_four(lead)
    progress = selectors.school_progress(a)
    # Baseline: area 1 (2+2+2+2)/4 = 2.0, the others 1.0. Review: area 1 (3+3+4+2)/4 = 3.0,
    # area 2 (2+1+1+1)/4 = 1.25, area 3 1.0, area 4 (1+1+2+2)/4 = 1.5.
    assert [(x.baseline, x.latest, x.movement) for x in progress.areas] == [
        (2.0, 3.0, 1.0),
        (1.0, 1.25, 0.25),
        (1.0, 1.0, 0.0),
        (1.0, 1.5, 0.5),
    ]
    assert progress.latest_label == "Review"
    # C's review is a draft: it does not count.
    progress_c = selectors.school_progress(c)
    assert progress_c.latest_kind is None
    assert [(x.baseline, x.latest) for x in progress_c.areas] == [(1.0, None)] * 4


def test_cohort_overview_against_hand_worked_figures() -> None:
    lead = contact_make()
    cohort, _ = _cohort_of_four(lead)
    overview = selectors.cohort_overview(cohort, timezone.localdate())
    rows = {row.enrolment.school.name: row for row in overview.schools}
    assert {name: row.status for name, row in rows.items()} == {
        "A": ProgressStatus.ON_TRACK,
        "B": ProgressStatus.BEHIND,
        "C": ProgressStatus.BEHIND,
        "D": ProgressStatus.NOT_STARTED,
    }
    # A met baseline, training and review; B baseline and review; C baseline.
    assert [rows[n].milestones_met for n in "ABCD"] == [3, 2, 1, 0]
    # A: baseline 20/16 = 1.25, review 27/16 = 1.6875. B: 2 then 3. C: 1, no review.
    assert [(rows[n].baseline_average, rows[n].latest_average) for n in "ABCD"] == [
        (1.25, 1.69),
        (2.0, 3.0),
        (1.0, None),
        (None, None),
    ]
    assert [rows[n].staff_trained for n in "ABCD"] == [10, 4, 0, 0]
    # Movement per standard over A and B (C has no submitted review): B moved +1 on every
    # standard; A moved 1.1 +1, 1.2 +1, 1.3 +2, 1.4 0, 2.1 +1, then 0 until 4.3 +1 and 4.4 +1.
    a_moves = [1, 1, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    expected = [(a_move + 1) / 2 for a_move in a_moves]
    assert [m.average for m in overview.movement] == expected
    assert {m.schools for m in overview.movement} == {2}
    assert [(m.title, m.staff, m.schools) for m in overview.training] == [  # type: ignore[attr-defined]
        ("Understanding autism", 9, 2),
        ("Sensory needs in the classroom", 3, 1),
        ("Working with families", 2, 1),
    ]
    assert overview.status_counts == {"Not started": 1, "Behind": 2, "On track": 1}


def _milestone(due: date, met: date | None = None) -> Milestone:
    return Milestone(kind=MilestoneKind.BASELINE, due_on=due, met_on=met)


def test_the_status_rule() -> None:
    today = date(2027, 3, 10)
    yesterday, tomorrow = date(2027, 3, 9), date(2027, 3, 11)
    assert enrolment_progress_status([], today) == ProgressStatus.NOT_STARTED
    assert enrolment_progress_status([_milestone(yesterday)], today) == ProgressStatus.NOT_STARTED
    met = _milestone(yesterday, yesterday)
    assert enrolment_progress_status([met, _milestone(today)], today) == ProgressStatus.ON_TRACK
    assert enrolment_progress_status([met, _milestone(tomorrow)], today) == ProgressStatus.ON_TRACK
    assert enrolment_progress_status([met, _milestone(yesterday)], today) == ProgressStatus.BEHIND


def test_the_cohort_page_shows_each_school_and_the_figures(make_client: MakeClient) -> None:
    lead = contact_make()
    cohort, _ = _cohort_of_four(lead)
    page = make_client(lead).get(reverse("programmes:cohort", args=[cohort.pk])).content.decode()
    assert "On track" in page and "Behind" in page and "Not started" in page
    assert "1.69" in page and "+1.5" in page
    assert "Understanding autism" in page


def _schools(cohort: Cohort, count: int) -> None:
    for _ in range(count):
        person = contact_make()
        enrolment = enrol(cohort, contact=person)
        rate_all(enrolment, "baseline", 2, by=person)
        rate_all(enrolment, "review", 3, by=person)
        services.meeting_record(
            enrolment=enrolment,
            recorded_by=person,
            held_on=timezone.localdate(),
            attendance=6,
            themes="Transitions",
        )
        services.action_create(
            enrolment=enrolment,
            created_by=person,
            details=services.ActionDetails(
                standard_id=standards()[0].pk,
                action="Write pupil profiles",
                owner="SENCO",
                due_on=timezone.localdate(),
            ),
        )


# Session and user, the cohort, its enrolments and milestones, submitted levels, standards,
# training totals, and the navigation's programmes check.
COHORT_PAGE_QUERIES = 10


@pytest.mark.parametrize("size", [5, 50])
def test_the_cohort_page_makes_the_same_queries_at_5_and_50_schools(
    make_client: MakeClient, django_assert_max_num_queries: DjangoAssertNumQueries, size: int
) -> None:
    lead = contact_make()
    cohort = cohort_make(leads=[lead])
    _schools(cohort, size)
    client = make_client(lead)
    with django_assert_max_num_queries(COHORT_PAGE_QUERIES):
        response = client.get(reverse("programmes:cohort", args=[cohort.pk]))
    # Each school shows once in the table and once as a card (for phones).
    assert response.content.decode().count("govuk-tag--red") == 2 * size


def test_the_export_has_every_school_makes_cells_safe_and_is_logged(
    make_client: MakeClient,
) -> None:
    lead = contact_make()
    cohort, _ = _cohort_of_four(lead)
    enrol(cohort, school=SchoolFactory.create(name="=HYPERLINK(1)"))
    response = make_client(lead).post(reverse("programmes:cohort_export", args=[cohort.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["School", "URN", "Council area", "Phase", "Status"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["A"][4:10] == ["On track", "3", "5", "1.25", "1.69", "10"]
    assert "'=HYPERLINK(1)" in by_name
    log = AccessLog.objects.for_object(cohort).get()
    assert (log.person, log.row_count, log.file_format) == (lead, 5, "csv")
