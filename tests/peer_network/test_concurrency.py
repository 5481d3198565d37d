"""Twenty people pressing "Book a place" at once for five places, against PostgreSQL: exactly
five places are confirmed and fifteen people wait, none lost and none doubled. Then everyone
confirmed cancels at once, and the waiting list is promoted in order, each place once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection

from accounts.models import User
from peer_network import services
from peer_network.models import Booking, BookingStatus
from tests.accounts.factories import UserFactory
from tests.peer_network.factories import SessionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 20
PLACES = 5


def _all_at_once(people: list[User], act: Callable[[User], object]) -> list[BaseException]:
    """Run ``act`` for each person in its own thread and database connection, all released
    together by a barrier, so that they really compete."""
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def run(person: User) -> None:
        try:
            barrier.wait()
            act(person)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_twenty_people_compete_for_five_places() -> None:
    session = SessionFactory.create(capacity=PLACES)
    people = UserFactory.create_batch(PEOPLE)
    errors = _all_at_once(
        people, lambda person: services.booking_create(session_id=session.pk, user=person)
    )
    assert errors == []
    statuses = Counter(Booking.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == {BookingStatus.CONFIRMED: PLACES, BookingStatus.WAITING: PEOPLE - PLACES}
    assert Booking.objects.filter(session=session).values("user").distinct().count() == PEOPLE

    # The same person pressing twice at once still has one booking.
    twice = UserFactory.create()
    assert (
        _all_at_once(
            [twice, twice],
            lambda person: services.booking_create(session_id=session.pk, user=person),
        )
        == []
    )
    assert Booking.objects.filter(session=session, user=twice).count() == 1

    # Everyone confirmed cancels at once: the first five waiting, in order, get the places.
    confirmed = [b.user for b in Booking.objects.filter(session=session, status="confirmed")]
    queue = [b.user_id for b in Booking.objects.filter(session=session).waiting_in_order()]
    errors = _all_at_once(
        confirmed, lambda person: services.booking_cancel(session_id=session.pk, user=person)
    )
    assert errors == []
    now_confirmed = set(
        Booking.objects.filter(session=session, status="confirmed").values_list(
            "user_id", flat=True
        )
    )
    assert now_confirmed == set(queue[:PLACES])
