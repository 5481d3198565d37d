"""Booking, cancelling and the waiting list, through the services and the session page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import User
from forums.models import Forum
from peer_network import services
from peer_network.models import Booking, BookingStatus, Seat
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory
from tests.peer_network.factories import SessionFactory
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _book(session_id: int, user: User, needs: str = "") -> Booking:
    return services.booking_create(session_id=session_id, user=user, access_needs=needs)


def test_places_are_confirmed_until_full_then_people_wait_in_order() -> None:
    session = SessionFactory.create(capacity=2)
    people = UserFactory.create_batch(4)
    statuses = [_book(session.pk, person).status for person in people]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]


def test_booking_twice_does_nothing(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    session = SessionFactory.create(capacity=1)
    person = UserFactory.create()
    with django_capture_on_commit_callbacks(execute=True):
        first = _book(session.pk, person)
        second = _book(session.pk, person)
    assert first.pk == second.pk
    assert Booking.objects.filter(session=session).count() == 1
    assert len(mail.outbox) == 1


def test_a_cancelled_place_goes_to_the_first_person_waiting_who_is_emailed(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    session = SessionFactory.create(capacity=1, title="Working with forums")
    holder, first, second = UserFactory.create_batch(3)
    for person in (holder, first, second):
        _book(session.pk, person)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(session_id=session.pk, user=holder)
    assert Booking.objects.get(session=session, user=first).status == BookingStatus.CONFIRMED
    assert Booking.objects.get(session=session, user=second).status == BookingStatus.WAITING
    assert [message.to for message in mail.outbox] == [[holder.email], [first.email]]
    assert mail.outbox[0].subject.endswith("Cancelled: your place at Working with forums")
    promotion = mail.outbox[1]
    assert promotion.subject.endswith("A place is yours: Working with forums")
    assert "https://meet.example.org/secret-room" in promotion.body
    (attachment,) = promotion.attachments
    assert attachment[0] == f"session-{session.pk}.ics" and attachment[2] == "text/calendar"


def test_cancelling_twice_promotes_once() -> None:
    session = SessionFactory.create(capacity=1)
    holder, first, second = UserFactory.create_batch(3)
    for person in (holder, first, second):
        _book(session.pk, person)
    services.booking_cancel(session_id=session.pk, user=holder)
    services.booking_cancel(session_id=session.pk, user=holder)
    assert Booking.objects.filter(session=session, status="confirmed").count() == 1
    assert Booking.objects.get(session=session, user=second).status == BookingStatus.WAITING


def test_booking_again_after_cancelling_joins_the_back_of_the_queue() -> None:
    session = SessionFactory.create(capacity=1)
    holder, waiting = UserFactory.create_batch(2)
    _book(session.pk, holder)
    _book(session.pk, waiting)
    services.booking_cancel(session_id=session.pk, user=holder)
    again = _book(session.pk, holder)
    assert again.status == BookingStatus.WAITING
    assert Booking.objects.get(session=session, user=waiting).status == BookingStatus.CONFIRMED


def test_split_places_keep_the_room_balanced() -> None:
    session = SessionFactory.create(capacity=None, parent_carer_places=1, practitioner_places=1)
    parent_one, parent_two = UserFactory.create_batch(2)
    practitioner = UserFactory.create(practitioner=True)
    assert _book(session.pk, parent_one).seat == Seat.PARENT_CARER
    assert _book(session.pk, parent_two).status == BookingStatus.WAITING
    booked = _book(session.pk, practitioner)
    assert (booked.seat, booked.status) == (Seat.PRACTITIONER, BookingStatus.CONFIRMED)
    # A practitioner's place that frees up goes to a practitioner, not the parent waiting.
    services.booking_cancel(session_id=session.pk, user=practitioner)
    assert Booking.objects.get(session=session, user=parent_two).status == BookingStatus.WAITING


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "This session has been cancelled"),
        (
            {
                "starts_at": timezone.now() - timedelta(hours=2),
                "ends_at": timezone.now() - timedelta(hours=1),
            },
            "has already started or finished",
        ),
    ],
)
def test_a_cancelled_or_past_session_cannot_be_booked_and_the_page_says_why(
    client: Client, parent: User, change: dict[str, object], message: str
) -> None:
    session = SessionFactory.create(**change)
    with pytest.raises(services.BookingRefused, match=message):
        _book(session.pk, parent)
    client.force_login(parent)
    response = client.post(reverse("peer_network:book", args=[session.pk]), {"access_needs": ""})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_a_tampered_session_id_is_not_found(client: Client, parent: User) -> None:
    client.force_login(parent)
    response = client.post(reverse("peer_network:book", args=[999999]), {"access_needs": ""})
    assert response.status_code == 404
    response = client.get("/peer-network/sessions/99999999999999999999/")
    assert response.status_code == 404


def test_family_groups_are_for_parent_carers_in_the_forum(
    gateshead: tuple[Forum, User], sunderland: tuple[Forum, User], practitioner: User
) -> None:
    forum, lead = gateshead
    group = SessionFactory.create(kind="family", reach="forum", forum=forum)
    member = MembershipFactory.create(forum=forum).user
    outsider = MembershipFactory.create(forum=sunderland[0]).user
    assert _book(group.pk, member).status == BookingStatus.CONFIRMED
    with pytest.raises(services.BookingRefused, match="parent carers only"):
        _book(group.pk, practitioner)
    with pytest.raises(services.BookingRefused, match="members of the forum"):
        _book(group.pk, outsider)


def test_booking_from_the_session_page_confirms_and_shows_the_joining_link(
    make_client: MakeClient,
    parent: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    session = SessionFactory.create(capacity=1)
    client = make_client(parent)
    page = client.get(reverse("peer_network:detail", args=[session.pk])).content.decode()
    assert "secret-room" not in page
    assert "Book a place" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("peer_network:book", args=[session.pk]),
            {"access_needs": "Captions please"},
            follow=True,
        )
    page = response.content.decode()
    assert "Your place is booked" in page
    assert "https://meet.example.org/secret-room" in page
    assert Booking.objects.get(session=session, user=parent).access_needs == "Captions please"
    (confirmation,) = mail.outbox
    assert confirmation.attachments[0][0].endswith(".ics")


def test_the_last_place_taken_means_the_next_person_joins_the_waiting_list_on_the_page(
    make_client: MakeClient, parent: User, practitioner: User
) -> None:
    session = SessionFactory.create(capacity=1)
    _book(session.pk, practitioner)
    client = make_client(parent)
    page = client.get(reverse("peer_network:detail", args=[session.pk])).content.decode()
    assert "Join the waiting list" in page
    response = client.post(reverse("peer_network:book", args=[session.pk]), {}, follow=True)
    page = response.content.decode()
    assert "you are on the waiting list" in page
    assert "secret-room" not in page


def test_access_needs_over_the_limit_are_refused_with_a_message(
    make_client: MakeClient, parent: User
) -> None:
    session = SessionFactory.create()
    response = make_client(parent).post(
        reverse("peer_network:book", args=[session.pk]), {"access_needs": "x" * 1001}
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Booking.objects.exists()


def test_cancelling_from_the_page_asks_first_then_frees_the_place(
    make_client: MakeClient, parent: User
) -> None:
    session = SessionFactory.create()
    _book(session.pk, parent)
    client = make_client(parent)
    url = reverse("peer_network:booking_cancel", args=[session.pk])
    assert "Are you sure you want to cancel your place?" in client.get(url).content.decode()
    assert Booking.objects.get().status == "confirmed"
    response = client.post(url, follow=True)
    assert "Your place is cancelled." in response.content.decode()
    assert Booking.objects.get().status == "cancelled"
