"""The figures checked against values worked out by hand, and each page's query count pinned at
two data sizes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Consent, ConsentKind, MemberProfile, User
from core.suppression import HIDDEN
from dashboards.figures import early_response, impact, peer_learning, reach, voice
from dashboards.figures.context import Context
from dashboards.forms import months_back
from dashboards.pages import PAGES
from dashboards.scope import scope_for
from dashboards.summaries import summaries_refresh
from dashboards.tables import DashTable
from forums.models import EngagementEntry, Forum
from programmes.models import TrainingModule, TrainingRecord
from raised.models import Matter
from tests.dashboards.factories import (
    action,
    area_of,
    consultation_with_responses,
    members,
    scope_to,
    session_with,
)
from tests.forums.factories import CouncilAreaFactory, forum_with_lead
from tests.programmes.factories import SchoolFactory, cohort_make, contact_make, enrol, rate_all
from tests.raised.factories import partner_for, raise_matter
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def _context(user: User) -> Context:
    found = scope_for(user)
    assert found is not None
    return Context(scope=found[0], period=months_back(12), now=timezone.now())


def _cell(table: DashTable, label: str, column: int = 0) -> str:
    return next(row.cells[column] for row in table.rows if row.label == label)


@pytest.fixture
def ctx(gateshead: tuple[Forum, User], commissioner: User) -> Context:
    scope_to(commissioner, area_of(gateshead[0]))
    return _context(commissioner)


def test_reach_by_forum_and_by_age_band(gateshead: tuple[Forum, User], ctx: Context) -> None:
    forum, _ = gateshead
    people = members(forum, 12)
    for n, person in enumerate(people[:8]):
        Consent.objects.create(user=person, kind=ConsentKind.SPECIAL_CATEGORY, version="1")
        MemberProfile.objects.create(user=person, age_bands=["5-10"] if n < 6 else ["0-4"])
    # 12 members and the lead.
    assert reach.headline_counts(ctx)["reached"] == 13
    assert _cell(reach.by_forum(ctx), forum.name) == "13"
    ages = reach.by_age_band(ctx)
    # 6 aged 5 to 10 are shown; the 2 aged 0 to 4 are hidden, and so (being the smallest
    # shown, all equally) are the zeros, so the total 8 cannot give the 2 away.
    assert _cell(ages, "5 to 10") == "6"
    assert _cell(ages, "0 to 4") == HIDDEN
    assert _cell(ages, "16 to 18") == HIDDEN
    assert ages.totals is not None and ages.totals.cells[0] == "8"
    # Gaps: groups with none, in tables that have members at all. The 16 to 18 band is hidden
    # with the zeros beside it, so no gap is claimed for the hidden ones.
    found = reach.gaps([reach.by_forum(ctx), ages, reach.by_need(ctx)])
    assert found == []
    people[0].member_profile.ethnic_group = "white_irish"
    people[0].member_profile.save()
    for person in people[1:8]:
        person.member_profile.ethnic_group = "white_british"
        person.member_profile.save()
    found = reach.gaps([reach.by_ethnic_group(ctx)])
    # 7 and a hidden 1 (and with it every 0, being the next smallest): no zero is shown.
    assert found == []


def test_reach_leaves_out_members_without_current_consent(
    gateshead: tuple[Forum, User], ctx: Context
) -> None:
    forum, _ = gateshead
    for person in members(forum, 6):
        MemberProfile.objects.create(user=person, age_bands=["5-10"])
    assert _cell(reach.by_age_band(ctx), "5 to 10") == "0"


def test_voice_responses_and_the_early_warning(gateshead: tuple[Forum, User], ctx: Context) -> None:
    forum, lead = gateshead
    consultation_with_responses(forum, lead, 12, title="Short breaks")
    consultation_with_responses(forum, lead, 7, title="Schools")
    consultation_with_responses(forum, lead, 2, title="Transport")
    table = voice.per_consultation(ctx)
    assert _cell(table, f"Short breaks ({forum.name})") == "12"
    assert _cell(table, f"Transport ({forum.name})") == HIDDEN
    # The total 21 less 12 would give the 2 away, so the next smallest, 7, is hidden too.
    assert _cell(table, f"Schools ({forum.name})") == HIDDEN
    assert table.totals is not None and table.totals.cells[0] == "21"
    # Rising: 12 people at events about waiting in the recent half, 5 in the earlier half.
    today = timezone.localdate()
    for days, people in ((20, 12), (300, 5)):
        EngagementEntry.objects.create(
            forum=forum,
            date=today - timedelta(days=days),
            method="coffee_morning",
            title="Coffee morning",
            participants=people,
            themes="Waiting lists for assessment\nSchool transport",
            ladder_rung=3,
            recorded_by=lead,
        )
    warning, rising = voice.early_warning(ctx)
    assert rising == ["Waiting times", "Transport"]
    assert _cell(warning, "Waiting times", 1) == "12"
    assert _cell(warning, "Crisis", 2) == "No"
    assert voice.is_rising(earlier=0, recent=10)
    assert not voice.is_rising(earlier=0, recent=9)
    assert not voice.is_rising(earlier=8, recent=11)
    assert voice.is_rising(earlier=8, recent=12)


def test_impact_actions_and_the_overdue_ones(gateshead: tuple[Forum, User], ctx: Context) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, 6)
    for _ in range(5):
        action(consultation, "done")
    action(
        consultation,
        "in_progress",
        title="Review transport",
        due_date=timezone.localdate() - timedelta(days=3),
    )
    by_status = impact.by_status(ctx)
    assert _cell(by_status, "Done") == "5"
    assert _cell(by_status, "In progress") == HIDDEN
    overdue = impact.overdue(ctx)
    assert [item.title for item in overdue] == ["Review transport"]
    assert impact.overdue_count(ctx) == 1


def test_early_response_medians_worked_out_by_hand(
    gateshead: tuple[Forum, User], commissioner: User, ctx: Context
) -> None:
    forum, lead = gateshead
    partner = partner_for(forum, lead, name="SEND Service")
    # Raised on Monday 2 November 2026; answered after these working days (no bank holidays).
    raised = datetime(2026, 11, 2, 10, tzinfo=UTC)
    answered_on = [3, 4, 5, 6, 9, 9, 10, 11, 12, 13]  # 1, 2, 3, 4, 5, 5, 6, 7, 8, 9 working days
    for day in answered_on:
        matter = raise_matter(forum, lead, partner, raised_at=raised)
        Matter.objects.filter(pk=matter.pk).update(
            first_response_at=datetime(2026, 11, day, 12, tzinfo=UTC), status="responded"
        )
    ctx = Context(scope=ctx.scope, period=months_back(12, date(2026, 11, 29)), now=ctx.now)
    by_partner = early_response.tables(ctx)[0]
    assert _cell(by_partner, "SEND Service") == "10"
    # The median of 1, 2, 3, 4, 5, 5, 6, 7, 8, 9.
    assert _cell(by_partner, "SEND Service", 3) == "5"
    assert _cell(by_partner, "SEND Service", 4) == "Too few to show"
    # With 9 answered, no median is shown.
    Matter.objects.filter(pk=Matter.objects.order_by("pk").first().pk).delete()  # type: ignore[union-attr]
    by_partner = early_response.tables(ctx)[0]
    assert _cell(by_partner, "SEND Service", 3) == "Too few to show"


def test_peer_learning_ratings_and_sectors(gateshead: tuple[Forum, User], ctx: Context) -> None:
    forum, _ = gateshead
    session_with(forum, members(forum, 10), ratings=[5] * 6 + [4] * 4)
    ratings = peer_learning.ratings(ctx)
    assert _cell(ratings, "5") == "6"
    assert _cell(ratings, "4") == HIDDEN
    assert "Average rating: 4.6." in ratings.note
    assert _cell(peer_learning.by_sector(ctx), "Parent carers") == "10"


def _grow(forum: Forum, lead: User, size: int) -> None:
    """More of everything a dashboard counts."""
    people = members(forum, 5 * size)
    for person in people[: 2 * size]:
        Consent.objects.create(user=person, kind=ConsentKind.SPECIAL_CATEGORY, version="1")
        MemberProfile.objects.create(user=person, age_bands=["5-10"], ethnic_group="white_irish")
    partner = partner_for(forum, lead, name=f"Partner {size} {forum.pk}")
    for n in range(size):
        consultation = consultation_with_responses(forum, lead, 3 + n, title=f"C{size}-{n}")
        action(consultation, "planned", due_date=timezone.localdate() - timedelta(days=1))
        session_with(forum, people[n : n + 3], ratings=[4, 5])
        raise_matter(forum, lead, partner, title=f"M{size}-{n}")
    cohort = cohort_make(name=f"Cohort {size} {forum.pk}")
    rater = contact_make()
    module = TrainingModule.objects.get(title="Understanding autism")
    for _ in range(size):
        enrolment = enrol(
            cohort, school=SchoolFactory.create(council_area=area_of(forum)), contact=rater
        )
        rate_all(enrolment, "baseline", 1, by=rater)
        rate_all(enrolment, "review", 2, by=rater)
        TrainingRecord.objects.create(enrolment=enrolment, module=module, staff_completed=6)


@pytest.mark.parametrize("slug", list(PAGES))
@pytest.mark.parametrize("stored", [True, False], ids=["summary", "live"])
def test_query_counts_do_not_grow_with_the_records(
    make_client: MakeClient,
    commissioner: User,
    django_assert_max_num_queries: object,
    slug: str,
    stored: bool,
) -> None:
    """From the summary tables a page makes the same few queries whatever the records; live
    (a custom time) it works out every page for each view, in queries that do not grow with
    the records either."""
    forum, lead = forum_with_lead("Gateshead")
    scope_to(commissioner, area_of(forum))
    client = make_client(commissioner)
    url = (
        reverse("dashboards:overview")
        if slug == "overview"
        else reverse("dashboards:page", args=[slug])
    )
    today = timezone.localdate()
    # Live is a custom time: a usual time is worked out with the other two usual times.
    custom = {
        "period": "custom",
        "start_0": "1",
        "start_1": "1",
        "start_2": str(today.year - 1),
        "end_0": str(today.day),
        "end_1": str(today.month),
        "end_2": str(today.year),
    }
    query = {} if stored else custom
    counts = []
    for size in (1, 4):
        _grow(forum, lead, size)
        other, other_lead = forum_with_lead(f"Elsewhere {size}")
        _grow(other, other_lead, size)
        if stored:
            summaries_refresh()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, query).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(MAX_QUERIES[slug] + (0 if stored else LIVE_QUERIES)):  # type: ignore[operator]
        client.get(url, query)


# Sessions, the signed-in person and the second step, the scope (3), whether to show the
# Programmes link in the menu (1), the summary (1), then what the page lists beside its tables.
MAX_QUERIES = {
    "overview": 10,
    "reach": 9,
    "voice": 9,
    "impact": 10,
    "early-response": 9,
    "peer-learning": 9,
    "schools": 9,
}
# Live, for a scope of one area, the summary's query is replaced by every page's queries for
# all areas and for the one area (40 and 41 with the overview's figures of schools).
LIVE_QUERIES = 80


def test_gaps_name_the_areas_with_no_members(
    gateshead: tuple[Forum, User], commissioner: User
) -> None:
    forum, _ = gateshead
    members(forum, 5)
    empty = CouncilAreaFactory.create(name="South Tyneside", region=forum.region)
    scope_to(commissioner, area_of(forum), empty)
    ctx = _context(commissioner)
    areas = reach.by_area(ctx)
    assert _cell(areas, "Gateshead") == "6" and _cell(areas, "South Tyneside") == "0"
    assert reach.gaps([areas]) == ["South Tyneside (members by council area): none"]
