"""The summary tables: every scope's dashboards for the usual times (the last 3, 6 and 12
months), worked out by a periodic job and read by the pages, which then make one query for
their figures whatever the number of records. A custom time, or a scope the job has not reached
yet, is worked out from live records in the same way (dashboards.release), so both give the same
figures. The usual times are worked out together, so no hidden figure can be recovered by taking
one from another; a custom time is not linked to them. Only shown texts are stored."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dashboards.forms import PERIODS, Period, months_back
from dashboards.models import Summary
from dashboards.release import release_compute
from dashboards.scope import Scope, forum_areas, scopes_in_use
from dashboards.tables import DashTable, Row


def scope_key(scope: Scope) -> str:
    """The summary row's key: the full scope's areas (never a narrowed one)."""
    ids = ",".join(str(pk) for pk in sorted(area.pk for area in scope.areas))
    return hashlib.sha256(ids.encode()).hexdigest()


def _table_data(table: DashTable) -> dict[str, Any]:
    data = asdict(table)
    data.pop("spec", None)
    return data


def _table_from(data: dict[str, Any]) -> DashTable:
    totals = data.pop("totals")
    rows = [Row(**row) for row in data.pop("rows")]
    return DashTable(**data, rows=rows, totals=Row(**totals) if totals else None)


def usual_periods(today: date | None = None) -> list[Period]:
    """The usual times (the last 3, 6 and 12 months) as of ``today``."""
    return [months_back(int(months), today) for months, _ in PERIODS]


def summary_store(
    scope: Scope, by_forum: dict[int, frozenset[int]], periods: list[Period], now: datetime
) -> int:
    """Work out the scope's releases for the times together (so that no hidden figure can be
    recovered by taking one time's figure from another's) and store each page of each view for
    each time in its own row, replacing the rows stored before. Returns the number of rows."""
    releases = release_compute(scope, by_forum, periods, now)
    key = scope_key(scope)
    rows = [
        Summary(
            scope_key=key,
            period_start=period.start,
            period_end=period.end,
            view=view,
            page=slug,
            computed_at=now,
            tables=[_table_data(t) for t in tables],
        )
        for period, release in zip(periods, releases, strict=True)
        for view, pages in release.views.items()
        for slug, tables in pages.items()
    ]
    with transaction.atomic():
        for period in periods:
            Summary.objects.filter(
                scope_key=key, period_start=period.start, period_end=period.end
            ).delete()
        Summary.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def summaries_refresh() -> int:
    """Work out every scope in use for the usual times, together; drop rows for times gone by.
    Returns how many rows were stored."""
    now = timezone.now()
    by_forum = forum_areas()
    periods = usual_periods()
    stored = 0
    for scope in scopes_in_use():
        stored += summary_store(scope, by_forum, periods, now)
    Summary.objects.exclude(period_end__in=[period.end for period in periods]).delete()
    return stored


def stored_tables(scope: Scope, period: Period, view: str, slug: str) -> Stored | None:
    """One page of one view from the summary tables, if the job has stored it."""
    row = (
        Summary.objects.filter(
            scope_key=scope_key(scope),
            period_start=period.start,
            period_end=period.end,
            view=view,
            page=slug,
        )
        .only("tables", "computed_at")
        .first()
    )
    if row is None:
        return None
    return Stored([_table_from(dict(t)) for t in row.tables], row.computed_at)


@dataclass(frozen=True)
class Stored:
    tables: list[DashTable]
    computed_at: datetime


def tables_for(
    scope: Scope,
    by_forum: dict[int, frozenset[int]],
    period: Period,
    view: str,
    slug: str,
    now: datetime,
) -> tuple[list[DashTable], datetime | None]:
    """A page's tables for a view: from the summary tables, with the time they were worked out,
    or live (every page and view worked out together, as the job does) with None. Live, a usual
    time is worked out together with the other usual times, as the job does; a custom time is
    worked out on its own, not linked to any other."""
    stored = stored_tables(scope, period, view, slug)
    if stored is not None:
        return stored.tables, stored.computed_at
    usual = usual_periods(period.last_day)
    spans = [(p.start, p.end) for p in usual]
    span = (period.start, period.end)
    periods = usual if span in spans else [period]
    releases = release_compute(scope, by_forum, periods, now)
    return releases[spans.index(span) if span in spans else 0].tables(view, slug), None
