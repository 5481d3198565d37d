"""Writes for the Peer Network: sessions, bookings and the waiting list, attendance, feedback and
the directory. Views check permission through peer_network.permissions; these functions check it
again, so that no caller can skip it.

Places are handed out under a row lock on the session (``select_for_update``), so two people
can never take the same last place and the waiting list is promoted in order exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.dates import gov_datetime
from core.emails import email_send_on_commit, site_link
from forums.models import Forum, Region
from forums.permissions import is_lead
from peer_network.calendar import calendar_attachment
from peer_network.models import (
    Booking,
    BookingStatus,
    DirectoryListing,
    Feedback,
    Reach,
    Seat,
    Session,
    SessionFormat,
    SessionKind,
    SessionStatus,
    Topic,
)
from peer_network.permissions import booking_refusal, is_host


class BookingRefused(ValidationError):
    """The person may not book this session; the message says why, in their words."""


@dataclass(frozen=True)
class SessionDetails:
    """What a host types about a session."""

    title: str
    description: str
    kind: str
    format: str
    starts_at: datetime
    ends_at: datetime
    reach: str
    venue_name: str = ""
    venue_address: str = ""
    access_information: str = ""
    joining_link: str = ""
    capacity: int | None = None
    parent_carer_places: int | None = None
    practitioner_places: int | None = None


# A change to any of these is a change people's calendars must take.
CALENDAR_FIELDS = ("starts_at", "ends_at", "format", "venue_name", "venue_address", "joining_link")


def _details_check(details: SessionDetails) -> None:
    errors: dict[str, str] = {}
    if details.ends_at <= details.starts_at:
        errors["ends_at"] = "The session must end after it starts"
    if details.format != SessionFormat.ONLINE and not details.venue_name.strip():
        errors["venue_name"] = "Enter where the session meets"
    if details.format != SessionFormat.IN_PERSON and not details.joining_link.strip():
        errors["joining_link"] = "Enter the link people use to join online"
    split = details.parent_carer_places is not None or details.practitioner_places is not None
    if split and (details.parent_carer_places is None or details.practitioner_places is None):
        errors["practitioner_places"] = (
            "Enter places for both parent carers and practitioners, or one total"
        )
    if not split and not details.capacity:
        errors["capacity"] = "Enter how many places there are"
    if details.kind == SessionKind.FAMILY and details.reach == Reach.NETWORK:
        errors["reach"] = "A family group is for one forum or the forums in a region"
    if errors:
        raise ValidationError(errors)


def _places(details: SessionDetails) -> dict[str, int | None]:
    if details.parent_carer_places is not None:
        return {
            "capacity": None,
            "parent_carer_places": details.parent_carer_places,
            "practitioner_places": 0
            if details.kind == SessionKind.FAMILY
            else details.practitioner_places,
        }
    return {"capacity": details.capacity, "parent_carer_places": None, "practitioner_places": None}


def may_plan_for(user: User, forum: Forum | None) -> bool:
    """Staff plan sessions for the whole network; a forum's leads plan their forum's."""
    return user.is_staff or (forum is not None and is_lead(user, forum))


def session_create(
    *,
    created_by: User,
    forum: Forum | None,
    details: SessionDetails,
    topics: Iterable[Topic] = (),
    co_hosts: Iterable[User] = (),
    host_self: bool = True,
) -> Session:
    """A new scheduled session, run by ``forum`` (None: by the network's staff). The person who
    plans it hosts it (unless ``host_self`` is False: staff planning for others), with any
    co-hosts. Reach "a region" means the forum's region."""
    if not may_plan_for(created_by, forum):
        raise PermissionDenied("Only a forum's leads or staff can plan sessions.")
    _details_check(details)
    region: Region | None = forum.region if forum and details.reach == Reach.REGION else None
    if details.reach == Reach.FORUM and forum is None:
        raise ValidationError({"reach": "Choose the whole network for a session no forum runs"})
    if details.reach == Reach.REGION and region is None:
        raise ValidationError({"reach": "Choose the whole network for a session no forum runs"})
    fields = {
        k: v
        for k, v in details.__dict__.items()
        if k not in ("capacity", "parent_carer_places", "practitioner_places")
    }
    with transaction.atomic():
        session = Session.objects.create(
            **fields, **_places(details), forum=forum, region=region, created_by=created_by
        )
        session.topics.set(list(topics))
        session.hosts.set([created_by, *co_hosts] if host_self else list(co_hosts))
    return session


def session_update(
    *,
    session: Session,
    edited_by: User,
    details: SessionDetails,
    topics: Iterable[Topic] = (),
    co_hosts: Iterable[User] = (),
) -> Session:
    """Change a scheduled session. If its time or place changed, people with a place get an
    updated calendar event (same UID, next SEQUENCE) and an email saying what changed. Places
    are not taken away: a smaller number stops new bookings until people cancel."""
    if not is_host(edited_by, session):
        raise PermissionDenied("Only this session's hosts can change it.")
    if session.status != SessionStatus.SCHEDULED:
        raise ValidationError("Only a scheduled session can be changed.")
    _details_check(details)
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        before = {name: getattr(session, name) for name in CALENDAR_FIELDS}
        for name, value in {**details.__dict__, **_places(details)}.items():
            setattr(session, name, value)
        if details.reach == Reach.REGION and session.forum is not None:
            session.region = session.forum.region
        elif details.reach != Reach.REGION:
            session.region = None
        changed = [name for name in CALENDAR_FIELDS if getattr(session, name) != before[name]]
        if changed:
            session.calendar_sequence += 1
        session.save()
        session.topics.set(list(topics))
        session.hosts.set({edited_by, *session.hosts.all(), *co_hosts})
        if changed:
            _email_bookers(
                session,
                statuses=(BookingStatus.CONFIRMED,),
                subject=f"Changed: {session.title}",
                template="emails/peer_network/session_changed.txt",
            )
        _places_freed(session)
    return session


def session_cancel(*, session: Session, cancelled_by: User, reason: str) -> None:
    """Cancel a session. Everyone booked or waiting is told, and confirmed places get a
    cancellation of the calendar event. Cancelling twice does nothing more."""
    if not is_host(cancelled_by, session):
        raise PermissionDenied("Only this session's hosts can cancel it.")
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session.pk)
        if session.status == SessionStatus.CANCELLED:
            return
        if session.has_ended:
            raise ValidationError("This session has already happened, so it cannot be cancelled.")
        session.status = SessionStatus.CANCELLED
        session.cancelled_reason = reason.strip()
        session.calendar_sequence += 1
        session.save(
            update_fields=["status", "cancelled_reason", "calendar_sequence", "updated_at"]
        )
        _email_bookers(
            session,
            statuses=(BookingStatus.CONFIRMED, BookingStatus.WAITING),
            subject=f"Cancelled: {session.title}",
            template="emails/peer_network/session_cancelled.txt",
        )


