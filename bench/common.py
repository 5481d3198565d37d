"""What every benchmark starts with: Django set up against DATABASE_URL, and a forum with its
lead to build consultations for. Each benchmark puts the project on the path, then calls
``django_ready()`` before importing anything from Django or the project."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User
    from forums.models import Forum


def django_ready() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    os.environ.setdefault("TESTING", "true")
    django.setup()


def bench_forum_lead() -> tuple[Forum, User]:
    """The benchmarks' forum and its lead, made the first time (safe to call again)."""
    from accounts.models import Consent, User
    from forums import services as forum_services
    from forums.models import MembershipRole

    region = forum_services.region_ensure(name="Bench region")
    forum = forum_services.forum_ensure_for_area(region=region, area_name="Benchshire")
    lead, _ = User.objects.get_or_create(
        email="bench.lead@example.org", defaults={"full_name": "Bench Lead"}
    )
    Consent.objects.get_or_create(user=lead, kind="privacy_notice", defaults={"version": "2026-11"})
    forum_services.membership_grant(forum=forum, user=lead, role=MembershipRole.LEAD)
    return forum, lead
