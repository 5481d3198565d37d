"""Dashboards demo data: the demo commissioner's figures cover the whole North East region, so
the demo forums, consultations, sessions and raised matters all show. Safe to run again."""

from __future__ import annotations

from accounts.models import User
from dashboards import services
from dashboards.models import CommissionerScope
from forums.models import Region


def seed(users: dict[str, User]) -> CommissionerScope:
    return services.scope_set(
        commissioner=users["commissioner@example.org"],
        set_by=users["admin@example.org"],
        region=Region.objects.get(name="North East"),
    )
