"""The Peer Network in the access matrix (tests/access.py). The matrix's lead hosts ``session``
(a network session the parent carer has a place on) and ``past_session`` (where the
practitioner had a place and came); ``family_group`` belongs to another forum, so none of the
matrix's people but staff can find it."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.access import FORUM, Route, changes, everyone, lead_only, signed_in, staff_only
from tests.dates import gov_date

SESSION = {"pk": "{session.pk}"}
PAST = {"pk": "{past_session.pk}"}
TO_SESSION = "->/peer-network/sessions/N/"
TO_TOOLS = "->/peer-network/sessions/N/manage/"


def hosts(outcome: str) -> dict[str, str]:
    """The session's hosts: the matrix's lead, and staff."""
    return {**signed_in("403"), "lead": outcome, "staff": outcome}


def session_form(**changes: str) -> dict[str, object]:
    day = timezone.localdate() + timedelta(days=10)
    return {
        "title": "Matrix session",
        "description": "For the matrix.",
        "kind": "peer",
        **gov_date("day", day),
        "starts": "10:00",
        "ends": "11:00",
        "format": "online",
        "joining_link": "https://meet.example.org/matrix",
        "reach": "network",
        "places": "total",
        "capacity": "10",
        **changes,
    }


ROUTES: dict[str, Route] = {
    "peer_network:list": Route(everyone("200"), post=everyone("405")),
    "peer_network:detail": Route(everyone("200"), SESSION, post=everyone("405")),
    "peer_network:calendar": Route(everyone("200"), SESSION, post=everyone("405")),
    "peer_network:yours": Route(signed_in("200"), post=everyone("405")),
    "peer_network:book": Route(
        signed_in(TO_SESSION),
        SESSION,
        # The parent carer already has a place: booking again keeps it and saves what they
        # need (test_booking.py checks a second booking changes nothing else).
        post=signed_in(changes(TO_SESSION)),
        data={"access_needs": "A quiet room"},
    ),
    "peer_network:booking_cancel": Route(
        {**signed_in("404"), "parent_carer": "200"},
        SESSION,
        post={**signed_in("404"), "parent_carer": changes(TO_SESSION)},
        owner="parent_carer",  # who booked the place
    ),
    "peer_network:feedback": Route(
        {**signed_in("404"), "practitioner": "200"},
        PAST,
        post={**signed_in("404"), "practitioner": changes("->/peer-network/yours/")},
        data={"rating": "5", "one_thing": "Ask the forum first."},
        owner="practitioner",  # who attended
    ),
    "peer_network:host_summary": Route(hosts("200"), SESSION, post=everyone("405")),
    "peer_network:attendance": Route(
        hosts("200"), PAST, post=hosts(changes(TO_TOOLS)), data={"attended": []}
    ),
    "peer_network:edit": Route(
        hosts("200"), SESSION, post=hosts(changes(TO_TOOLS)), data=session_form()
    ),
    "peer_network:cancel": Route(
        hosts("200"), SESSION, post=hosts(changes(TO_TOOLS)), data={"reason": "Unwell"}
    ),
    "peer_network:new": Route(
        staff_only(), post=staff_only(changes(TO_TOOLS)), data=session_form()
    ),
    "peer_network:forum_sessions": Route(lead_only(), FORUM, post=everyone("405")),
    "peer_network:forum_session_new": Route(
        lead_only(),
        FORUM,
        post=lead_only(changes(TO_TOOLS)),
        data=session_form(reach="forum", kind="family"),
    ),
    "peer_network:directory": Route(signed_in("200"), post=everyone("405")),
    "peer_network:directory_join": Route(
        signed_in("200"),
        post={**signed_in(changes("->/peer-network/directory/")), "anonymous": "login"},
        data={"about": "Transitions", "action": "join"},
    ),
}
