"""Reads the raised-matters pages need, with the clock worked out once per page."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from forums.models import Forum, Region
from raised.clock import Clock, Figures, figures, holidays, matter_clock
from raised.models import Matter, MatterQuerySet
from raised.permissions import commissioned_forums


@dataclass(frozen=True)
class Listed:
    matter: Matter
    clock: Clock


def listed(matters: MatterQuerySet) -> tuple[list[Listed], Figures]:
    """Each matter with its clock, and the figures over all of them, in two queries (the
    matters with their partners, and the bank holidays)."""
    rows = list(matters.for_listing())
    dates = holidays()
    now = timezone.now()
    return [Listed(m, matter_clock(m, dates, now)) for m in rows], figures(rows, dates, now)


def matters_for_partner(user: User) -> MatterQuerySet:
    """Raised with the organisations this person answers for, and (for a commissioner) every
    matter of the forums they commission for."""
    return Matter.objects.filter(
        Q(partner__contact=user) | Q(forum__in=Forum.objects.filter(commissioned_forums(user)))
    ).distinct()


def published_in_region(region: Region) -> MatterQuerySet:
    return Matter.objects.published().filter(forum__region=region)


def forum_page_raised(forum: Forum, user: object) -> dict[str, object]:
    """For the forum's page: the latest matters it raised that partners have answered and the
    forum published. One query."""
    return {"forum": forum, "matters": list(Matter.objects.published().filter(forum=forum)[:3])}
