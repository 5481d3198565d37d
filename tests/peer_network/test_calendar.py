"""Calendar files: one UID for a session's life, SEQUENCE raised by each change people's
calendars must take, parsed back with the icalendar library."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import User
from peer_network import services
from peer_network.models import Session
from peer_network.services import SessionDetails
from tests.accounts.factories import UserFactory
from tests.peer_network.factories import SessionFactory
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _event(ics: bytes) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _details(session: Session, **changes: object) -> SessionDetails:
    fields = {
        name: getattr(session, name)
        for name in (
            "title",
            "description",
            "kind",
            "format",
            "starts_at",
            "ends_at",
            "reach",
            "venue_name",
            "venue_address",
            "access_information",
            "joining_link",
            "capacity",
        )
    }
    return SessionDetails(**{**fields, **changes})


def test_the_download_holds_the_event_and_the_joining_link_only_for_a_confirmed_place(
    make_client: MakeClient, parent: User
) -> None:
    session = SessionFactory.create(title="Transforming Care explained")
    url = reverse("peer_network:calendar", args=[session.pk])
    response = make_client(None).get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="session-{session.pk}.ics"'
    _, event = _event(response.content)
    assert str(event["summary"]) == "Transforming Care explained"
    assert event.decoded("dtstart") == session.starts_at.replace(microsecond=0)
    assert "DTSTART;TZID=Europe/London:" in response.content.decode()
    assert "BEGIN:VTIMEZONE" in response.content.decode()
    assert "secret-room" not in response.content.decode()
    services.booking_create(session_id=session.pk, user=parent)
    response = make_client(parent).get(url)
    assert "https://meet.example.org/secret-room" in str(_event(response.content)[1]["description"])


def test_a_change_of_time_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    host = UserFactory.create(staff=True)
    session = SessionFactory.create(hosts=[host])
    booked, waiting = UserFactory.create_batch(2)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(session_id=session.pk, user=booked)
    _, original = _event(mail.outbox[0].attachments[0][1])
    mail.outbox.clear()
    later = session.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=session,
            edited_by=host,
            details=_details(session, starts_at=later, ends_at=later + timedelta(hours=2)),
        )
    (update,) = mail.outbox
    assert update.to == [booked.email]
    assert "Changed:" in update.subject
    _, event = _event(update.attachments[0][1])
    assert event["uid"] == original["uid"]
    assert int(event["sequence"]) == int(original["sequence"]) + 1
    assert event.decoded("dtstart") == later.replace(microsecond=0)


def test_a_change_that_calendars_need_not_take_keeps_the_sequence_and_sends_nothing(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    host = UserFactory.create(staff=True)
    session = SessionFactory.create(hosts=[host])
    services.booking_create(session_id=session.pk, user=UserFactory.create())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=session, edited_by=host, details=_details(session, title="A clearer title")
        )
    session.refresh_from_db()
    assert session.calendar_sequence == 0
    assert mail.outbox == []


def test_a_cancellation_cancels_the_same_event_and_tells_everyone_booked_or_waiting(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    host = UserFactory.create(staff=True)
    session = SessionFactory.create(hosts=[host], capacity=1)
    booked, waiting = UserFactory.create_batch(2)
    services.booking_create(session_id=session.pk, user=booked)
    services.booking_create(session_id=session.pk, user=waiting)
    uid = f"{session.calendar_uid}@"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, cancelled_by=host, reason="The venue flooded.")
        services.session_cancel(session=session, cancelled_by=host, reason="Twice")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([booked.email, waiting.email])
    to_booked = next(m for m in mail.outbox if m.to == [booked.email])
    assert "The venue flooded." in to_booked.body
    calendar, event = _event(to_booked.attachments[0][1])
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]).startswith(uid)
    assert int(event["sequence"]) == 1
    to_waiting = next(m for m in mail.outbox if m.to == [waiting.email])
    assert to_waiting.attachments == []