def _email_bookers(
    session: Session, *, statuses: tuple[str, ...], subject: str, template: str
) -> None:
    bookings = session.bookings.filter(status__in=statuses).select_related("user")
    attachment = calendar_attachment(session)
    for booking in bookings:
        email_send_on_commit(
            to=[booking.user.email],
            subject=subject,
            template=template,
            context=_email_context(session, booking),
            attachments=(attachment,) if booking.is_confirmed else (),
        )


def _email_context(session: Session, booking: Booking) -> dict[str, object]:
    return {
        "session": session,
        "booking": booking,
        "person": booking.user,
        "when": gov_datetime(session.starts_at),
        "until": gov_datetime(session.ends_at),
        "session_link": site_link(reverse("peer_network:detail", args=[session.pk])),
    }


def booking_create(*, session_id: int, user: User, access_needs: str = "") -> Booking:
    """Book a place, or join the waiting list if the person's places are all taken.

    Idempotent: a person already booked or waiting keeps what they have (their access needs
    are updated). Someone who cancelled and books again joins at the back of the queue.
    Raises BookingRefused (a session past, cancelled, or not for this person)."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        refusal = booking_refusal(user, session)
        if refusal:
            raise BookingRefused(refusal)
        booking = Booking.objects.filter(session=session, user=user).first()
        if booking is not None and booking.status != BookingStatus.CANCELLED:
            if access_needs.strip() != booking.access_needs:
                booking.access_needs = access_needs.strip()
                booking.save(update_fields=["access_needs"])
            return booking
        seat = session.seat_for(user)
        taken = session.bookings.filter(status=BookingStatus.CONFIRMED, seat=seat).count()
        waiting = session.bookings.filter(status=BookingStatus.WAITING, seat=seat).exists()
        # Nobody jumps the queue: a place freed while people wait goes to them first.
        has_place = taken < session.places_for(seat) and not waiting
        now = timezone.now()
        booking = booking or Booking(session=session, user=user)
        booking.status = BookingStatus.CONFIRMED if has_place else BookingStatus.WAITING
        booking.seat = seat
        booking.access_needs = access_needs.strip()
        booking.queued_at = now
        booking.confirmed_at = now if has_place else None
        booking.cancelled_at = None
        booking.attended = None
        booking.save()
        if has_place:
            email_send_on_commit(
                to=[user.email],
                subject=f"Your place: {session.title}",
                template="emails/peer_network/booking_confirmed.txt",
                context=_email_context(session, booking),
                attachments=(calendar_attachment(session),),
            )
        else:
            email_send_on_commit(
                to=[user.email],
                subject=f"Waiting list: {session.title}",
                template="emails/peer_network/booking_waiting.txt",
                context=_email_context(session, booking),
            )
    return booking


def booking_cancel(*, session_id: int, user: User) -> None:
    """Give up a place or leave the waiting list. A freed place goes to the first person
    waiting for that kind of place, who is emailed. Cancelling twice does nothing more."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        booking = Booking.objects.filter(session=session, user=user).first()
        if booking is None or booking.status == BookingStatus.CANCELLED:
            return
        if session.has_ended:
            raise ValidationError("This session has already happened.")
        was_confirmed = booking.is_confirmed
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        email_send_on_commit(
            to=[user.email],
            subject=f"Cancelled: your {'place' if was_confirmed else 'waiting list place'} at {session.title}",
            template="emails/peer_network/booking_cancelled.txt",
            context={**_email_context(session, booking), "was_confirmed": was_confirmed},
            user_id=user.pk,
        )
        _places_freed(session)


