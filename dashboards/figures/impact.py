"""Impact: "You said, we did" actions by owner and status, the overdue ones, and the time from a
consultation closing to its first action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, QuerySet

from consultations.models import Action, ActionStatus, Consultation, OwnerType
from core.suppression import shown_average, shown_count
from dashboards.figures.context import Context
from dashboards.tables import NOT_ENOUGH, Counts, DashTable, Row, build

OPEN_ACTION = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


def actions(ctx: Context) -> QuerySet[Action]:
    """Actions on the scope's forums' consultations, recorded in the time chosen."""
    return Action.objects.filter(consultation__forum_id__in=ctx.forum_ids, **_between(ctx))


def _between(ctx: Context) -> dict[str, object]:
    return {"created_at__gte": ctx.period.start, "created_at__lt": ctx.period.end}


def by_status(ctx: Context) -> DashTable:
    counts = dict(actions(ctx).values("status").annotate(n=Count("pk")).values_list("status", "n"))
    return build(
        Counts(
            "status",
            "Actions by status",
            "Status",
            ["Actions"],
            [(label, [counts.get(value, 0)]) for value, label in ActionStatus.choices],
            chart=True,
            percent_of_total=True,
            what="actions",
        )
    )


def by_owner_and_status(ctx: Context) -> DashTable:
    rows = actions(ctx).values("owner_type", "status").annotate(n=Count("pk"))
    counts = {(row["owner_type"], row["status"]): row["n"] for row in rows}
    return build(
        Counts(
            "owners",
            "Actions by owner and status",
            "Owner",
            [label for _, label in ActionStatus.choices],
            [
                (
                    owner_label,
                    [counts.get((owner, status), 0) for status, _ in ActionStatus.choices],
                )
                for owner, owner_label in OwnerType.choices
            ],
            row_totals=True,
            what="actions",
        )
    )


@dataclass(frozen=True)
class Overdue:
    title: str
    owner: str
    due: date | None
    consultation: str


def overdue(ctx: Context, limit: int = 50) -> list[Overdue]:
    """Actions past their due date and not done, from consultations whose forum has published
    its results (so nothing here is unpublished text). One query."""
    rows = (
        Action.objects.filter(
            consultation__forum_id__in=ctx.forum_ids,
            consultation__results_published_at__isnull=False,
            status__in=OPEN_ACTION,
            due_date__lt=ctx.now.date(),
        )
        .order_by("due_date", "pk")
        .values("title", "owner_name", "due_date", "consultation__title")[:limit]
    )
    return [
        Overdue(row["title"], row["owner_name"], row["due_date"], row["consultation__title"])
        for row in rows
    ]


def overdue_count(ctx: Context) -> int:
    return Action.objects.filter(
        consultation__forum_id__in=ctx.forum_ids,
        status__in=OPEN_ACTION,
        due_date__lt=ctx.now.date(),
    ).count()


def close_to_first_action(ctx: Context) -> DashTable:
    """Days from a consultation closing (in the time chosen) to its first action: the median,
    shown only over enough consultations."""
    closed = Consultation.objects.launched().filter(
        forum_id__in=ctx.forum_ids,
        closes_at__gte=ctx.period.start,
        closes_at__lt=min(ctx.period.end, ctx.now),
    )
    rows = list(closed.annotate(first=Min("actions__created_at")).values_list("closes_at", "first"))
    waits = [max((first - closes).days, 0) for closes, first in rows if first is not None]
    without = sum(1 for _, first in rows if first is None)
    median = shown_average(waits, median=True)
    table_rows = [
        Row("Consultations closed", [shown_count(len(rows))]),
        Row("With at least one action", [shown_count(len(waits))]),
        Row("With no action yet", [shown_count(without)]),
        Row(
            "Median days from closing to first action",
            [median if median is not None else NOT_ENOUGH],
        ),
    ]
    summary = (
        f"Half of consultations had a first action within {median} days of closing."
        if median is not None
        else "Too few consultations with actions to show a median."
    )
    return DashTable(
        "close-to-action",
        "From closing to first action",
        "Figure",
        ["Number"],
        table_rows,
        None,
        summary,
        note="A median is shown only when at least 10 consultations have an action.",
    )


def tables(ctx: Context) -> list[DashTable]:
    return [by_status(ctx), by_owner_and_status(ctx), close_to_first_action(ctx)]
