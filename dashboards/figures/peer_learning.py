"""Peer learning: sessions held by the forums in scope, attendance by sector, and the feedback
ratings."""

from __future__ import annotations

from django.db.models import Avg, Count, Q, QuerySet

from accounts.models import Role, Sector
from core.suppression import shown_average
from dashboards.figures.context import Context
from dashboards.figures.counting import SESSIONS_RULE, place_counts, session_counts
from dashboards.tables import Counts, DashTable, build
from peer_network.models import Booking, Feedback, Session, SessionKind, SessionStatus

RATINGS = range(1, 6)


def _held(ctx: Context, prefix: str = "") -> Q:
    """Sessions that took place (were not cancelled) in the time chosen."""
    return (
        Q(**{f"{prefix}starts_at__lt": min(ctx.now, ctx.period.end)})
        & ctx.in_period(f"{prefix}starts_at")
        & ~Q(**{f"{prefix}status": SessionStatus.CANCELLED})
    )


def sessions(ctx: Context) -> QuerySet[Session]:
    """Sessions held in the time chosen that count in the scope (dashboards.figures.counting)."""
    return Session.objects.filter(_held(ctx), session_counts(ctx.forum_ids))


def attended(ctx: Context) -> QuerySet[Booking]:
    """Places attended at those sessions that count in the scope."""
    return Booking.objects.filter(_held(ctx, "session__"), place_counts(ctx.forum_ids))


def headline_counts(ctx: Context) -> dict[str, int]:
    return {
        "sessions": sessions(ctx).count(),
        "attended": attended(ctx).count(),
    }


def by_kind(ctx: Context) -> DashTable:
    held = dict(sessions(ctx).values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    places = dict(
        attended(ctx)
        .values("session__kind")
        .annotate(n=Count("pk"))
        .values_list("session__kind", "n")
    )
    counts = {kind: (held.get(kind, 0), places.get(kind, 0)) for kind in SessionKind.values}
    return build(
        Counts(
            "sessions",
            "Sessions and attendance",
            "Kind of session",
            ["Sessions", "Attended"],
            [(label, list(counts.get(value, (0, 0)))) for value, label in SessionKind.choices],
            what="sessions",
            note=SESSIONS_RULE,
        )
    )


SECTOR_ROWS: list[tuple[str, Q]] = [
    ("Parent carers", Q(user__role=Role.PARENT_CARER)),
    *[
        (f"Practitioners: {label}", Q(user__role=Role.PRACTITIONER, user__sector=value))
        for value, label in Sector.choices
    ],
    ("Practitioners: sector not given", Q(user__role=Role.PRACTITIONER, user__sector="")),
    ("Commissioners", Q(user__role=Role.COMMISSIONER)),
]


def by_sector(ctx: Context) -> DashTable:
    counts = attended(ctx).aggregate(
        **{f"s{n}": Count("pk", filter=q) for n, (_, q) in enumerate(SECTOR_ROWS)}
    )
    return build(
        Counts(
            "sectors",
            "Attendance by sector",
            "Who attended",
            ["Attended"],
            [(label, [counts[f"s{n}"]]) for n, (label, _) in enumerate(SECTOR_ROWS)],
            chart=True,
            percent_of_total=True,
            what="places attended",
        )
    )


def ratings(ctx: Context) -> DashTable:
    feedback = Feedback.objects.filter(booking__in=attended(ctx))
    counts = feedback.aggregate(
        **{f"r{n}": Count("pk", filter=Q(rating=n)) for n in RATINGS}, mean=Avg("rating")
    )
    total = sum(counts[f"r{n}"] for n in RATINGS)
    # The mean is shown only over enough ratings: core.suppression decides from the count.
    mean = shown_average([counts["mean"] or 0] * total)
    return build(
        Counts(
            "ratings",
            "Feedback ratings",
            "Rating (5 is best)",
            ["Ratings"],
            [(str(n), [counts[f"r{n}"]]) for n in RATINGS],
            chart=True,
            percent_of_total=True,
            what="ratings",
            note=f"Average rating: {mean}." if mean else "An average is shown from 10 ratings.",
        )
    )


def tables(ctx: Context) -> list[DashTable]:
    return [by_kind(ctx), by_sector(ctx), ratings(ctx)]
