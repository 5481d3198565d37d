from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import AccessLog
from forums.models import EngagementEntry, MembershipRole, RepresentativeRole
from tests.accounts.factories import UserFactory
from tests.dates import gov_date
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_a_lead_exports_members_and_the_export_is_recorded(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    MembershipFactory.create(forum=forum, user=UserFactory.create(full_name="=HYPERLINK(evil)"))
    MembershipFactory.create(
        forum=forum, user=UserFactory.create(full_name="Ann Example"), status="pending"
    )
    response = make_client(lead).post(reverse("forums:members_export", args=[forum.slug]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Email", "Role", "Status", "Asked to join", "Joined", "Left"]
    names = {row[0] for row in rows[1:]}
    assert "Ann Example" in names
    assert "'=HYPERLINK(evil)" in names  # never a live formula in a spreadsheet
    export = AccessLog.objects.get()
    assert export.person == lead and export.subject == forum and export.row_count == 3
    assert list(forum.access_log.exports()) == [export]
    page = make_client(lead).get(reverse("forums:members", args=[forum.slug])).content.decode()
    assert "(3 rows)" in page


def test_member_export_never_starts_a_cell_with_a_formula(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    email = "=2+5+cmd|'/ccalc'!a0@evil.example"
    MembershipFactory.create(
        forum=forum, user=UserFactory.create(full_name="＝SUM(1+1)", email=email)
    )
    MembershipFactory.create(
        forum=forum, user=UserFactory.create(full_name="\tTabbed", email="-x@example.org")
    )
    response = make_client(lead).post(reverse("forums:members_export", args=[forum.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert f"'{email}" in cells and "'＝SUM(1+1)" in cells
    assert "'\tTabbed" in cells and "'-x@example.org" in cells
    assert not [cell for cell in cells if cell[:1] in set("=+-@\t\r＝＋－＠")]


def test_only_this_forums_lead_can_export(
    make_client: MakeClient,
    gateshead: ForumLead,
    sunderland: ForumLead,
    parent: User,
    commissioner: User,
) -> None:
    forum, _ = gateshead
    for user in (sunderland[1], parent, commissioner):
        assert (
            make_client(user).post(reverse("forums:members_export", args=[forum.slug])).status_code
            == 403
        )
    assert (
        make_client(None).post(reverse("forums:members_export", args=[forum.slug])).status_code
        == 302
    )
    assert not AccessLog.objects.exists()


def test_lead_records_a_representative_and_ends_the_term(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    member = MembershipFactory.create(forum=forum).user
    client = make_client(lead)
    client.post(
        reverse("forums:representatives", args=[forum.slug]),
        {
            "member": member.pk,
            "board": "SEND Partnership Board",
            **gov_date("term_start", "2026-09-01"),
            **gov_date("term_end", ""),
            "declared_interests": "Works for a local charity",
        },
    )
    seat = RepresentativeRole.objects.get()
    assert seat.board == "SEND Partnership Board" and seat.user == member
    assert member.memberships.get(forum=forum).role == MembershipRole.REPRESENTATIVE
    assert (
        "Works for a local charity"
        in client.get(reverse("forums:detail", args=[forum.slug])).content.decode()
    )
    client.post(reverse("forums:representative_end", args=[forum.slug, seat.pk]))
    seat.refresh_from_db()
    assert seat.term_end == timezone.localdate()


def test_a_representative_must_be_a_member_of_this_forum(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    outsider = MembershipFactory.create(forum=sunderland[0]).user
    response = make_client(lead).post(
        reverse("forums:representatives", args=[forum.slug]),
        {"member": outsider.pk, "board": "Board", **gov_date("term_start", "2026-09-01")},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not RepresentativeRole.objects.exists()


def test_term_end_before_start_is_refused(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    member = MembershipFactory.create(forum=forum).user
    response = make_client(lead).post(
        reverse("forums:representatives", args=[forum.slug]),
        {
            "member": member.pk,
            "board": "Board",
            **gov_date("term_start", "2026-09-01"),
            **gov_date("term_end", "2026-01-01"),
        },
    )
    assert "The end of the term must be after its start" in response.content.decode()
    assert not RepresentativeRole.objects.exists()


def test_lead_records_engagement(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    when = timezone.localdate() - timedelta(days=3)
    make_client(lead).post(
        reverse("forums:engagement", args=[forum.slug]),
        {
            "title": "Coffee morning",
            **gov_date("date", when.isoformat()),
            "method": "coffee_morning",
            "participants": "12",
            "themes": "Waiting times\nTransport",
            "ladder_rung": "5",
        },
    )
    entry = EngagementEntry.objects.get()
    assert entry.participants == 12 and entry.ladder_rung == 5
    assert entry.theme_list == ["Waiting times", "Transport"]
    assert entry.recorded_by == lead


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participants": "lots"}, "Enter a whole number, like 12"),
        ({"participants": "-3"}, "Enter a number of 0 or more"),
        (
            {**gov_date("date", "2999-01-01")},
            "The date must be today or in the past",
        ),
        ({"ladder_rung": "9"}, "Select a valid choice"),
    ],
)
def test_bad_engagement_shows_errors_and_writes_nothing(
    make_client: MakeClient, gateshead: ForumLead, changes: dict[str, str], message: str
) -> None:
    forum, lead = gateshead
    data = {
        "title": "Event",
        **gov_date("date", "2026-01-10"),
        "method": "event",
        "participants": "4",
        "themes": "Theme",
        "ladder_rung": "4",
        **changes,
    }
    page = (
        make_client(lead)
        .post(reverse("forums:engagement", args=[forum.slug]), data)
        .content.decode()
    )
    assert "govuk-error-summary" in page and message in page
    assert not EngagementEntry.objects.exists()
