"""The summary tables: the periodic job stores the same figures the pages work out live, the
pages read them (saying how old they are), and a commissioner only ever reads the row for their
own scope."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from accounts.models import User
from dashboards import tasks
from dashboards.forms import months_back
from dashboards.models import Summary
from dashboards.release import ALL, release_compute
from dashboards.scope import scope_for
from dashboards.summaries import stored_tables, usual_periods
from forums.models import Forum
from tests.accounts.factories import UserFactory, totp_enable
from tests.dashboards.factories import (
    area_of,
    consultation_with_responses,
    members,
    scope_to,
    session_with,
)
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_forums(gateshead: tuple[Forum, User], sunderland: tuple[Forum, User]) -> None:
    for (forum, lead), size in ((gateshead, 7), (sunderland, 13)):
        people = members(forum, size)
        consultation_with_responses(forum, lead, size + 2, title=f"Short breaks {size}")
        consultation_with_responses(forum, lead, 3, title=f"Transport {size}")
        session_with(forum, people[:6], ratings=[5, 4, 5, 3, 5, 4])


@pytest.mark.usefixtures("two_forums")
@pytest.mark.parametrize("months", [3, 6, 12])
def test_the_refresh_stores_the_figures_worked_out_live(
    commissioner: User, gateshead: tuple[Forum, User], sunderland: tuple[Forum, User], months: int
) -> None:
    scope_to(commissioner, area_of(gateshead[0]), area_of(sunderland[0]))
    found = scope_for(commissioner)
    assert found is not None
    scope, by_forum = found
    period = months_back(months)
    periods = usual_periods()
    live = release_compute(scope, by_forum, periods, timezone.now())[periods.index(period)]
    assert tasks.summaries_refresh.delay().get() >= 3
    for view, pages in live.views.items():
        for slug, tables in pages.items():
            stored = stored_tables(scope, period, view, slug)
            assert stored is not None
            assert stored.tables == tables, (view, slug)
    assert ALL in live.views and len(live.views) == 3  # all areas, and each of the two


@pytest.mark.usefixtures("two_forums")
def test_a_commissioner_reads_only_the_summary_for_their_scope(
    make_client: MakeClient,
    commissioner: User,
    gateshead: tuple[Forum, User],
    sunderland: tuple[Forum, User],
) -> None:
    scope_to(commissioner, area_of(gateshead[0]))
    other = UserFactory.create(email="other.commissioner@example.org", commissioner=True)
    totp_enable(other)
    scope_to(other, area_of(sunderland[0]))
    tasks.summaries_refresh.delay()
    # Rows for each scope in use (all areas, and each commissioner's), usual time, view and page.
    assert Summary.objects.values("scope_key").distinct().count() == 3
    client = make_client(commissioner)
    voice = client.get(reverse("dashboards:page", args=["voice"])).content.decode()
    assert "Figures as of" in voice
    assert "Short breaks 7" in voice and "Short breaks 13" not in voice
    # The other commissioner's area cannot be chosen, so their figures cannot be read.
    refused = client.get(
        reverse("dashboards:page", args=["voice"]), {"area": str(area_of(sunderland[0]).pk)}
    )
    assert "Choose an area from the list" in refused.content.decode()
    assert "Short breaks 13" not in refused.content.decode()
    # Nor downloaded.
    csv = client.get(reverse("dashboards:export", args=["voice", "consultations"]))
    assert "Short breaks 13" not in csv.content.decode("utf-8-sig")
    assert "Short breaks 7" in csv.content.decode("utf-8-sig")


@pytest.mark.usefixtures("two_forums")
def test_the_page_says_how_old_its_figures_are(
    make_client: MakeClient, commissioner: User, gateshead: tuple[Forum, User]
) -> None:
    scope_to(commissioner, area_of(gateshead[0]))
    client = make_client(commissioner)
    url = reverse("dashboards:page", args=["voice"])
    assert "Worked out from live records" in client.get(url).content.decode()
    tasks.summaries_refresh.delay()
    stored = client.get(url).content.decode()
    assert "Figures as of" in stored and "today" in stored
    # A time of one's own is worked out live.
    custom = client.get(
        url,
        {
            "period": "custom",
            "start_0": "1",
            "start_1": "1",
            "start_2": str(timezone.localdate().year),
            "end_0": str(timezone.localdate().day),
            "end_1": str(timezone.localdate().month),
            "end_2": str(timezone.localdate().year),
        },
    ).content.decode()
    assert "Worked out from live records" in custom


def test_the_refresh_is_scheduled_every_half_hour() -> None:
    task = PeriodicTask.objects.get(task="dashboards.summaries_refresh")
    assert task.enabled
    assert task.interval is not None
    assert (task.interval.every, task.interval.period) == (30, "minutes")
