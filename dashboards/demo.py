"""Dashboards demo data: the demo commissioner's figures cover the whole North East region, so
the demo forums, consultations, sessions and raised matters all show. Safe to run again."""

from __future__ import annotations

from accounts.models import User
from dashboards import services
from dashboards.models import CommissionerScope
from dashboards.summaries import summaries_refresh
from forums.models import Region


def seed(users: dict[str, User]) -> CommissionerScope:
    scope = services.scope_set(
        commissioner=users["commissioner@example.org"],
        set_by=users["admin@example.org"],
        region=Region.objects.get(name="North East"),
    )
    # The figures are worked out now, as the periodic job does every 30 minutes, so the demo's
    # dashboards open at once from the summary tables.
    summaries_refresh()
    return scope