def access_needs_clear(*, user: User) -> int:
    """Clear the access needs a person gave on every booking, past and future (withdrawing
    consent about needs). Idempotent. Returns how many bookings had some."""
    return Booking.objects.filter(user=user).exclude(access_needs="").update(access_needs="")


def _places_freed(session: Session) -> None:
    """Promote people waiting, in order, into places that are free. Needs the session's row
    lock held by the caller."""
    if session.status != SessionStatus.SCHEDULED or session.has_ended:
        return
    seats = [Seat.PARENT_CARER, Seat.PRACTITIONER] if session.has_split_places else [Seat.ANY]
    for seat in seats:
        free = (
            session.places_for(seat)
            - session.bookings.filter(status=BookingStatus.CONFIRMED, seat=seat).count()
        )
        if free <= 0:
            continue
        waiting = list(
            session.bookings.waiting_in_order().filter(seat=seat).select_related("user")[:free]
        )
        now = timezone.now()
        for booking in waiting:
            booking.status = BookingStatus.CONFIRMED
            booking.confirmed_at = now
            booking.save(update_fields=["status", "confirmed_at"])
            email_send_on_commit(
                to=[booking.user.email],
                subject=f"A place is yours: {session.title}",
                template="emails/peer_network/booking_promoted.txt",
                context=_email_context(session, booking),
                attachments=(calendar_attachment(session),),
            )


def attendance_record(*, session: Session, recorded_by: User, attended: set[int]) -> int:
    """Mark who came, from the confirmed places (``attended`` holds booking ids; the rest are
    marked as not attending). The session is then completed. Safe to repeat with a correction.
    Returns how many came."""
    if not is_host(recorded_by, session):
        raise PermissionDenied("Only this session's hosts can take attendance.")
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError("This session was cancelled.")
    if session.starts_at > timezone.now():
        raise ValidationError("Attendance can be taken once the session has started.")
    with transaction.atomic():
        confirmed = session.bookings.filter(status=BookingStatus.CONFIRMED)
        unknown = attended - set(confirmed.values_list("pk", flat=True))
        if unknown:
            raise ValidationError("Choose people from this session's list.")
        came = confirmed.filter(pk__in=attended).update(attended=True)
        confirmed.exclude(pk__in=attended).update(attended=False)
        if session.has_ended and session.status != SessionStatus.COMPLETED:
            session.status = SessionStatus.COMPLETED
            session.save(update_fields=["status", "updated_at"])
    return came


def feedback_give(
    *, booking: Booking, user: User, rating: int, one_thing: str, comments: str = ""
) -> Feedback:
    """An attendee's two answers (and comments). Giving it again replaces the first."""
    if booking.user_id != user.pk:
        raise PermissionDenied("This is not your booking.")
    if not booking.is_confirmed or booking.attended is False:
        raise ValidationError("Feedback is for people who came to the session.")
    if not booking.session.has_ended:
        raise ValidationError("You can give feedback once the session has finished.")
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Choose a rating from 1 to 5"})
    feedback, _ = Feedback.objects.update_or_create(
        booking=booking,
        defaults={"rating": rating, "one_thing": one_thing.strip(), "comments": comments.strip()},
    )
    return feedback


def directory_join(*, user: User, about: str) -> DirectoryListing:
    """Be listed in the network directory (name, role, sector, organisation, forums; never an
    email address). Joining again updates what you said."""
    listing, _ = DirectoryListing.objects.update_or_create(
        user=user, defaults={"about": about.strip()}
    )
    return listing


def directory_leave(*, user: User) -> None:
    DirectoryListing.objects.filter(user=user).delete()
