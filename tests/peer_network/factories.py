"""Sessions and bookings for tests. Bookings on upcoming sessions go through the service, as
people make them; ``past_booking`` writes one as it stood on the day of a session that has
happened, since nobody can book a past session."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from factory.declarations import LazyFunction, PostGeneration, Sequence
from factory.django import DjangoModelFactory

from accounts.models import User
from peer_network.models import Booking, BookingStatus, Session


# factory_boy calls this once the session is made; post_generation carries no types.
def _hosts_set(
    session: Session, create: bool, extracted: list[User] | None, **kwargs: object
) -> None:
    if create and extracted:
        session.hosts.set(extracted)


class SessionFactory(DjangoModelFactory[Session]):
    """An online peer network session for the whole network, a week away, with 10 places."""

    class Meta:
        model = Session
        skip_postgeneration_save = True

    title = Sequence(lambda n: f"Session {n}")
    description = "Parent carers and practitioners learning together."
    kind = "peer"
    format = "online"
    joining_link = "https://meet.example.org/secret-room"
    starts_at = LazyFunction(lambda: timezone.now() + timedelta(days=7))
    ends_at = LazyFunction(lambda: timezone.now() + timedelta(days=7, hours=1))
    reach = "network"
    capacity = 10

    hosts = PostGeneration(_hosts_set)


def past_session(**kwargs: object) -> Session:
    start = timezone.now() - timedelta(days=3)
    return SessionFactory.create(starts_at=start, ends_at=start + timedelta(hours=1), **kwargs)


def past_booking(session: Session, user: User, *, attended: bool | None = None) -> Booking:
    return Booking.objects.create(
        session=session,
        user=user,
        status=BookingStatus.CONFIRMED,
        seat=session.seat_for(user),
        confirmed_at=session.starts_at - timedelta(days=5),
        attended=attended,
    )
