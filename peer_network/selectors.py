"""Reads the Peer Network's pages need, each in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accounts.models import Role, Sector, User
from forums.models import Forum, Membership
from peer_network.models import (
    Booking,
    BookingStatus,
    DirectoryListing,
    Feedback,
    Session,
    SessionStatus,
)
from peer_network.permissions import hosted_by, sessions_visible_to


def sessions_upcoming_for(
    user: User | AnonymousUser,
    *,
    topic: str = "",
    format: str = "",
    kind: str = "",
    starts_before: datetime | None = None,
) -> QuerySet[Session]:
    """Upcoming scheduled sessions this person may see, filtered, with their places counted."""
    sessions = Session.objects.upcoming().filter(sessions_visible_to(user))
    if topic:
        sessions = sessions.filter(topics__slug=topic)
    if format:
        sessions = sessions.filter(format=format)
    if kind:
        sessions = sessions.filter(kind=kind)
    if starts_before is not None:
        sessions = sessions.filter(starts_at__lt=starts_before)
    return sessions.distinct().for_listing()


def bookings_of(user: User | AnonymousUser, sessions: list[Session]) -> dict[int, Booking]:
    """This person's live bookings among these sessions, by session id, in one query."""
    if not user.is_authenticated:
        return {}
    bookings = Booking.objects.live().filter(user=user, session__in=[s.pk for s in sessions])
    return {booking.session_id: booking for booking in bookings}


def session_for_page(session: Session) -> Session:
    """The session again with its place counts, topics and hosts, for its page."""
    return (
        Session.objects.for_listing()
        .prefetch_related(
            Prefetch(
                "hosts",
                queryset=User.objects.prefetch_related(
                    Prefetch(
                        "memberships",
                        queryset=Membership.objects.active().select_related("forum"),
                        to_attr="active_memberships",
                    )
                ),
            )
        )
        .get(pk=session.pk)
    )


@dataclass
class YourSessions:
    booked: list[Booking] = field(default_factory=list)
    waiting: list[Booking] = field(default_factory=list)
    past: list[Booking] = field(default_factory=list)
    hosting: list[Session] = field(default_factory=list)


def sessions_of(user: User) -> YourSessions:
    """A person's places, waiting lists, past sessions (with whether they gave feedback) and
    the sessions they host."""
    yours = YourSessions()
    bookings = (
        Booking.objects.filter(user=user)
        .exclude(status=BookingStatus.CANCELLED)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session", "feedback")
        .order_by("session__starts_at")
    )
    for booking in bookings:
        if booking.session.has_ended:
            if booking.is_confirmed:
                yours.past.append(booking)
        elif booking.is_confirmed:
            yours.booked.append(booking)
        else:
            yours.waiting.append(booking)
    yours.past.reverse()
    yours.hosting = list(
        Session.objects.filter(hosted_by(user))
        .exclude(status=SessionStatus.CANCELLED)
        .with_place_counts()
        .order_by("-starts_at")[:20]
    )
    return yours


def next_booked_session(user: User) -> Booking | None:
    return (
        Booking.objects.confirmed()
        .filter(user=user, session__status=SessionStatus.SCHEDULED)
        .filter(session__ends_at__gt=timezone.now())
        .select_related("session")
        .order_by("session__starts_at")
        .first()
    )


# Which topics speak to each sector's work, for "sessions for you" on a practitioner's home.
SECTOR_TOPICS: dict[str, tuple[str, ...]] = {
    Sector.HEALTH: ("health", "mental-health", "commissioning"),
    Sector.EDUCATION: ("ehc-plans", "autism", "preparing-for-adulthood"),
    Sector.SOCIAL_CARE: ("social-care", "preparing-for-adulthood", "commissioning"),
    Sector.VOLUNTARY: ("co-production", "mental-health"),
}


def sessions_for_sector(user: User, *, limit: int = 3) -> list[Session]:
    """Upcoming peer network sessions on topics of the practitioner's sector that they could
    still book (places kept for practitioners, or a total), soonest first, leaving out ones
    they are already on. Without a sector, any upcoming peer network session."""
    booked = Booking.objects.live().filter(user=user).values("session_id")
    sessions = sessions_upcoming_for(user, kind="peer").exclude(pk__in=booked)
    topics = SECTOR_TOPICS.get(user.sector, ())
    if topics:
        sessions = sessions.filter(
            pk__in=Session.topics.through.objects.filter(topic__slug__in=topics).values(
                "session_id"
            )
        )
    return list(sessions[:limit])


@dataclass(frozen=True)
class HostSummary:
    """What a session's hosts see about it: who is booked and waiting (with access needs),
    the balance of sectors among those who came (or are booked), and the feedback."""

    confirmed: list[Booking]
    waiting: list[Booking]
    balance: list[tuple[str, int]]
    balance_of: str
    feedback_count: int
    average_rating: float | None
    ratings: list[tuple[int, int]]
    one_things: list[str]
    comments: list[str]


def _sector_label(user: User) -> str:
    if user.role == Role.PARENT_CARER:
        return "Parent carers"
    if user.role == Role.COMMISSIONER:
        return "Commissioners"
    if user.sector:
        return f"{Sector(user.sector).label}"
    return "Practitioners (sector not given)"


def host_summary(session: Session) -> HostSummary:
    bookings = list(
        session.bookings.live().select_related("user", "feedback").order_by("queued_at", "pk")
    )
    confirmed = [b for b in bookings if b.is_confirmed]
    waiting = [b for b in bookings if b.is_waiting]
    came = [b for b in confirmed if b.attended]
    in_room = came or confirmed
    balance = Counter(_sector_label(b.user) for b in in_room)
    feedback: list[Feedback] = [b.feedback for b in confirmed if hasattr(b, "feedback")]
    ratings = Counter(f.rating for f in feedback)
    return HostSummary(
        confirmed=confirmed,
        waiting=waiting,
        balance=sorted(balance.items(), key=lambda item: (-item[1], item[0])),
        balance_of="came" if came else "booked",
        feedback_count=len(feedback),
        average_rating=(
            round(sum(f.rating for f in feedback) / len(feedback), 1) if feedback else None
        ),
        ratings=[(n, ratings.get(n, 0)) for n in range(5, 0, -1)],
        one_things=sorted(f.one_thing for f in feedback if f.one_thing),
        comments=sorted(f.comments for f in feedback if f.comments),
    )


def directory_entries() -> QuerySet[DirectoryListing]:
    """Everyone listed, with their forums, in a fixed number of queries. No email address is
    read for the page."""
    return (
        DirectoryListing.objects.filter(user__is_active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "user__memberships",
                queryset=Membership.objects.active().select_related("forum"),
                to_attr="active_memberships",
            )
        )
        .order_by("user__full_name", "pk")
    )


def forum_page_sessions(forum: Forum, user: User | AnonymousUser) -> dict[str, object]:
    """For the forum's page: its next sessions this person may see. One query."""
    sessions = (
        Session.objects.upcoming()
        .filter(forum=forum)
        .filter(sessions_visible_to(user))
        .distinct()
        .order_by("starts_at")[:3]
    )
    return {"forum": forum, "sessions": list(sessions)}
