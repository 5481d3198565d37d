"""Scopes and a little of everything a dashboard counts, for tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from consultations.models import Action, Consultation, Response
from dashboards.models import CommissionerScope
from forums.models import CouncilArea, Forum, Region
from peer_network.models import Booking, BookingStatus, Feedback, Session
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory


def scope_to(user: User, *areas: CouncilArea, region: Region | None = None) -> CommissionerScope:
    scope = CommissionerScope.objects.create(user=user, region=region)
    scope.council_areas.set(areas)
    return scope


def area_of(forum: Forum) -> CouncilArea:
    area = forum.council_areas.get()
    return area


def members(forum: Forum, count: int, **profile: object) -> list[User]:
    people = []
    for _ in range(count):
        membership = MembershipFactory.create(forum=forum)
        people.append(membership.user)
    return people


def consultation_with_responses(
    forum: Forum, lead: User, responses: int, *, title: str = "Short breaks", published: bool = True
) -> Consultation:
    now = timezone.now()
    consultation = Consultation.objects.create(
        forum=forum,
        title=title,
        summary="About short breaks.",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=2),
        created_by=lead,
        launched_at=now - timedelta(days=30),
        results_published_at=now - timedelta(days=1) if published else None,
    )
    for n in range(responses):
        Response.objects.create(
            consultation=consultation,
            respondent_type="parent_carer",
            reference=f"{consultation.pk}-{n}",
            submitted_at=now - timedelta(days=5),
        )
    return consultation


def action(consultation: Consultation, status: str = "planned", **fields: object) -> Action:
    return Action.objects.create(
        consultation=consultation,
        title=str(fields.pop("title", "Publish the short breaks statement")),
        owner_type=str(fields.pop("owner_type", "council")),
        owner_name="Council",
        status=status,
        **fields,
    )


def session_with(forum: Forum, attended: list[User], ratings: list[int] = ()) -> Session:  # type: ignore[assignment]
    now = timezone.now()
    session = Session.objects.create(
        title="Talking to school",
        description="A peer session.",
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=1),
        forum=forum,
        region=forum.region,
        reach="forum",
        capacity=20,
    )
    for n, person in enumerate(attended):
        booking = Booking.objects.create(
            session=session,
            user=person,
            status=BookingStatus.CONFIRMED,
            seat="parent_carer",
            attended=True,
        )
        if n < len(ratings):
            Feedback.objects.create(booking=booking, rating=ratings[n], one_thing="Ask early")
    return session


def practitioner(sector: str) -> User:
    return UserFactory.create(practitioner=True, sector=sector)
