"""Object-level cases beside the access matrix: for every role, who sees a session's joining
link, its access needs and its attendance, and whether another forum's family group can be
reached by its id on any of the Peer Network's addresses."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from forums.models import Forum
from peer_network import services
from peer_network.models import Booking
from tests.forums.factories import MembershipFactory, forum_with_lead
from tests.peer_network.factories import SessionFactory, past_booking, past_session
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/secret-room"
NEEDS = "Please seat me near the door"


@pytest.fixture
def people(
    role_users: dict[str, User | None], gateshead: tuple[Forum, User]
) -> dict[str, User | None]:
    return {**role_users, "lead": gateshead[1]}


def test_only_a_confirmed_place_shows_the_joining_link(
    make_client: MakeClient, people: dict[str, User | None]
) -> None:
    session = SessionFactory.create(capacity=1, hosts=[people["lead"]])
    booked, waiting = people["parent_carer"], people["practitioner"]
    assert booked is not None and waiting is not None
    services.booking_create(session_id=session.pk, user=booked)
    services.booking_create(session_id=session.pk, user=waiting)
    shown = {}
    for role, person in people.items():
        client = make_client(person)
        page = client.get(reverse("peer_network:detail", args=[session.pk])).content.decode()
        ics = client.get(reverse("peer_network:calendar", args=[session.pk])).content.decode()
        shown[role] = (LINK in page, "secret-room" in ics)
    assert shown == {
        "anonymous": (False, False),
        "parent_carer": (True, True),
        "practitioner": (False, False),
        "commissioner": (False, False),
        "staff": (False, False),
        "lead": (False, False),
    }


def test_only_hosts_see_access_needs_and_take_attendance(
    make_client: MakeClient, people: dict[str, User | None]
) -> None:
    session = past_session(hosts=[people["lead"]])
    parent = people["parent_carer"]
    assert parent is not None
    booking = past_booking(session, parent)
    Booking.objects.filter(pk=booking.pk).update(access_needs=NEEDS)
    seen: dict[str, object] = {}
    for role, person in people.items():
        client = make_client(person)
        pages = [
            client.get(reverse(name, args=[session.pk]))
            for name in (
                "peer_network:detail",
                "peer_network:host_summary",
                "peer_network:attendance",
            )
        ]
        seen[role] = any(NEEDS in page.content.decode() for page in pages)
        client.post(
            reverse("peer_network:attendance", args=[session.pk]), {"attended": [booking.pk]}
        )
        marked = Booking.objects.get(pk=booking.pk).attended
        seen[role] = (seen[role], marked)
        Booking.objects.filter(pk=booking.pk).update(attended=None)
    assert seen == {
        "anonymous": (False, None),
        "parent_carer": (False, None),
        "practitioner": (False, None),
        "commissioner": (False, None),
        "staff": (True, True),
        "lead": (True, True),
    }


def test_another_forums_family_group_is_not_found_on_any_address(
    make_client: MakeClient, people: dict[str, User | None]
) -> None:
    elsewhere, elsewhere_lead = forum_with_lead("Elsewhere")
    group = SessionFactory.create(
        kind="family", reach="forum", forum=elsewhere, title="Private group", hosts=[elsewhere_lead]
    )
    member = MembershipFactory.create(forum=elsewhere).user
    services.booking_create(session_id=group.pk, user=member, access_needs=NEEDS)
    names = [
        "peer_network:detail",
        "peer_network:calendar",
        "peer_network:book",
        "peer_network:booking_cancel",
        "peer_network:feedback",
        "peer_network:host_summary",
        "peer_network:attendance",
        "peer_network:edit",
        "peer_network:cancel",
    ]
    outcomes = {}
    for role, person in people.items():
        if person is None or person.is_staff:
            continue
        client = make_client(person)
        gets, posts = set(), set()
        for name in names:
            url = reverse(name, args=[group.pk])
            got = client.get(url)
            posted = client.post(url, {"access_needs": "", "reason": "x"})
            gets.add(got.status_code)
            posts.add(posted.status_code)
            for response in (got, posted):
                assert "Private group" not in response.content.decode()
        outcomes[role] = (gets, posts)
    # Pages that only read answer a POST with 405 before looking for the session.
    assert outcomes == dict.fromkeys(
        ("parent_carer", "practitioner", "commissioner", "lead"), ({404}, {404, 405})
    )
    assert Booking.objects.get().status == "confirmed"
    group.refresh_from_db()
    assert group.status == "scheduled"
