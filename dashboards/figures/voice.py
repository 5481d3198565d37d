"""Voice: responses per consultation and per forum, themes over time, and the early warning."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Concat, Lower, TruncQuarter

from consultations.models import Consultation, Response, Theme
from dashboards.figures.context import Context
from dashboards.figures.counting import CONSULTATIONS_RULE, consultation_counts, response_counts
from dashboards.tables import Counts, DashTable, build
from forums.models import EngagementEntry

# The words the early warning watches for, each with the spellings that count as it. They are
# the service's own words, so the flag never shows anything a person typed.
WATCHED: dict[str, tuple[str, ...]] = {
    "Waiting times": ("wait", "delay", "waiting list"),
    "Exclusions": ("exclu", "suspen", "part-time timetable", "reduced timetable"),
    "Crisis": ("crisis", "emergency", "breakdown", "a&e"),
    "Not in school": ("not in school", "school refus", "attendance", "emotionally based"),
    "Mental health": ("mental health", "camhs", "anxiety"),
    "Transport": ("transport", "travel"),
}
# A watched theme is flagged when families raised it at least this many times in the recent
# half of the time chosen...
RISING_AT_LEAST = 10
# ...and at least half as often again as in the earlier half.
RISING_FACTOR = 1.5


def consultations(ctx: Context) -> QuerySet[Consultation]:
    """Launched consultations that count in the scope (dashboards.figures.counting) and were
    open at some time in the period."""
    return Consultation.objects.launched().filter(
        consultation_counts(ctx.forum_ids),
        opens_at__lt=ctx.period.end,
        closes_at__gte=ctx.period.start,
    )


def responses(ctx: Context) -> QuerySet[Response]:
    return Response.objects.submitted().filter(
        response_counts(ctx.forum_ids), **_between("submitted_at", ctx)
    )


def _between(field: str, ctx: Context) -> dict[str, datetime]:
    return {f"{field}__gte": ctx.period.start, f"{field}__lt": ctx.period.end}


def headline_counts(ctx: Context) -> dict[str, int]:
    return {
        "consultations": consultations(ctx).count(),
        "responses": responses(ctx).count(),
    }


def per_consultation(ctx: Context) -> DashTable:
    rows = (
        consultations(ctx)
        .annotate(
            n=Count(
                "responses",
                filter=Q(responses__submitted_at__isnull=False)
                & response_counts(ctx.forum_ids, "responses__"),
                distinct=True,
            ),
            owner=Coalesce("forum__name", Concat("region__name", Value(" region"))),
        )
        .order_by("-closes_at", "pk")
        .values("title", "owner", "n")
    )
    return build(
        Counts(
            "consultations",
            "Responses per consultation",
            "Consultation",
            ["Responses"],
            [(f"{row['title']} ({row['owner']})", [row["n"]]) for row in rows],
            chart=True,
            what="responses",
            note=CONSULTATIONS_RULE,
        )
    )


def per_forum(ctx: Context) -> DashTable:
    rows = (
        responses(ctx)
        .annotate(counted_for=Coalesce("consultation__forum__name", "forum__name"))
        .values("counted_for")
        .annotate(n=Count("pk"))
        .order_by("counted_for")
    )
    return build(
        Counts(
            "forums",
            "Responses per forum",
            "Forum",
            ["Responses"],
            [(row["counted_for"], [row["n"]]) for row in rows],
            chart=True,
            percent_of_total=True,
            what="responses",
            note="Answers to a region's consultation are counted with the forum the person "
            "answered as a member of.",
        )
    )


def themes_over_time(ctx: Context) -> DashTable:
    """Answers coded to each theme, by the quarter the consultation closed. Theme names are
    shown only from consultations whose forum has published the results."""
    rows = (
        Theme.objects.filter(
            consultation__in=consultations(ctx), consultation__results_published_at__isnull=False
        )
        .annotate(quarter=TruncQuarter("consultation__closes_at"), key=Lower("name"))
        .values("key", "quarter")
        .annotate(
            n=Count(
                "answers",
                filter=response_counts(ctx.forum_ids, "answers__response__"),
                distinct=True,
            )
        )
        .order_by("key", "quarter")
    )
    quarters = sorted({row["quarter"] for row in rows})
    grid: dict[str, dict[datetime, int]] = defaultdict(dict)
    for row in rows:
        grid[row["key"]][row["quarter"]] = row["n"]
    columns = [_quarter(q) for q in quarters]
    data = [(key.capitalize(), [grid[key].get(q, 0) for q in quarters]) for key in sorted(grid)]
    return build(
        Counts(
            "themes",
            "Themes across consultations over time",
            "Theme",
            columns or ["Answers"],
            data if quarters else [],
            row_totals=bool(quarters),
            what="answers coded to themes",
            note="Answers a forum coded to each theme, by the quarter the consultation closed. "
            "Only from consultations whose results the forum has published.",
        )
    )


def _quarter(moment: datetime) -> str:
    return f"{moment:%Y} Q{(moment.month - 1) // 3 + 1}"


@dataclass(frozen=True)
class Warning:
    theme: str
    earlier: int
    recent: int
    rising: bool


def _watch_q(field: str, words: tuple[str, ...]) -> Q:
    query = Q()
    for word in words:
        query |= Q(**{f"{field}__icontains": word})
    return query


def is_rising(*, earlier: int, recent: int) -> bool:
    """The early-warning rule, written once: a watched theme is rising when families raised it
    at least ``RISING_AT_LEAST`` times in the recent half of the time chosen and at least
    ``RISING_FACTOR`` times as often as in the earlier half. "Raised" counts each answer a forum
    coded to a theme with that word in its name, in consultations closing in that half, and each
    parent carer who took part in an engagement-log entry listing such a theme in that half.
    A theme raised for the first time (none earlier) is rising once it reaches the minimum."""
    return recent >= RISING_AT_LEAST and recent >= earlier * RISING_FACTOR


def early_warning(ctx: Context) -> tuple[DashTable, list[str]]:
    """The watched themes, their counts in each half of the time chosen, and which are rising.
    Two queries: one over coded answers, one over the engagement log."""
    middle = ctx.period.start + (ctx.period.end - ctx.period.start) / 2
    recent_q = Q(consultation__closes_at__gte=middle, consultation__closes_at__lt=ctx.period.end)
    earlier_q = Q(consultation__closes_at__gte=ctx.period.start, consultation__closes_at__lt=middle)
    themes = Theme.objects.filter(consultation_counts(ctx.forum_ids, "consultation__"))
    counted = response_counts(ctx.forum_ids, "answers__response__")
    answer_counts = themes.aggregate(
        **{
            f"{half}{n}": Count(
                "answers", distinct=True, filter=_watch_q("name", words) & when & counted
            )
            for n, words in enumerate(WATCHED.values())
            for half, when in (("e", earlier_q), ("r", recent_q))
        }
    )
    entries = EngagementEntry.objects.filter(forum_id__in=ctx.forum_ids)
    entry_counts = entries.aggregate(
        **{
            f"{half}{n}": Sum("participants", filter=_watch_q("themes", words) & when)
            for n, words in enumerate(WATCHED.values())
            for half, when in (
                ("e", Q(date__gte=ctx.period.start.date(), date__lt=middle.date())),
                ("r", Q(date__gte=middle.date(), date__lt=ctx.period.end.date())),
            )
        }
    )
    data: list[tuple[str, list[int]]] = []
    flagged: list[str] = []
    for n, theme in enumerate(WATCHED):
        earlier = answer_counts[f"e{n}"] + (entry_counts[f"e{n}"] or 0)
        recent = answer_counts[f"r{n}"] + (entry_counts[f"r{n}"] or 0)
        data.append((theme, [earlier, recent]))
        if is_rising(earlier=earlier, recent=recent):
            flagged.append(theme)
    table = build(
        Counts(
            "early-warning",
            "Early warning: watched themes in each half of the time chosen",
            "Theme",
            ["Earlier half", "Recent half"],
            data,
            measures={"Rising": ["Rising" if theme in flagged else "No" for theme in WATCHED]},
            what="times raised",
            summary=(
                f"Rising: {', '.join(flagged)}."
                if flagged
                else "No watched theme is rising in the time chosen."
            ),
            note=f"A theme is flagged as rising when families raised it at least "
            f"{RISING_AT_LEAST} times in the recent half, and at least half as often again as in "
            "the earlier half. Counted from coded consultation answers and the people at "
            "engagement events.",
        )
    )
    return table, flagged


def rising_in(table: DashTable) -> list[str]:
    """The themes the early-warning table flags."""
    return [row.label for row in table.rows if row.cells[-1] == "Rising"]


def tables(ctx: Context) -> list[DashTable]:
    warning, _ = early_warning(ctx)
    return [warning, per_consultation(ctx), per_forum(ctx), themes_over_time(ctx)]
