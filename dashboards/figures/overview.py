"""Overview: the headline figures from every page, members' growth, actions by status and the
overdue actions."""

from __future__ import annotations

from django.db.models import Sum

from dashboards.figures import early_response, impact, peer_learning, reach, schools, voice
from dashboards.figures.context import Context
from dashboards.tables import DashTable, headline
from forums.models import EngagementEntry


def offline_reach(ctx: Context) -> int:
    """Parent carers who took part in the forums' events, from the engagement log."""
    total = EngagementEntry.objects.filter(
        forum_id__in=ctx.forum_ids,
        date__gte=ctx.period.start.date(),
        date__lt=ctx.period.end.date(),
    ).aggregate(n=Sum("participants"))["n"]
    return total or 0


def at_a_glance(ctx: Context) -> DashTable:
    people = reach.headline_counts(ctx)
    said = voice.headline_counts(ctx)
    peer = peer_learning.headline_counts(ctx)
    raised = early_response.headline_counts(early_response.clocks(ctx))
    data = [
        ("Members reached", people["reached"]),
        (f"Members active in the last {reach.ACTIVE_DAYS} days", people["active"]),
        ("Consultations run", said["consultations"]),
        ("Responses received", said["responses"]),
        ("People reached at events (engagement log)", offline_reach(ctx)),
        ("Peer sessions held", peer["sessions"]),
        ("Places attended at peer sessions", peer["attended"]),
        ('"You said, we did" actions overdue', impact.overdue_count(ctx)),
        ("Matters raised early with partners", raised["raised"]),
        ("Raised matters still open", raised["open"]),
        ("Raised matters overdue for a first response", raised["overdue"]),
        ("Schools in school development programmes", schools.headline_counts(ctx)["schools"]),
    ]
    return headline(
        "glance",
        "At a glance",
        data,
        f"The main figures, {ctx.period.label}.",
    )


def tables(ctx: Context) -> list[DashTable]:
    return [
        at_a_glance(ctx),
        reach.growth_by_month(ctx),
        impact.by_status(ctx),
        peer_learning.by_sector(ctx),
    ]
