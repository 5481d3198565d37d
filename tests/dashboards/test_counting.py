"""The counting rule (dashboards.figures.counting) through the pages' figures: a region's
consultation counts its answers from members of forums in scope; a network or region session
counts the places of attendees from forums in scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from consultations.models import Consultation, Response
from dashboards.figures import overview, peer_learning, voice
from dashboards.figures.context import Context
from dashboards.forms import months_back
from dashboards.scope import scope_for
from dashboards.tables import DashTable
from forums.models import Forum
from peer_network.models import Booking, BookingStatus, Session
from tests.dashboards.factories import area_of, members, scope_to, session_with

pytestmark = pytest.mark.django_db


def _ctx(user: User) -> Context:
    found = scope_for(user)
    assert found is not None
    return Context(scope=found[0], period=months_back(12), now=timezone.now())


def _glance(ctx: Context, label: str) -> str:
    table = overview.at_a_glance(ctx)
    return next(row.cells[0] for row in table.rows if row.label == label)


def _cell(table: DashTable, label: str, column: int = 0) -> str:
    return next(row.cells[column] for row in table.rows if row.label.startswith(label))


def region_consultation(forums: list[Forum], answers: dict[Forum | None, int]) -> Consultation:
    now = timezone.now()
    consultation = Consultation.objects.create(
        region=forums[0].region,
        title="Preparing for adulthood",
        summary="Across the region.",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=2),
        launched_at=now - timedelta(days=30),
    )
    consultation.audience_forums.set(forums)
    for forum, count in answers.items():
        for n in range(count):
            Response.objects.create(
                consultation=consultation,
                forum=forum,
                respondent_type="parent_carer",
                reference=f"R{forum.pk if forum else 0}-{n}",
                submitted_at=now - timedelta(days=5),
            )
    return consultation


def test_a_region_consultation_counts_answers_from_forums_in_scope(
    commissioner: User, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    mine, theirs = gateshead[0], sunderland[0]
    region_consultation([mine, theirs], {mine: 7, theirs: 30, None: 11})
    scope_to(commissioner, area_of(mine))
    ctx = _ctx(commissioner)
    assert _glance(ctx, "Consultations run") == "Not shown"  # one consultation
    assert _glance(ctx, "Responses received") == "7"
    assert _cell(voice.per_consultation(ctx), "Preparing for adulthood") == "7"
    assert f"({mine.region.name} region)" in voice.per_consultation(ctx).rows[0].label
    assert _cell(voice.per_forum(ctx), mine.name) == "7"
    assert theirs.name not in [row.label for row in voice.per_forum(ctx).rows]


def test_a_region_consultation_not_asking_the_scope_does_not_count(
    commissioner: User, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    mine, theirs = gateshead[0], sunderland[0]
    region_consultation([theirs], {theirs: 30})
    scope_to(commissioner, area_of(mine))
    ctx = _ctx(commissioner)
    assert _glance(ctx, "Consultations run") == "0"
    assert _glance(ctx, "Responses received") == "0"


def _network_session(attendees: list[User], *, forum: Forum | None = None) -> Session:
    now = timezone.now()
    session = Session.objects.create(
        title="Across the network",
        description="Open to all.",
        starts_at=now - timedelta(days=10),
        ends_at=now - timedelta(days=10) + timedelta(hours=1),
        forum=forum,
        reach="network",
        capacity=40,
    )
    for person in attendees:
        Booking.objects.create(
            session=session, user=person, status=BookingStatus.CONFIRMED, seat="any", attended=True
        )
    return session


def test_a_network_session_counts_the_places_of_attendees_from_forums_in_scope(
    commissioner: User, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    mine, theirs = gateshead[0], sunderland[0]
    _network_session(members(mine, 6) + members(theirs, 9))
    scope_to(commissioner, area_of(mine))
    ctx = _ctx(commissioner)
    assert peer_learning.headline_counts(ctx) == {"sessions": 1, "attended": 6}
    assert _cell(peer_learning.by_sector(ctx), "Parent carers") == "6"


def test_a_network_session_nobody_in_scope_attended_does_not_count(
    commissioner: User, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    mine, theirs = gateshead[0], sunderland[0]
    _network_session(members(theirs, 9))
    scope_to(commissioner, area_of(mine))
    assert peer_learning.headline_counts(_ctx(commissioner)) == {"sessions": 0, "attended": 0}


def test_a_forum_session_counts_in_full_and_a_forum_run_network_session_by_attendee(
    commissioner: User, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    mine, theirs = gateshead[0], sunderland[0]
    session_with(mine, members(theirs, 5))  # one forum's session: every place counts
    _network_session(members(theirs, 8), forum=mine)  # run by mine, nobody from mine came
    scope_to(commissioner, area_of(mine))
    assert peer_learning.headline_counts(_ctx(commissioner)) == {"sessions": 2, "attended": 5}


def test_the_rules_are_stated_on_the_pages(
    commissioner: User, gateshead: tuple[Forum, User]
) -> None:
    scope_to(commissioner, area_of(gateshead[0]))
    ctx = _ctx(commissioner)
    assert "region" in voice.per_consultation(ctx).note
    assert "network" in peer_learning.by_kind(ctx).note
