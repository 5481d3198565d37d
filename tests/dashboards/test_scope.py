"""Scope: a commissioner scoped to Gateshead gets nothing about Sunderland, whatever they do to
the address, the filters or the download links."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from core.models import AccessLog
from dashboards.pages import PAGES
from dashboards.scope import scope_for
from forums.models import Forum
from tests.dashboards.factories import (
    area_of,
    consultation_with_responses,
    members,
    scope_to,
)
from tests.forums.factories import ForumFactory
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

SUNDERLAND_WORDS = ("Sunderland",)


def _page_url(slug: str) -> str:
    return reverse(
        "dashboards:overview" if slug == "overview" else "dashboards:page",
        args=[] if slug == "overview" else [slug],
    )


@pytest.fixture
def two_areas(
    gateshead: tuple[Forum, User], sunderland: tuple[Forum, User], commissioner: User
) -> tuple[Forum, Forum]:
    g_forum, g_lead = gateshead
    s_forum, s_lead = sunderland
    members(g_forum, 6)
    members(s_forum, 7)
    consultation_with_responses(g_forum, g_lead, 6, title="Gateshead short breaks")
    consultation_with_responses(s_forum, s_lead, 8, title="Sunderland short breaks")
    scope_to(commissioner, area_of(g_forum))
    return g_forum, s_forum


def test_the_scope_holds_only_forums_wholly_inside_it(
    two_areas: tuple[Forum, Forum], commissioner: User
) -> None:
    g_forum, s_forum = two_areas
    # A forum covering both areas would tell a Gateshead commissioner about Sunderland.
    both = ForumFactory.create(name="Both areas forum", region=g_forum.region)
    both.council_areas.add(area_of(g_forum), area_of(s_forum))
    found = scope_for(commissioner)
    assert found is not None
    scope, _ = found
    assert scope.forum_ids == {g_forum.pk}
    assert [area.name for area in scope.areas] == ["Gateshead"]


def test_no_scope_yet_shows_no_figures(make_client: MakeClient, commissioner: User) -> None:
    page = make_client(commissioner).get(reverse("dashboards:overview"))
    assert page.status_code == 200
    assert "Your dashboards are being set up" in page.content.decode()
    assert "Members reached" not in page.content.decode()


@pytest.mark.parametrize("slug", list(PAGES))
def test_every_page_leaves_sunderland_out(
    make_client: MakeClient, commissioner: User, two_areas: tuple[Forum, Forum], slug: str
) -> None:
    content = make_client(commissioner).get(_page_url(slug)).content.decode()
    assert "Gateshead" in content
    for word in SUNDERLAND_WORDS:
        assert word not in content


@pytest.mark.parametrize("slug", list(PAGES))
def test_a_tampered_area_is_refused_with_a_message(
    make_client: MakeClient, commissioner: User, two_areas: tuple[Forum, Forum], slug: str
) -> None:
    _, s_forum = two_areas
    client = make_client(commissioner)
    for area in (str(area_of(s_forum).pk), "99999999", "'; drop table", "-1", "1.5"):
        response = client.get(_page_url(slug), {"area": area})
        assert response.status_code == 200
        content = response.content.decode()
        assert "There is a problem" in content
        assert "Choose an area from the list" in content
        assert "Sunderland" not in content
        assert "data-summary" not in content


def test_a_tampered_export_gives_no_file(
    make_client: MakeClient, commissioner: User, two_areas: tuple[Forum, Forum]
) -> None:
    _, s_forum = two_areas
    url = reverse("dashboards:export", args=["voice", "consultations"])
    response = make_client(commissioner).get(url, {"area": area_of(s_forum).pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Choose an area from the list" in response.content.decode()
    assert not AccessLog.objects.exists()


def test_an_export_holds_only_the_scope(
    make_client: MakeClient, commissioner: User, two_areas: tuple[Forum, Forum]
) -> None:
    url = reverse("dashboards:export", args=["voice", "consultations"])
    response = make_client(commissioner).get(url)
    assert response.status_code == 200
    content = response.content.decode("utf-8-sig")
    assert "Gateshead short breaks" in content
    assert "Sunderland" not in content
    log = AccessLog.objects.get()
    assert log.person == commissioner and log.file_format == "csv"


def test_staff_see_every_area(
    make_client: MakeClient, staff: User, two_areas: tuple[Forum, Forum]
) -> None:
    content = make_client(staff).get(reverse("dashboards:page", args=["voice"])).content.decode()
    assert "Gateshead short breaks" in content and "Sunderland short breaks" in content


def test_parent_carers_and_practitioners_cannot_reach_the_dashboards(
    make_client: MakeClient, parent: User, practitioner: User
) -> None:
    for person in (parent, practitioner):
        client = make_client(person)
        assert client.get(reverse("dashboards:overview")).status_code == 403
        url = reverse("dashboards:export", args=["voice", "consultations"])
        assert client.get(url).status_code == 403
