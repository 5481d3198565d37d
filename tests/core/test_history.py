"""History of personal data: changes to profiles, consents, memberships, invitations,
bookings and school contacts are kept, and ``history_forget`` removes every trace of one
person from the history without touching anyone else's."""

from __future__ import annotations

import pytest

from accounts.models import Consent, MemberProfile, User
from core.history import history_forget, history_models
from forums.models import Forum, Invitation, Membership
from peer_network import services as peer_services
from peer_network.models import Booking
from programmes.models import SchoolContact
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory
from tests.peer_network.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_models_holding_personal_data_keep_history() -> None:
    kept = {model for model, _ in history_models()}
    assert {User, Consent, MemberProfile, Membership, Invitation, Booking, SchoolContact} <= kept


def _history_counts(person: User) -> dict[str, int]:
    return {
        "user": User.history.filter(id=person.pk).count(),
        "membership": Membership.history.filter(user_id=person.pk).count(),
        "booking": Booking.history.filter(user_id=person.pk).count(),
        "invitation": Invitation.history.filter(email__iexact=person.email).count(),
    }


def test_forgetting_removes_the_persons_history_and_keeps_everyone_elses(
    gateshead: tuple[Forum, User],
) -> None:
    forum, lead = gateshead
    session = SessionFactory.create()
    people = [UserFactory.create(), UserFactory.create()]
    for person in people:
        MembershipFactory.create(forum=forum, user=person)
        peer_services.booking_create(
            session_id=session.pk, user=person, access_needs="Step-free access"
        )
        Invitation.objects.create(forum=forum, email=person.email.upper(), invited_by=lead)
        person.full_name = "A changed name"
        person.save()
    leaving, staying = people
    before = _history_counts(leaving)
    assert all(before.values()), before
    # The access needs are in the history as typed.
    assert Booking.history.filter(user_id=leaving.pk, access_needs="Step-free access").exists()

    removed = history_forget(leaving)

    assert removed >= sum(before.values())
    assert not any(_history_counts(leaving).values())
    assert all(_history_counts(staying).values())
    # The lead's own history stays, and the current rows are the erasure's to decide.
    assert Membership.history.filter(user_id=lead.pk).exists()
    assert Booking.objects.filter(user=leaving).exists()
    # Safe to run twice.
    assert history_forget(leaving) == 0
