"""A practitioner's home leads with their next booked session and sessions on their sector's
topics."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Sector
from peer_network import services
from peer_network.models import Topic
from tests.accounts.factories import UserFactory
from tests.peer_network.factories import SessionFactory
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _in(days: int, **fields: object) -> dict[str, object]:
    start = timezone.now() + timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=1), **fields}


def test_a_practitioner_sees_their_next_session_and_sessions_for_their_sector(
    make_client: MakeClient,
) -> None:
    nurse = UserFactory.create(practitioner=True, sector=Sector.HEALTH)
    later = SessionFactory.create(**_in(9, title="Booked later"))
    sooner = SessionFactory.create(**_in(3, title="Booked sooner"))
    for session in (later, sooner):
        services.booking_create(session_id=session.pk, user=nurse)
    health = SessionFactory.create(**_in(5, title="Health and forums"))
    health.topics.add(Topic.objects.get(slug="health"))
    schools = SessionFactory.create(**_in(4, title="Schools and forums"))
    schools.topics.add(Topic.objects.get(slug="ehc-plans"))
    SessionFactory.create(**_in(2, title="A family group", kind="family", reach="network"))

    response = make_client(nurse).get(reverse("home"))
    page = response.content.decode()
    assert response.context["next_booking"].session == sooner
    assert [s.title for s in response.context["sessions_for_you"]] == ["Health and forums"]
    assert page.index("Your next session") < page.index("Booked sooner")
    assert "Schools and forums" not in page
    # Every learning path, with how far they have got (none yet here).
    assert response.context["path_progress"] == []


def test_a_parent_carer_sees_their_next_session_but_no_sector_list(make_client: MakeClient) -> None:
    parent = UserFactory.create()
    session = SessionFactory.create(**_in(3, title="Coffee morning"))
    services.booking_create(session_id=session.pk, user=parent)
    response = make_client(parent).get(reverse("home"))
    assert "Coffee morning" in response.content.decode()
    assert response.context["sessions_for_you"] == []
