from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from forums.models import NewsPost
from tests.forums.factories import NewsPostFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_lead_posts_news_for_members_only(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    client = make_client(lead)
    response = client.post(
        reverse("forums:news_new", args=[forum.slug]),
        {
            "title": "Coffee morning",
            "body": "Come and talk about your EHCP.",
            "visibility": "members",
        },
    )
    post = NewsPost.objects.get()
    assert response["Location"] == reverse("forums:news", args=[forum.slug, post.pk])
    assert post.visibility == "members" and post.author == lead
    page = client.get(response["Location"]).content.decode()
    assert 'data-meaning="Education, Health and Care plan' in page


def test_bad_news_form_keeps_what_was_typed(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    response = make_client(lead).post(
        reverse("forums:news_new", args=[forum.slug]),
        {"title": "", "body": "Kept text", "visibility": "x"},
    )
    page = response.content.decode()
    assert "Enter a title" in page and "Kept text" in page
    assert not NewsPost.objects.exists()


def test_only_leads_post_news(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead, parent: User
) -> None:
    forum, _ = gateshead
    for user in (sunderland[1], parent):
        response = make_client(user).post(
            reverse("forums:news_new", args=[forum.slug]),
            {"title": "x", "body": "y", "visibility": "public"},
        )
        assert response.status_code == 403
    assert not NewsPost.objects.exists()


def test_public_news_detail_for_everyone(client: Client, gateshead: ForumLead) -> None:
    forum, _ = gateshead
    post = NewsPostFactory.create(forum=forum, title="Open news")
    assert (
        "Open news"
        in client.get(reverse("forums:news", args=[forum.slug, post.pk])).content.decode()
    )


def test_a_news_title_is_kept_on_one_line(gateshead: ForumLead) -> None:
    from forums import services

    forum, lead = gateshead
    post = services.news_post_create(
        forum=forum,
        author=lead,
        title="Coffee\nmorning\u2028",
        body="Tuesday.",
        visibility="public",
    )
    post.refresh_from_db()
    assert post.title == "Coffee morning"
