"""Early response: matters the forums in scope raised with partners, open and overdue, and the
median working days to a first response and to action agreed, by partner, by area and by
quarter. Every working-day figure comes from raised.clock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.db.models import QuerySet

from core.suppression import shown_average
from dashboards.figures.context import Context
from dashboards.tables import NOT_ENOUGH, Counts, DashTable, build
from raised.clock import Clock, holidays, matter_clock
from raised.models import Matter


def matters(ctx: Context) -> QuerySet[Matter]:
    """Matters raised in the time chosen by the scope's forums about the scope's areas."""
    return Matter.objects.filter(
        forum_id__in=ctx.forum_ids,
        council_area_id__in=ctx.area_ids,
        raised_at__gte=ctx.period.start,
        raised_at__lt=ctx.period.end,
    )


def clocks(ctx: Context) -> list[tuple[Matter, Clock]]:
    """Each matter with its clock: two queries (the matters with their partner and area, and
    the bank holidays), however many matters there are."""
    dates = holidays()
    rows = matters(ctx).select_related("partner", "council_area").order_by("raised_at", "pk")
    return [(matter, matter_clock(matter, dates, ctx.now)) for matter in rows]


def _grouped(
    slug: str,
    title: str,
    header: str,
    items: list[tuple[Matter, Clock]],
    key: Callable[[Matter], str],
    *,
    sort: bool = True,
) -> DashTable:
    groups: dict[str, list[tuple[Matter, Clock]]] = defaultdict(list)
    for matter, clock in items:
        groups[key(matter)].append((matter, clock))
    labels = sorted(groups) if sort else list(groups)
    data = [
        (
            label,
            [
                len(groups[label]),
                sum(1 for m, _ in groups[label] if m.is_open),
                sum(1 for _, c in groups[label] if c.overdue),
            ],
        )
        for label in labels
    ]

    def median(label: str, field: str) -> str:
        values = [getattr(c, field) for _, c in groups[label] if getattr(c, field) is not None]
        return shown_average(values, median=True) or NOT_ENOUGH

    return build(
        Counts(
            slug,
            title,
            header,
            ["Raised", "Open", "Overdue"],
            data,
            what="matters raised",
            measures={
                "Median working days to first response": [
                    median(label, "days_to_first_response") for label in labels
                ],
                "Median working days to action agreed": [
                    median(label, "days_to_action") for label in labels
                ],
            },
            note="A median is shown only over at least 10 matters with that step.",
        )
    )


def _quarter(matter: Matter) -> str:
    return f"{matter.raised_at:%Y} Q{(matter.raised_at.month - 1) // 3 + 1}"


def tables(ctx: Context) -> list[DashTable]:
    items = clocks(ctx)
    return [
        _grouped("partners", "By partner", "Partner", items, lambda m: m.partner.name),
        _grouped("areas", "By council area", "Council area", items, lambda m: m.council_area.name),
        _grouped("quarters", "Trend by quarter raised", "Quarter", items, _quarter),
    ]


def headline_counts(items: list[tuple[Matter, Clock]]) -> dict[str, int]:
    return {
        "raised": len(items),
        "open": sum(1 for m, _ in items if m.is_open),
        "overdue": sum(1 for _, c in items if c.overdue),
    }


def headline_medians(items: list[tuple[Matter, Clock]]) -> dict[str, str]:
    firsts = [c.days_to_first_response for _, c in items if c.days_to_first_response is not None]
    actions = [c.days_to_action for _, c in items if c.days_to_action is not None]
    return {
        "first": shown_average(firsts, median=True) or NOT_ENOUGH,
        "action": shown_average(actions, median=True) or NOT_ENOUGH,
    }
