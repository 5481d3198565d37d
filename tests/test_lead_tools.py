"""The lead's navigation is built from the tools each app registers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.lead_tools import lead_tabs, lead_tool_register
from tests.types import ForumLead, MakeClient


@pytest.mark.django_db
def test_every_app_adds_its_tools_in_order_and_the_open_one_is_current(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    page = make_client(lead).get(reverse("forums:members", args=[forum.slug])).content.decode()
    labels = ["Consultations", "Members", "Invite someone", "Glossary terms"]
    positions = [page.index(f">{label}</a>") for label in labels]
    assert positions == sorted(positions)
    members = reverse("forums:members", args=[forum.slug])
    assert f'href="{members}" aria-current="page">Members' in page


def test_a_new_app_adds_a_tab_without_editing_forums() -> None:
    lead_tool_register(label="Engagement log, again", url_name="forums:engagement", order=60)
    tabs = lead_tabs(forum_slug="gateshead", path="/forums/gateshead/manage/engagement/2026/")
    current = [tab for tab in tabs if tab.current]
    assert [tab.label for tab in current] == ["Engagement log, again"]
    lead_tool_register(label="Engagement log", url_name="forums:engagement", order=60)
