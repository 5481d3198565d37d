"""Partners and raised matters for tests."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from forums.models import CouncilArea, Forum
from raised import services
from raised.models import Matter, Partner
from raised.services import MatterDetails
from tests.accounts.factories import UserFactory


def forum_area(forum: Forum) -> CouncilArea:
    area = forum.council_areas.first()
    if area is None:
        area = CouncilArea.objects.create(
            name=f"{forum.name} area", slug=f"{forum.slug}-area", region=forum.region
        )
        forum.council_areas.add(area)
    return area


def partner_for(
    forum: Forum,
    lead: User,
    *,
    name: str = "SEND Service",
    contact: User | None = None,
    days: int = 20,
) -> Partner:
    contact = contact or UserFactory.create(practitioner=True)
    return services.partner_add(
        forum=forum,
        added_by=lead,
        name=name,
        kind="council",
        contact_email=contact.email,
        response_days=days,
    )


def raise_matter(
    forum: Forum,
    lead: User,
    partner: Partner,
    *,
    title: str = "Waiting for assessments",
    raised_at: datetime | None = None,
    **changes: Any,
) -> Matter:
    fields: dict[str, object] = {
        "title": title,
        "description": "Families wait too long.",
        "area_of_life": "health",
        "council_area": forum_area(forum),
        "families": 12,
        "families_since": date(2026, 1, 1),
        "partner": partner,
        "visibility": "partners",
        **changes,
    }
    matter = services.matter_raise(forum=forum, raised_by=lead, details=MatterDetails(**fields))  # type: ignore[arg-type]
    if raised_at is not None:
        Matter.objects.filter(pk=matter.pk).update(raised_at=raised_at)
        matter.refresh_from_db()
    return matter


def days_ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)
