"""No hidden figure can be recovered by differencing what a commissioner can see: every page, for
all their areas and for each area on its own (the area filter). For random forums, members,
answers and sessions, a reader who knows every shown figure, every table's sums, that the figure
for all areas is the sum of the figures for each area, and that a headline figure is the same as
a table's total on another page (or an area's row in a table by area), and who repeats the
arithmetic as often as it helps, learns no hidden figure. Worked out through
dashboards.release.release_compute, which the periodic job stores and the pages read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import User
from core.suppression import HIDDEN
from dashboards.forms import PERIODS, months_back
from dashboards.release import ALL, Release, release_compute
from dashboards.scope import scope_for
from dashboards.summaries import stored_tables, summaries_refresh, usual_periods
from dashboards.tables import Counts, Key, cells_and_lines
from forums.models import Forum, Region
from peer_network.models import Session
from tests.accounts.factories import UserFactory
from tests.dashboards.factories import (
    area_of,
    consultation_with_responses,
    members,
    scope_to,
    session_with,
)
from tests.forums.factories import forum_with_lead

pytestmark = pytest.mark.django_db

Cell = tuple[str, str, str, str, str]  # view, table, part, row, column
Sum = tuple[list[Cell], Cell]  # the parts and their total

# What each forum has: members, answers to its consultation, places at its session.
forum_figures = st.tuples(
    st.integers(min_value=0, max_value=14),
    st.integers(min_value=0, max_value=14),
    st.integers(min_value=0, max_value=8),
)

# Headline figures and the table totals they equal (what the brief's reader compares).
SAME = [
    ("Members reached", "Members by forum", "Members"),
    ("Responses received", "Responses per forum", "Responses"),
    ("Places attended at peer sessions", "Attendance by sector", "Attended"),
]


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _forums(figures: list[tuple[int, int, int]]) -> Region:
    region = None
    for n, (people, answers, places) in enumerate(figures):
        forum, lead = forum_with_lead(f"Area {n}")
        if region is None:
            region = forum.region
        else:
            Forum.objects.filter(pk=forum.pk).update(region=region)
            forum.council_areas.update(region=region)
        joined = members(forum, people)
        if answers:
            consultation_with_responses(forum, lead, answers, title=f"Consultation {n}")
        if places:
            session_with(forum, [lead, *joined][:places])
    assert region is not None
    return region


def _name(view: str, spec: Counts, key: Key) -> Cell:
    part = str(key[0])
    row = spec.data[int(key[1])][0] if part in ("c", "r") else ""
    if part == "c":
        column = spec.columns[int(key[2])]  # type: ignore[misc]
    elif part == "t":
        column = spec.columns[int(key[1])]
    else:
        column = ""
    return (view, spec.title, part, row, column)


def _known(release: Release) -> tuple[dict[Cell, int], dict[Cell, str], list[Sum]]:
    """The true figures, the shown texts and the sums a reader knows hold."""
    true: dict[Cell, int] = {}
    shown: dict[Cell, str] = {}
    sums: list[Sum] = []
    for view, pages in release.views.items():
        for tables in pages.values():
            for table in tables:
                spec = table.spec
                if spec is None or any(c[:2] == (view, spec.title) for c in true):
                    continue
                values, lines = cells_and_lines(spec)
                texts: dict[Key, str] = (
                    {("t", j): table.totals.cells[j] for j in range(len(spec.columns))}
                    if table.totals
                    else {}
                )
                for i, row in enumerate(table.rows):
                    for j in range(len(spec.columns)):
                        texts["c", i, j] = row.cells[j]
                    if spec.row_totals:
                        texts["r", i] = row.cells[len(spec.columns)]
                if spec.row_totals and table.totals:
                    texts["g",] = table.totals.cells[len(spec.columns)]

                names = {key: _name(view, spec, key) for key in values}
                for key, value in values.items():
                    true[names[key]] = value
                    shown[names[key]] = texts[key]
                sums += [([names[k] for k in line[:-1]], names[line[-1]]) for line in lines]
    # All areas is the sum of each area (the forums are in one area each, people in one forum).
    for cell in [c for c in true if c[0] == ALL]:
        parts = [c for c in true if c[0] != ALL and c[1:] == cell[1:]]
        if parts and sum(true[c] for c in parts) == true[cell]:
            sums.append((parts, cell))
    for view in release.views:
        for figure, title, column in SAME:
            a, b = (view, "At a glance", "c", figure, "Number"), (view, title, "t", "", column)
            if a in true and b in true and true[a] == true[b]:
                sums.append(([a], b))
        for cell in [c for c in true if c[:3] == (ALL, "Members by council area", "c")]:
            for other_view in release.views:
                glance = (other_view, "At a glance", "c", "Members reached", "Number")
                if glance in true and other_view != ALL and true[glance] == true[cell]:
                    label = next(
                        c[3] for c in true if c[:3] == (other_view, "Members by council area", "c")
                    )
                    if label == cell[3]:
                        sums.append(([glance], cell))
    return true, shown, sums


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(forum_figures, min_size=2, max_size=3))
def test_no_hidden_figure_can_be_worked_out_across_pages_and_areas(
    figures: list[tuple[int, int, int]],
) -> None:
    with rolled_back():
        region = _forums(figures)
        commissioner: User = UserFactory.create(commissioner=True)
        scope_to(commissioner, region=region)
        found = scope_for(commissioner)
        assert found is not None
        scope, by_forum = found
        [release] = release_compute(scope, by_forum, [months_back(12)], timezone.now())
        true, shown, sums = _known(release)
        assert _recovered(true, shown, sums) == {}


def _recovered(true: dict[Cell, int], shown: dict[Cell, str], sums: list[Sum]) -> dict[Cell, int]:
    """What a reader who knows every shown figure and every sum works out, repeating the
    arithmetic as often as it helps, of the figures hidden from them or never shown (cells in
    ``true`` with no shown text)."""
    known = {cell: true[cell] for cell, text in shown.items() if text != HIDDEN}
    for cell, value in known.items():
        assert shown[cell] == str(value)
    changed = True
    while changed:
        changed = False
        for parts, total in sums:
            unknown = [c for c in [*parts, total] if c not in known]
            if len(unknown) != 1:
                continue
            [cell] = unknown
            if cell == total:
                known[cell] = sum(known[c] for c in parts)
            else:
                known[cell] = known[total] - sum(known[c] for c in parts if c != cell)
            changed = True
    return {c: known[c] for c in known if shown.get(c, HIDDEN) == HIDDEN}


def _in_period(months: str, cell: Cell) -> Cell:
    return (f"{months}:{cell[0]}", *cell[1:])


def test_no_hidden_figure_can_be_worked_out_between_the_usual_times(commissioner: User) -> None:
    """A session nine months ago puts 3 more places attended in the last 12 months than in the
    last 6 (17 against 14 for both areas, both shown when each time is worked out on its own). A reader of
    the stored pages who takes one time's figure from a longer time's, for any figure on any
    page and view, learns no count from 1 to 4 for the months between, nor any hidden figure."""
    gateshead, lead = forum_with_lead("Gateshead")
    sunderland, other_lead = forum_with_lead("Sunderland")
    people = members(gateshead, 12)
    consultation_with_responses(gateshead, lead, 9, title="Short breaks")
    session_with(gateshead, people[:8])
    session_with(sunderland, [other_lead, *members(sunderland, 10)][:6])
    earlier = session_with(gateshead, people[8:11])
    moved = timezone.now() - timedelta(days=270)
    Session.objects.filter(pk=earlier.pk).update(
        starts_at=moved, ends_at=moved + timedelta(hours=1)
    )
    scope_to(commissioner, area_of(gateshead), area_of(sunderland))
    found = scope_for(commissioner)
    assert found is not None
    scope, by_forum = found
    summaries_refresh()
    periods = usual_periods()
    releases = release_compute(scope, by_forum, periods, timezone.now())
    true: dict[Cell, int] = {}
    shown: dict[Cell, str] = {}
    sums: list[Sum] = []
    for (months, _), period, release in zip(PERIODS, periods, releases, strict=True):
        # What the pages show is what the job stored.
        for view, pages in release.views.items():
            for slug, tables in pages.items():
                stored = stored_tables(scope, period, view, slug)
                assert stored is not None and stored.tables == tables, (months, view, slug)
        period_true, period_shown, period_sums = _known(release)
        true |= {_in_period(months, c): v for c, v in period_true.items()}
        shown |= {_in_period(months, c): t for c, t in period_shown.items()}
        sums += [
            ([_in_period(months, c) for c in p], _in_period(months, t)) for p, t in period_sums
        ]
    between = 0
    for shorter, longer in [("3", "6"), ("6", "12"), ("3", "12")]:
        for cell in [c for c in true if c[0].startswith(f"{shorter}:")]:
            other = (f"{longer}:{cell[0].partition(':')[2]}", *cell[1:])
            if other not in true:
                continue
            # Never shown: the count for the months in the longer time and not the shorter.
            rest = (f"{shorter}-{longer}:{cell[0].partition(':')[2]}", *cell[1:])
            true[rest] = true[other] - true[cell]
            sums.append(([cell, rest], other))
            between += shorter == "6" and 0 < true[rest] < 5
    place = ("At a glance", "c", "Places attended at peer sessions", "Number")
    assert (true[("6:all", *place)], true[("12:all", *place)]) == (14, 17)
    assert between
    recovered = _recovered(true, shown, sums)
    small = {c: v for c, v in recovered.items() if c in shown or 0 < v < 5}
    assert small == {}, small
