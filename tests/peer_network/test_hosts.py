"""The hosts' tools: bookings with access needs, attendance, the feedback summary and the
balance of sectors; and attendees' feedback."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Sector, User
from forums.models import Forum
from peer_network import services
from peer_network.models import Booking, Feedback
from tests.accounts.factories import UserFactory
from tests.peer_network.factories import SessionFactory, past_booking, past_session
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_access_needs_are_seen_by_hosts_and_nobody_else(
    make_client: MakeClient, practitioner: User, parent: User, gateshead: tuple[Forum, User]
) -> None:
    host = UserFactory.create()
    session = SessionFactory.create(hosts=[host])
    services.booking_create(session_id=session.pk, user=parent, access_needs="A quiet room")
    services.booking_create(session_id=session.pk, user=practitioner)
    summary = reverse("peer_network:host_summary", args=[session.pk])
    page = make_client(host).get(summary).content.decode()
    assert "A quiet room" in page and parent.get_full_name() in page
    assert make_client(practitioner).get(summary).status_code == 403
    # A forum's lead has no hosts' tools for a session their forum does not run.
    assert make_client(gateshead[1]).get(summary).status_code == 403
    detail = reverse("peer_network:detail", args=[session.pk])
    assert "A quiet room" not in make_client(practitioner).get(detail).content.decode()


def test_hosts_take_attendance_and_the_session_is_completed(make_client: MakeClient) -> None:
    host = UserFactory.create()
    session = past_session(hosts=[host])
    came, missed = UserFactory.create_batch(2)
    bookings = [past_booking(session, person) for person in (came, missed)]
    response = make_client(host).post(
        reverse("peer_network:attendance", args=[session.pk]),
        {"attended": [str(bookings[0].pk)]},
        follow=True,
    )
    assert "Attendance saved: 1 of 2 came." in response.content.decode()
    assert {b.user_id: b.attended for b in Booking.objects.all()} == {
        came.pk: True,
        missed.pk: False,
    }
    session.refresh_from_db()
    assert session.status == "completed"


def test_attendance_cannot_name_someone_from_another_session(make_client: MakeClient) -> None:
    host = UserFactory.create()
    session = past_session(hosts=[host])
    ours = past_booking(session, UserFactory.create())
    theirs = past_booking(past_session(), UserFactory.create())
    response = make_client(host).post(
        reverse("peer_network:attendance", args=[session.pk]),
        {"attended": [str(ours.pk), str(theirs.pk)]},
    )
    assert response.status_code == 200
    assert "Choose people from this session" in response.content.decode()
    assert Booking.objects.get(pk=theirs.pk).attended is None
    assert Booking.objects.get(pk=ours.pk).attended is None


def test_a_non_host_cannot_take_attendance(make_client: MakeClient) -> None:
    session = past_session()
    booking = past_booking(session, UserFactory.create())
    response = make_client(booking.user).post(
        reverse("peer_network:attendance", args=[session.pk]), {"attended": [str(booking.pk)]}
    )
    assert response.status_code == 403
    assert Booking.objects.get().attended is None


def test_attendees_give_feedback_once_and_can_change_it(make_client: MakeClient) -> None:
    session = past_session()
    person = UserFactory.create()
    past_booking(session, person, attended=True)
    client = make_client(person)
    url = reverse("peer_network:feedback", args=[session.pk])
    assert "Give feedback" in client.get(reverse("peer_network:yours")).content.decode()
    client.post(url, {"rating": "4", "one_thing": "Ask the forum first."})
    client.post(url, {"rating": "5", "one_thing": "Ask the forum first.", "comments": "Great"})
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comments) == (5, "Great")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": "9", "one_thing": "x"}, "Select a rating from 1 to 5"),
        ({"rating": "", "one_thing": "x"}, "Select how useful the session was"),
        ({"rating": "3", "one_thing": ""}, "Enter one thing you will do differently"),
    ],
)
def test_bad_feedback_is_refused_with_a_message(
    make_client: MakeClient, data: dict[str, str], message: str
) -> None:
    session = past_session()
    person = UserFactory.create()
    past_booking(session, person, attended=True)
    response = make_client(person).post(reverse("peer_network:feedback", args=[session.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_is_for_people_who_came(make_client: MakeClient) -> None:
    session = past_session()
    person = UserFactory.create()
    past_booking(session, person, attended=False)
    response = make_client(person).post(
        reverse("peer_network:feedback", args=[session.pk]), {"rating": "5", "one_thing": "x"}
    )
    assert "Feedback is for people who came" in response.content.decode()
    assert not Feedback.objects.exists()
    stranger = UserFactory.create()
    response = make_client(stranger).get(reverse("peer_network:feedback", args=[session.pk]))
    assert response.status_code == 404


def test_the_summary_shows_ratings_what_people_will_do_and_the_sectors_in_the_room(
    make_client: MakeClient,
) -> None:
    host = UserFactory.create()
    session = past_session(hosts=[host])
    parents = UserFactory.create_batch(2)
    health = UserFactory.create(practitioner=True, sector=Sector.HEALTH)
    education = UserFactory.create(practitioner=True, sector=Sector.EDUCATION)
    absent = UserFactory.create(practitioner=True, sector=Sector.SOCIAL_CARE)
    for person in (*parents, health, education):
        past_booking(session, person, attended=True)
    past_booking(session, absent, attended=False)
    for person, rating, thing in [
        (parents[0], 5, "Share the plan with our members"),
        (health, 3, "Invite the forum to the clinic review"),
    ]:
        services.feedback_give(
            booking=Booking.objects.get(user=person), user=person, rating=rating, one_thing=thing
        )
    page = make_client(host).get(reverse("peer_network:host_summary", args=[session.pk]))
    text = page.content.decode()
    assert "Average rating: <strong>4.0 out of 5</strong>" in text
    assert "Invite the forum to the clinic review" in text
    assert "Of the people who came:" in text
    balance = page.context["summary"].balance
    assert balance == [("Parent carers", 2), ("Education", 1), ("Health", 1)]
