"""The summary tables: every scope's dashboards for the usual times (the last 3, 6 and 12
months), worked out by a periodic job and read by the pages, which then make one query for
their figures whatever the number of records. A custom time, or a scope the job has not reached
yet, is worked out from live records in the same way (dashboards.release), so both give the same
figures. Only shown texts are stored."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dashboards.forms import PERIODS, Period, months_back
from dashboards.models import Summary
from dashboards.release import Release, release_compute
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


def summary_store(
    scope: Scope, by_forum: dict[int, frozenset[int]], period: Period, now: datetime
) -> Summary:
    release = release_compute(scope, by_forum, period, now)
    views = {
        view: {slug: [_table_data(t) for t in tables] for slug, tables in pages.items()}
        for view, pages in release.views.items()
    }
    summary, _ = Summary.objects.update_or_create(
        scope_key=scope_key(scope),
        period_start=period.start,
        period_end=period.end,
        defaults={
            "area_ids": sorted(area.pk for area in scope.areas),
            "computed_at": now,
            "views": views,
        },
    )
    return summary


def summaries_refresh() -> int:
    """Work out every scope in use for each usual time; drop rows for times gone by. Returns
    how many summaries were stored."""
    now = timezone.now()
    by_forum = forum_areas()
    periods = [months_back(int(months)) for months, _ in PERIODS]
    stored = 0
    for scope in scopes_in_use():
        for period in periods:
            with transaction.atomic():
                summary_store(scope, by_forum, period, now)
            stored += 1
    Summary.objects.exclude(period_end__in=[period.end for period in periods]).delete()
    return stored


def release_for(
    scope: Scope, by_forum: dict[int, frozenset[int]], period: Period, now: datetime
) -> Release:
    """The stored summary for the scope and time if there is one, or the live figures."""
    row = (
        Summary.objects.filter(
            scope_key=scope_key(scope), period_start=period.start, period_end=period.end
        )
        .only("views", "computed_at")
        .first()
    )
    if row is None:
        return release_compute(scope, by_forum, period, now)
    views = {
        view: {slug: [_table_from(dict(t)) for t in tables] for slug, tables in pages.items()}
        for view, pages in row.views.items()
    }
    return Release(views=views, computed_at=row.computed_at, stored=True)
