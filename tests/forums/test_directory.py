from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from forums.models import MembershipRole
from tests.accounts.factories import UserFactory
from tests.forums.factories import (
    CouncilAreaFactory,
    ForumFactory,
    MembershipFactory,
    NewsPostFactory,
    RegionFactory,
    forum_with_lead,
)
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_forums_are_listed_by_region(
    client: Client, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    other = RegionFactory.create(name="South West")
    ForumFactory.create(name="Devon Parent Carer Forum", region=other)
    page = client.get(reverse("forums:list")).content.decode()
    assert page.index("South West") < page.index("Devon Parent Carer Forum")
    assert "Gateshead Parent Carer Forum" in page


def test_a_person_finds_their_forum_by_typing_their_council_area(
    client: Client, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    page = client.get(reverse("forums:list"), {"q": "gatesh"}).content.decode()
    assert "1 forum for “gatesh”" in page
    results = page.split('id="results"')[1].split("Forums by region")[0]
    assert "Gateshead Parent Carer Forum" in results
    assert "Sunderland Parent Carer Forum" not in results
    page = client.get(reverse("forums:list"), {"q": "Atlantis"}).content.decode()
    assert "No forum found for “Atlantis”" in page


def test_the_forum_page_shows_who_it_is_and_its_public_news(
    client: Client, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    forum.independence_statement = "We are independent of the council."
    forum.save()
    NewsPostFactory.create(forum=forum, title="Public news", visibility="public")
    NewsPostFactory.create(forum=forum, title="Secret members news", visibility="members")
    rep = MembershipFactory.create(forum=forum, role=MembershipRole.REPRESENTATIVE).user
    from forums.models import RepresentativeRole

    RepresentativeRole.objects.create(
        forum=forum, user=rep, board="SEND Partnership Board", term_start="2026-01-01"
    )
    page = client.get(reverse("forums:detail", args=[forum.slug])).content.decode()
    assert "Public news" in page
    assert "Secret members news" not in page
    assert "We are independent of the council." in page
    assert "SEND Partnership Board" in page
    assert f"{lead.full_name} (lead)" in page


def test_members_see_members_only_news_and_others_do_not(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, _ = gateshead
    post = NewsPostFactory.create(forum=forum, title="Members coffee morning", visibility="members")
    member = MembershipFactory.create(forum=forum).user
    outsider = MembershipFactory.create(forum=sunderland[0]).user
    url = reverse("forums:news", args=[forum.slug, post.pk])

    assert "Members coffee morning" in make_client(member).get(url).content.decode()
    assert (
        "Members coffee morning"
        in make_client(member).get(reverse("forums:detail", args=[forum.slug])).content.decode()
    )
    assert make_client(outsider).get(url).status_code == 403
    assert make_client(None).get(url)["Location"].startswith(reverse("account_login"))
    pending = MembershipFactory.create(forum=forum, status="pending").user
    assert make_client(pending).get(url).status_code == 403
    # The same post is not found under another forum's address.
    assert (
        make_client(member)
        .get(reverse("forums:news", args=[sunderland[0].slug, post.pk]))
        .status_code
        == 404
    )


def _forums_with_members(count: int, members: int) -> None:
    region = RegionFactory.create(name="North East")
    for _ in range(count):
        area = CouncilAreaFactory.create(region=region)
        forum = ForumFactory.create(region=region)
        forum.council_areas.add(area)
        MembershipFactory.create_batch(members, forum=forum)


@pytest.mark.parametrize("members", [10, 200])
def test_forum_list_query_count_is_constant(
    members: int, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    _forums_with_members(3, members)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("forums:list"), {"q": "council area"})
    page = response.content.decode()
    assert "3 forums for “council area”" in page
    assert page.count("Parent Carer Forum") >= 6


@pytest.mark.parametrize("members", [10, 200])
def test_forum_page_query_count_is_constant(
    members: int, make_client: MakeClient, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    forum, lead = forum_with_lead("Durham")
    memberships = MembershipFactory.create_batch(members, forum=forum)
    for m in memberships[:5]:
        m.role = MembershipRole.STEERING_GROUP
        m.save()
    NewsPostFactory.create_batch(5, forum=forum, body="About EHCP and SEND.")
    client = make_client(memberships[-1].user)
    # 10 for the forum, 5 for its consultations (tests/consultations/test_forum_page.py), 2
    # for its sessions and 1 for what it raised with partners.
    with django_assert_max_num_queries(18):
        response = client.get(reverse("forums:detail", args=[forum.slug]))
    assert f"<strong>Members:</strong> {members + 1}" in response.content.decode()


def test_unknown_forum_is_not_found(client: Client) -> None:
    assert client.get(reverse("forums:detail", args=["nowhere"])).status_code == 404


def test_parent_carer_sees_the_join_button(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, _ = gateshead
    page = (
        make_client(UserFactory.create())
        .get(reverse("forums:detail", args=[forum.slug]))
        .content.decode()
    )
    assert f"Ask to join {forum.name}" in page


def test_a_lead_changes_the_forum_details(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    data = {
        "description": "We are Gateshead parents.",
        "contact_email": "hello@gatesheadpcf.example.org",
        "website": "gatesheadpcf.example.org",
        "independence_statement": "Funded by a national grant; our members decide.",
    }
    response = make_client(lead).post(reverse("forums:details_edit", args=[forum.slug]), data)
    assert response["Location"] == reverse("forums:detail", args=[forum.slug])
    forum.refresh_from_db()
    assert forum.website == "https://gatesheadpcf.example.org"
    page = make_client(None).get(reverse("forums:detail", args=[forum.slug])).content.decode()
    assert "We are Gateshead parents." in page and "our members decide" in page
    assert (
        make_client(sunderland[1])
        .post(reverse("forums:details_edit", args=[forum.slug]), data)
        .status_code
        == 403
    )


def test_bad_forum_details_change_nothing(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    response = make_client(lead).post(
        reverse("forums:details_edit", args=[forum.slug]),
        {
            "description": "Kept text",
            "contact_email": "not-an-email",
            "website": "",
            "independence_statement": "",
        },
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter an email address in the correct format" in page
    assert "Kept text" in page
    forum.refresh_from_db()
    assert forum.description != "Kept text"
