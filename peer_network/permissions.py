"""Who may see a session, book a place, and use a session's host tools. Each rule is written
once here; the session list's queryset and the single-session checks both use it."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from forums.models import Forum, Membership
from forums.permissions import is_lead
from peer_network.models import Booking, Reach, Session, SessionKind


def _member_forums(user: User) -> list[int]:
    return list(Membership.objects.active().filter(user=user).values_list("forum_id", flat=True))


def _reach_includes(forum_ids: list[int]) -> Q:
    """Sessions whose reach takes in one of these forums."""
    region_ids = Forum.objects.filter(pk__in=forum_ids).values("region_id")
    return (
        Q(reach=Reach.NETWORK)
        | Q(reach=Reach.REGION, region_id__in=region_ids)
        | Q(reach=Reach.FORUM, forum_id__in=forum_ids)
    )


def hosted_by(user: User) -> Q:
    return Q(pk__in=Session.hosts.through.objects.filter(user_id=user.pk).values("session_id"))


def sessions_visible_to(user: User | AnonymousUser) -> Q:
    """Peer network sessions are open to everyone to read about. A family group's details are
    for parent carers who are members of a forum it reaches, its hosts and staff: families
    meeting for support are not advertised to the world."""
    peer = Q(kind=SessionKind.PEER)
    if not user.is_authenticated:
        return peer
    if user.is_staff:
        return Q()
    return (
        peer
        | hosted_by(user)
        | (Q(kind=SessionKind.FAMILY) & _reach_includes(_member_forums(user)))
    )


def is_host(user: User | AnonymousUser, session: Session) -> bool:
    """The one rule for host tools: a host of this session, a lead of the forum that runs it,
    or staff."""
    if not user.is_authenticated:
        return False
    if user.is_staff or session.hosts.filter(pk=user.pk).exists():
        return True
    return session.forum is not None and is_lead(user, session.forum)


def booking_refusal(user: User, session: Session) -> str | None:
    """Why this person may not book this session, in words for them; None if they may."""
    if session.status == "cancelled":
        return "This session has been cancelled, so it cannot be booked."
    if not session.is_bookable_now:
        return "This session has already started or finished, so it cannot be booked."
    if session.is_family_group:
        if user.role != Role.PARENT_CARER:
            return "Family groups are for parent carers only."
        if not Session.objects.filter(
            _reach_includes(_member_forums(user)), pk=session.pk
        ).exists():
            return "This family group is for members of the forum that runs it."
        return None
    if user.role == Role.PARENT_CARER and session.reach != Reach.NETWORK:
        forums = _member_forums(user)
        if not Session.objects.filter(_reach_includes(forums), pk=session.pk).exists():
            where = session.forum.name if session.forum else f"forums in {session.region}"
            return f"This session is for members of {where}."
    return None


def get_session_for_viewer(user: User | AnonymousUser, pk: int) -> Session:
    """A session this person may read about; one they may not is not found, so an id tried at
    random says nothing about another forum's family groups."""
    try:
        return Session.objects.filter(sessions_visible_to(user)).distinct().get(pk=pk)
    except Session.DoesNotExist:
        raise Http404("No such session.") from None


def get_session_for_host(user: User, pk: int) -> Session:
    """A session's host tools: 404 if it cannot be seen, 403 if the person is not a host."""
    session = get_session_for_viewer(user, pk)
    if not is_host(user, session):
        raise PermissionDenied("Only this session's hosts can see this.")
    return session


def get_booking_for_attendee(user: User, pk: int) -> Booking:
    """The person's own booking for a session, or 404."""
    session = get_session_for_viewer(user, pk)
    return get_object_or_404(Booking.objects.select_related("session"), session=session, user=user)
