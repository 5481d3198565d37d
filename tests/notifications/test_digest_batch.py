"""A chunk of digests reads what its people share (the glossary, their forums' news) once for
the chunk, not once a person: the queries grow only by each person's own two writes."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pytest_django import DjangoAssertNumQueries

from core.models import OutboxEmail
from notifications import digests
from notifications.models import Frequency, Preferences
from tests.forums.factories import MembershipFactory, NewsPostFactory, forum_with_lead

pytestmark = pytest.mark.django_db

MONDAY_9AM = datetime(2026, 11, 30, 9, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.mark.parametrize("people", [3, 12])
def test_a_digest_chunk_reads_shared_things_once_whatever_its_size(
    people: int, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    other, _ = forum_with_lead("Sunderland")
    members = [MembershipFactory.create(forum=forum).user for _ in range(people)]
    elsewhere = MembershipFactory.create(forum=other).user
    NewsPostFactory.create(
        forum=forum, title="Coffee morning moved", published_at=MONDAY_9AM - timedelta(days=2)
    )
    NewsPostFactory.create(
        forum=forum, title="Old news", published_at=MONDAY_9AM - timedelta(days=9)
    )
    # Their last digest came after the news: nothing new for them.
    Preferences.objects.create(
        user=members[0], weekly_digest_covered_to=MONDAY_9AM - timedelta(days=1)
    )
    everyone = [lead.pk, elsewhere.pk, *(m.pk for m in members)]
    # The people, their forums, the news, the glossary; then each person's outbox row and
    # settings (and a savepoint around the outbox row).
    with django_assert_max_num_queries(4 + 4 * (people + 2)):
        queued = digests.digest_batch(Frequency.WEEKLY, min(everyone), max(everyone), MONDAY_9AM)

    assert queued == people  # the lead and every member but the first
    digests_sent = OutboxEmail.objects.filter(kind="notifications/digest")
    assert set(digests_sent.values_list("to", flat=True)) == {
        lead.email,
        *(m.email for m in members[1:]),
    }
    body = digests_sent.values_list("body_text", flat=True)[0]
    assert "Coffee morning moved" in body
    assert "Old news" not in body


def test_only_people_who_take_something_daily_are_due_a_daily_digest() -> None:
    forum, lead = forum_with_lead("Gateshead")
    default = MembershipFactory.create(forum=forum).user  # news weekly, nothing daily
    daily = MembershipFactory.create(forum=forum).user
    Preferences.objects.create(user=daily, news=Frequency.DAILY)
    weekly_only = MembershipFactory.create(forum=forum).user
    Preferences.objects.create(user=weekly_only, news=Frequency.WEEKLY, sessions=Frequency.OFF)

    def run(period: str) -> None:
        for first, last in digests.digest_ranges(period, MONDAY_9AM):
            digests.digest_batch(period, first, last, MONDAY_9AM)

    # Working through the daily chunks writes nobody's settings but the daily reader's.
    run(Frequency.DAILY)
    covered = Preferences.objects.filter(daily_digest_covered_to__isnull=False)
    assert set(covered.values_list("user_id", flat=True)) == {daily.pk}
    assert set(Preferences.objects.values_list("user_id", flat=True)) == {daily.pk, weekly_only.pk}
    # Everyone who takes something weekly is due on Monday at 9am, by default or by choice.
    run(Frequency.WEEKLY)
    covered = Preferences.objects.filter(weekly_digest_covered_to__isnull=False)
    assert set(covered.values_list("user_id", flat=True)) >= {default.pk, weekly_only.pk}
    assert daily.pk not in set(covered.values_list("user_id", flat=True))
