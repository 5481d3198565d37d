"""Planning sessions, the session list and its filters, who sees what, and query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from forums.models import Forum
from peer_network import services
from peer_network.models import Session, Topic
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory
from tests.peer_network.factories import SessionFactory
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _form(**changes: str) -> dict[str, str]:
    day = timezone.localdate() + timedelta(days=10)
    return {
        "title": "Coffee and chat",
        "description": "Meet other parent carers.",
        "kind": "family",
        "topics": str(Topic.objects.get(slug="mental-health").pk),
        "day_0": str(day.day),
        "day_1": str(day.month),
        "day_2": str(day.year),
        "starts": "10am",
        "ends": "11:30",
        "format": "in_person",
        "venue_name": "Low Fell Community Centre",
        "venue_address": "Beaconsfield Road",
        "access_information": "Step-free",
        "reach": "forum",
        "places": "total",
        "capacity": "12",
        **changes,
    }


def test_a_forum_lead_plans_a_family_group_and_hosts_it(
    make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    forum, lead = gateshead
    co_host = UserFactory.create(email="cohost@example.org")
    response = make_client(lead).post(
        reverse("peer_network:forum_session_new", args=[forum.slug]),
        _form(co_host_email="COHOST@example.org"),
    )
    session = Session.objects.get()
    assert response["Location"] == reverse("peer_network:host_summary", args=[session.pk])
    assert (session.kind, session.reach, session.forum, session.capacity) == (
        "family",
        "forum",
        forum,
        12,
    )
    assert timezone.localtime(session.starts_at).hour == 10
    assert timezone.localtime(session.ends_at).minute == 30
    assert set(session.hosts.all()) == {lead, co_host}
    tab = make_client(lead).get(reverse("peer_network:forum_sessions", args=[forum.slug]))
    assert "Coffee and chat" in tab.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends": "9am"}, "The end time must be after the start time"),
        ({"starts": "25:00"}, "The start time must be a real time"),
        ({"starts": "soon"}, "Enter the start time like 14:30 or 2:30pm"),
        ({"day_1": "13"}, "The date must be a real date"),
        ({"venue_name": ""}, "Enter where the session meets"),
        ({"format": "online"}, "Enter the link people use to join online"),
        ({"capacity": ""}, "Enter the number of places"),
        ({"capacity": "-3"}, "Enter at least 1"),
        ({"places": "split", "capacity": ""}, "Enter the places for parent carers"),
        ({"reach": "network"}, "A family group is for one forum or the forums in a region"),
        ({"co_host_email": "nobody@example.org"}, "There is no account with this email address"),
        (
            {"joining_link": "javascript:alert(1)", "format": "online"},
            "Enter the joining link as a web address",
        ),
        ({"topics": "99999"}, "Select topics from the list"),
    ],
)
def test_bad_planning_input_gets_a_message_and_keeps_what_was_typed(
    make_client: MakeClient, gateshead: tuple[Forum, User], changes: dict[str, str], message: str
) -> None:
    forum, lead = gateshead
    response = make_client(lead).post(
        reverse("peer_network:forum_session_new", args=[forum.slug]), _form(**changes)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Coffee and chat"' in page
    assert not Session.objects.exists()


def test_only_a_forums_leads_or_staff_plan_sessions(
    make_client: MakeClient,
    gateshead: tuple[Forum, User],
    sunderland: tuple[Forum, User],
    staff: User,
) -> None:
    forum, _ = gateshead
    url = reverse("peer_network:forum_session_new", args=[forum.slug])
    assert make_client(sunderland[1]).post(url, _form()).status_code == 403
    assert (
        make_client(UserFactory.create())
        .post(reverse("peer_network:new"), _form(reach="network", kind="peer"))
        .status_code
        == 403
    )
    response = make_client(staff).post(
        reverse("peer_network:new"), _form(reach="network", kind="peer")
    )
    assert response.status_code == 302
    assert Session.objects.get().forum is None


def test_the_list_shows_upcoming_sessions_and_filters_them(client: Client) -> None:
    health = Topic.objects.get(slug="health")
    soon = SessionFactory.create(
        title="Soon online",
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=2, hours=1),
    )
    soon.topics.add(health)
    SessionFactory.create(
        title="Later in person",
        format="in_person",
        venue_name="Hall",
        starts_at=timezone.now() + timedelta(days=12),
        ends_at=timezone.now() + timedelta(days=12, hours=1),
    )
    SessionFactory.create(title="Cancelled one", status="cancelled")
    SessionFactory.create(
        title="Past one",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=1),
    )
    url = reverse("peer_network:list")

    def titles(query: str) -> list[str]:
        return [s.title for s in client.get(f"{url}?{query}").context["page"]]

    assert titles("") == ["Soon online", "Later in person"]
    assert titles("topic=health") == ["Soon online"]
    assert titles("format=in_person") == ["Later in person"]
    assert titles("when=week") == ["Soon online"]
    assert titles("kind=family") == []
    # A filter that is not one of the choices shows the form's message, not a server error.
    response = client.get(f"{url}?format=teleport&topic=nope")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_another_forums_family_group_is_hidden_from_the_list_and_not_found_by_id(
    make_client: MakeClient, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]
) -> None:
    group = SessionFactory.create(
        title="Gateshead family group", kind="family", reach="forum", forum=gateshead[0]
    )
    member = MembershipFactory.create(forum=gateshead[0]).user
    outsider = MembershipFactory.create(forum=sunderland[0]).user
    list_url = reverse("peer_network:list")
    assert "Gateshead family group" in make_client(member).get(list_url).content.decode()
    assert "Gateshead family group" not in make_client(outsider).get(list_url).content.decode()
    assert "Gateshead family group" not in make_client(None).get(list_url).content.decode()
    forum_page = reverse("forums:detail", args=[gateshead[0].slug])
    assert "Gateshead family group" in make_client(member).get(forum_page).content.decode()
    assert "Gateshead family group" not in make_client(outsider).get(forum_page).content.decode()
    for url in (
        reverse("peer_network:detail", args=[group.pk]),
        reverse("peer_network:calendar", args=[group.pk]),
    ):
        assert make_client(outsider).get(url).status_code == 404
        assert make_client(member).get(url).status_code == 200


@pytest.mark.parametrize("count", [5, 100])
def test_the_list_and_a_session_page_keep_their_query_counts(
    count: int, make_client: MakeClient, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    topics = list(Topic.objects.all()[:3])
    people = UserFactory.create_batch(3)
    sessions = SessionFactory.create_batch(count, hosts=people[:2])
    for session in sessions:
        session.topics.set(topics)
        services.booking_create(session_id=session.pk, user=people[2])
    client = make_client(people[2])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("peer_network:list"))
    assert len(response.context["page"]) == min(count, 20)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("peer_network:detail", args=[sessions[-1].pk]))
    assert "You have a place" in response.content.decode()


def test_the_change_form_shows_the_london_time_in_summer(
    make_client: MakeClient, staff: User
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    start = datetime(2027, 7, 1, 18, 30, tzinfo=ZoneInfo("Europe/London"))  # 17:30 UTC
    session = SessionFactory.create(
        starts_at=start, ends_at=start + timedelta(hours=1), hosts=[staff]
    )
    form = make_client(staff).get(reverse("peer_network:edit", args=[session.pk])).context["form"]
    assert (form.initial["starts"], form.initial["ends"]) == ("18:30", "19:30")
