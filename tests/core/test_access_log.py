"""The access log: leads' and hosts' views and exports of personal data are recorded with a
shortened network address, refused requests are not, and staff review the log by person and
date on a page whose query count does not grow with the log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from core.access import client_address, network_of
from core.models import AccessKind, AccessLog, AccessWhat
from forums.models import Forum
from peer_network import services as peer_services
from tests.accounts.factories import UserFactory
from tests.peer_network.factories import SessionFactory
from tests.types import MakeClient

pytestmark = pytest.mark.django_db
ForumLead = tuple[Forum, User]


def test_addresses_are_kept_as_networks_only() -> None:
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:abcd:12:1:2:3:4") == "2001:db8:abcd::/48"
    assert network_of("not an address") == ""


def test_the_forwarded_address_is_read_only_behind_trusted_proxies(
    rf: object, settings: object
) -> None:
    from django.test import RequestFactory

    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9"
    )
    settings.TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    # The address the proxy saw, not the one the client wrote into the header.
    assert client_address(request) == "198.51.100.9"


def test_a_lead_viewing_and_exporting_members_is_recorded(
    gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    client = Client(REMOTE_ADDR="198.51.100.23")
    client.force_login(lead)
    assert client.get(reverse("forums:members", args=[forum.slug])).status_code == 200
    assert client.post(reverse("forums:members_export", args=[forum.slug])).status_code == 200
    viewed, exported = AccessLog.objects.order_by("at", "pk")
    assert (viewed.kind, viewed.what, viewed.subject, viewed.person) == (
        AccessKind.VIEWED,
        AccessWhat.MEMBERS,
        forum,
        lead,
    )
    assert viewed.network == "198.51.100.0/24"
    assert (exported.kind, exported.file_format, exported.row_count) == (
        AccessKind.EXPORTED,
        "csv",
        1,
    )
    assert exported.network == "198.51.100.0/24"
    # Another forum's lead is refused, and nothing is recorded for a refusal.
    other = Client()
    other.force_login(sunderland[1])
    assert other.get(reverse("forums:members", args=[forum.slug])).status_code in (403, 404)
    assert AccessLog.objects.count() == 2


def test_a_host_opening_the_booking_list_with_access_needs_is_recorded(
    make_client: MakeClient, parent: User
) -> None:
    host = UserFactory.create()
    session = SessionFactory.create(hosts=[host])
    peer_services.booking_create(session_id=session.pk, user=parent, access_needs="A ramp")
    make_client(host).get(reverse("peer_network:host_summary", args=[session.pk]))
    make_client(host).get(reverse("peer_network:attendance", args=[session.pk]))
    entries = AccessLog.objects.for_object(session)
    assert [(e.what, e.person) for e in entries] == [(AccessWhat.ACCESS_NEEDS, host)] * 2
    assert (
        make_client(parent).get(reverse("peer_network:host_summary", args=[session.pk])).status_code
        == 403
    )
    assert entries.count() == 2


def _entries(person: User, count: int, days_ago: int = 0, subject: Forum | None = None) -> None:
    at = timezone.now() - timedelta(days=days_ago)
    content_type = ContentType.objects.get_for_model(Forum) if subject else None
    AccessLog.objects.bulk_create(
        AccessLog(
            kind=AccessKind.VIEWED,
            what=AccessWhat.MEMBERS,
            content_type=content_type,
            object_id=subject.pk if subject else None,
            person=person,
            at=at,
            network="192.0.2.0/24",
        )
        for _ in range(count)
    )


def test_staff_filter_the_log_by_person_and_date(
    make_client: MakeClient, staff: User, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    _entries(gateshead[1], 3)
    _entries(sunderland[1], 2, days_ago=10)
    client = make_client(staff)
    url = reverse("access_log")
    page = client.get(url, {"person": gateshead[1].email.upper()}).content.decode()
    assert "3 entries" in page and gateshead[1].email in page
    assert sunderland[1].email not in page
    last_week = timezone.localdate() - timedelta(days=7)
    page = client.get(
        url,
        {
            "date_to_0": last_week.day,
            "date_to_1": last_week.month,
            "date_to_2": last_week.year,
        },
    ).content.decode()
    assert "2 entries" in page and sunderland[1].email in page
    assert gateshead[1].email not in page
    assert "192.0.2.0/24" in page


def test_a_date_range_the_wrong_way_round_is_explained_not_an_error(
    make_client: MakeClient, staff: User
) -> None:
    today = timezone.localdate()
    response = make_client(staff).get(
        reverse("access_log"),
        {
            "date_from_0": str(today.day),
            "date_from_1": str(today.month),
            "date_from_2": str(today.year),
            "date_to_0": "1",
            "date_to_1": "1",
            "date_to_2": "2020",
        },
    )
    assert response.status_code == 200
    assert "The last day must be the same as or after the first day" in response.content.decode()


def test_staff_find_the_log_from_the_home_page(
    make_client: MakeClient, staff: User, parent: User
) -> None:
    link = f'href="{reverse("access_log")}"'
    assert link in make_client(staff).get("/").content.decode()
    assert link not in make_client(parent).get("/").content.decode()


def test_leads_cannot_read_the_log(make_client: MakeClient, gateshead: ForumLead) -> None:
    assert make_client(gateshead[1]).get(reverse("access_log")).status_code == 403


# Session and user, the two-step check, the privacy consent, then the count, one page of
# entries with their people and kinds, and the objects they name (one query per kind).
ACCESS_LOG_QUERIES = 9


@pytest.mark.parametrize("size", [5, 120])
def test_the_log_page_makes_the_same_queries_at_two_sizes(
    make_client: MakeClient,
    staff: User,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    size: int,
) -> None:
    people = [UserFactory.create() for _ in range(3)]
    for number in range(size):
        _entries(people[number % 3], 1, subject=gateshead[0])
    client = make_client(staff)
    with django_assert_max_num_queries(ACCESS_LOG_QUERIES):
        response = client.get(reverse("access_log"))
    page = response.content.decode()
    assert f"{size} entries" in page
    assert f"Forum: {gateshead[0].name}" in page
    assert page.count('<tr class="govuk-table__row">') == min(size, 50) + 1
