"""A forum's page lists its consultations open now, with a way in for those who can answer,
and the ones that closed recently, with what changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from consultations.models import Audience, Consultation
from tests.consultations.factories import ConsultationFactory, make_consultation
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def _section(page: str) -> str:
    start = page.index('<h2 class="govuk-heading-m">Consultations</h2>')
    return page[start : page.index('<h2 class="govuk-heading-m">News</h2>')]


def _page(client: Client, slug: str) -> str:
    return _section(client.get(reverse("forums:detail", args=[slug])).content.decode())


def test_members_see_open_consultations_with_a_way_in_and_their_progress(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, title="Short breaks in the holidays")
    member = MembershipFactory.create(forum=forum).user
    client = make_client(member)
    section = _page(client, forum.slug)
    start = reverse("consultations:answer_start", args=[consultation.pk])
    assert f'href="{start}">Short breaks in the holidays</a>' in section
    assert "For parent carers" in section and "closes at" in section
    client.post(start)
    section = _page(client, forum.slug)
    assert "Started" in section and "Carry on where you left off" in section


def test_visitors_see_what_is_open_but_no_way_in(client: Client, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, title="Short breaks in the holidays")
    section = _page(client, forum.slug)
    assert "<strong>Short breaks in the holidays</strong>" in section
    assert f"Open to members of {forum.name}" in section
    assert reverse("consultations:answer_start", args=[consultation.pk]) not in section


def test_drafts_open_link_and_other_forums_consultations_are_not_listed(
    client: Client, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    make_consultation(forum, lead, title="Still a draft", launch=False)
    make_consultation(forum, lead, title="Shared by link", audience=Audience.OPEN_LINK)
    make_consultation(*sunderland, title="In Sunderland")
    section = _page(client, forum.slug)
    assert "No consultations are open right now." in section
    for title in ("Still a draft", "Shared by link", "In Sunderland"):
        assert title not in section


def test_recently_closed_consultations_link_to_what_changed(
    client: Client, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    closed = make_consultation(forum, lead, title="Transport to school")
    Consultation.objects.filter(pk=closed.pk).update(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=2)
    )
    section = _page(client, forum.slug)
    assert "Recently closed" in section
    impact = reverse("consultations:impact", args=[closed.pk])
    assert f'href="{impact}">Transport to school' in section


@pytest.mark.parametrize("count", [2, 20])
def test_the_forum_page_query_count_does_not_grow_with_consultations(
    count: int,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, _ = gateshead
    now = timezone.now()
    ConsultationFactory.create_batch(count, forum=forum, launched=True, audience_forums=[forum])
    ConsultationFactory.create_batch(
        count,
        forum=forum,
        launched=True,
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    client = make_client(MembershipFactory.create(forum=forum).user)
    # The forum page's 18 (tests/forums/test_directory.py), 5 of them for its consultations.
    with django_assert_max_num_queries(18):
        section = _page(client, forum.slug)
    assert section.count("Consultation ") >= count + min(count, 5)
