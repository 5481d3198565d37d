"""The Schools dashboard: cohorts and schools in scope, where they stand, movement from the
baseline and training totals, all through core.suppression, through the page and its CSV."""

from __future__ import annotations

import csv
import io

import pytest

from accounts.models import User
from core.suppression import HIDDEN
from forums.models import CouncilArea, Forum
from programmes.models import Enrolment, TrainingModule, TrainingRecord
from tests.dashboards.factories import area_of, scope_to
from tests.programmes.factories import SchoolFactory, cohort_make, contact_make, enrol, rate_all
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

SCHOOLS = "/dashboards/schools/"


def _schools(
    area: CouncilArea, count: int, *, cohort_name: str = "Cohort 1", contact: User | None = None
) -> list[Enrolment]:
    cohort = cohort_make(name=cohort_name)
    return [
        enrol(cohort, school=SchoolFactory.create(council_area=area), contact=contact)
        for _ in range(count)
    ]


def _rows(client_html: str, slug: str) -> str:
    start = client_html.index(f'id="table-{slug}"')
    return client_html[start : client_html.index("</section>", start)]


def test_schools_outside_scope_are_not_counted(
    make_client: MakeClient,
    commissioner: User,
    gateshead: tuple[Forum, User],
    sunderland: tuple[Forum, User],
) -> None:
    mine, theirs = area_of(gateshead[0]), area_of(sunderland[0])
    _schools(mine, 6)
    _schools(theirs, 9, cohort_name="Their cohort")
    scope_to(commissioner, mine)
    html = make_client(commissioner).get(SCHOOLS).content.decode()
    areas = _rows(html, "areas")
    assert mine.name in areas and theirs.name not in areas
    assert "Their cohort" not in html
    assert "In all, 6 schools." in html


def test_small_numbers_are_hidden_on_the_page_and_in_the_csv(
    make_client: MakeClient, commissioner: User, gateshead: tuple[Forum, User]
) -> None:
    area = area_of(gateshead[0])
    _schools(area, 3, cohort_name="Small cohort")
    _schools(area, 12, cohort_name="Large cohort")
    scope_to(commissioner, area)
    client = make_client(commissioner)
    cohorts = _rows(client.get(SCHOOLS).content.decode(), "cohorts")
    assert ">3<" not in cohorts
    assert HIDDEN in cohorts
    content = client.get(f"{SCHOOLS}cohorts.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    small = next(row for row in rows if row[0].startswith("Small cohort"))
    assert "3" not in small[1:]
    assert HIDDEN in small


def test_movement_from_baseline_is_averaged_from_ten_schools(
    make_client: MakeClient, commissioner: User, gateshead: tuple[Forum, User]
) -> None:
    area = area_of(gateshead[0])
    rater = contact_make()
    enrolments = _schools(area, 10, contact=rater)
    for enrolment in enrolments:
        rate_all(enrolment, "baseline", 1, by=rater)
        rate_all(enrolment, "review", 3, by=rater)
    scope_to(commissioner, area)
    movement = _rows(make_client(commissioner).get(SCHOOLS).content.decode(), "movement")
    assert "+2" in movement
    # One school fewer and no average is shown.
    enrolments[0].rounds.filter(kind="review").delete()
    movement = _rows(make_client(commissioner).get(SCHOOLS).content.decode(), "movement")
    assert "+2" not in movement


def test_training_totals_add_up_staff_over_schools(
    make_client: MakeClient, commissioner: User, gateshead: tuple[Forum, User]
) -> None:
    area = area_of(gateshead[0])
    enrolments = _schools(area, 3)
    module = TrainingModule.objects.get(title="Understanding autism")
    for enrolment in enrolments:
        TrainingRecord.objects.create(enrolment=enrolment, module=module, staff_completed=7)
    scope_to(commissioner, area)
    training = _rows(make_client(commissioner).get(SCHOOLS).content.decode(), "training")
    assert ">21<" in training


def test_area_filter_and_print_view(
    make_client: MakeClient,
    staff: User,
    gateshead: tuple[Forum, User],
    sunderland: tuple[Forum, User],
) -> None:
    mine, theirs = area_of(gateshead[0]), area_of(sunderland[0])
    _schools(mine, 6)
    _schools(theirs, 7, cohort_name="Other cohort")
    client = make_client(staff)
    html = client.get(SCHOOLS, {"area": str(mine.pk), "print": "1"}).content.decode()
    assert "In all, 6 schools." in html
    assert "Other cohort" not in html
    assert "Print this page" not in html
