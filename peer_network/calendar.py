"""Calendar files for sessions. One event UID for a session's whole life; each change people's
calendars must take (a new time or place, a cancellation) raises SEQUENCE, so that calendar
programs update the event they already hold instead of adding a second one."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vText

from core.emails import Attachment, site_link
from peer_network.models import Session, SessionStatus

PRODUCT_ID = "-//Coproduce//Peer Network//EN"


def _location(session: Session) -> str:
    parts: list[str] = []
    if session.meets_in_person:
        parts += [session.venue_name, " ".join(session.venue_address.split())]
    if session.meets_online:
        parts.append("Online")
    return ", ".join(part for part in parts if part)


def session_calendar(session: Session, *, with_joining_link: bool) -> bytes:
    """The session as an iCalendar file. The joining link goes in only for someone with a
    confirmed place; a cancelled session is sent as a cancellation of the same event."""
    cancelled = session.status == SessionStatus.CANCELLED
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"{session.calendar_uid}@{urlsplit(settings.SITE_URL).hostname}")
    event.add("sequence", session.calendar_sequence)
    event.add("dtstamp", timezone.now())
    # In Europe/London with its VTIMEZONE, so that a calendar shows the time people were told.
    event.add("dtstart", timezone.localtime(session.starts_at).replace(microsecond=0))
    event.add("dtend", timezone.localtime(session.ends_at).replace(microsecond=0))
    event.add("summary", session.title)
    page = site_link(reverse("peer_network:detail", args=[session.pk]))
    description = [session.description.strip(), "", f"Details: {page}"]
    if with_joining_link and session.joining_link and session.meets_online:
        description.append(f"Join online: {session.joining_link}")
    event.add("description", "\n".join(description))
    event.add("url", page)
    location = _location(session)
    if location:
        event["location"] = vText(location)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ics: bytes = calendar.to_ical()
    return ics


def calendar_filename(session: Session) -> str:
    return f"session-{session.pk}.ics"


def calendar_attachment(session: Session) -> Attachment:
    """The file attached to emails, which go only to people with a confirmed place (or, for a
    cancellation, to those who had one)."""
    return Attachment(
        filename=calendar_filename(session),
        content=session_calendar(session, with_joining_link=True),
        mimetype="text/calendar",
    )
