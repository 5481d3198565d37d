from __future__ import annotations

import re
from uuid import uuid4

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from forums import services
from forums.models import Forum, NewsPost
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


# Preview, publish once, change, delete ---------------------------------------------------------

NEWS = {
    "title": "Short breaks",
    "body": "Ask about your EHCP at https://www.example.org/short-breaks?from=news&id=7.\n\n"
    "Or email help@example.org. <b>Not bold</b>",
    "visibility": "members",
}


def _new_url(forum: Forum) -> str:
    return reverse("forums:news_new", args=[forum.slug])


def test_a_lead_previews_news_as_readers_will_see_it_before_publishing(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    client = make_client(lead)
    form_page = client.get(_new_url(forum)).content.decode()
    key = re.search(r'name="submission" value="([0-9a-f-]+)"', form_page)
    assert key is not None
    response = client.post(
        _new_url(forum), {**NEWS, "submission": key.group(1), "action": "preview"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Check your news before publishing" in page
    assert "This is how members of Gateshead Parent Carer Forum will see it." in page
    assert '<h2 class="govuk-heading-l" id="preview-title">Short breaks</h2>' in page
    assert "Members only" in page
    assert (
        '<a class="govuk-link cp-typed-link" href="https://www.example.org/short-breaks?from=news'
        '&amp;id=7" rel="noopener noreferrer">example.org/short-breaks</a>.' in page
    )
    assert 'data-meaning="Education, Health and Care plan' in page
    # What was typed travels in hidden fields, ready to publish or change.
    assert f'<input type="hidden" name="submission" value="{key.group(1)}"' in page
    assert 'name="body" value="Ask about your EHCP at' in page
    assert 'name="action" value="publish">Publish</button>' in page
    assert 'name="action" value="change">Change</button>' in page
    assert not NewsPost.objects.exists()

    response = client.post(
        _new_url(forum), {**NEWS, "submission": key.group(1), "action": "change"}
    )
    page = response.content.decode()
    assert "Post news" in page and "govuk-error-summary" not in page
    assert 'value="Short breaks"' in page and "&lt;b&gt;Not bold&lt;/b&gt;</textarea>" in page
    assert not NewsPost.objects.exists()

    response = client.post(
        _new_url(forum), {**NEWS, "submission": key.group(1), "action": "publish"}
    )
    post = NewsPost.objects.get()
    assert response["Location"] == reverse("forums:news", args=[forum.slug, post.pk])
    assert post.body == NEWS["body"] and post.visibility == "members"


def test_a_preview_with_mistakes_shows_the_form_with_its_errors(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    response = make_client(lead).post(
        _new_url(forum), {"title": "", "body": "Kept", "visibility": "public", "action": "preview"}
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and "Enter a title" in page and "Kept" in page
    assert "Check your news" not in page


def test_sending_the_same_news_form_twice_publishes_it_once(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    client = make_client(lead)
    data = {**NEWS, "submission": str(uuid4()), "action": "publish"}
    first = client.post(_new_url(forum), data)
    second = client.post(_new_url(forum), data)
    post = NewsPost.objects.get()
    assert (
        first["Location"]
        == second["Location"]
        == reverse("forums:news", args=[forum.slug, post.pk])
    )
    # A new form has a new key, so the same words can be posted again on purpose.
    client.post(_new_url(forum), {**data, "submission": str(uuid4())})
    assert NewsPost.objects.count() == 2


def test_a_form_key_from_another_forum_is_refused(
    gateshead: ForumLead, sunderland: ForumLead
) -> None:
    key = uuid4()
    services.news_post_create(
        forum=gateshead[0],
        author=gateshead[1],
        title="A",
        body="B",
        visibility="public",
        submission_key=key,
    )
    with pytest.raises(ValidationError, match="already been used"):
        services.news_post_create(
            forum=sunderland[0],
            author=sunderland[1],
            title="A",
            body="B",
            visibility="public",
            submission_key=key,
        )
    assert NewsPost.objects.filter(forum=sunderland[0]).count() == 0


def test_a_lead_changes_news_and_readers_see_when_it_was_last_updated(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    post = NewsPostFactory.create(forum=forum, title="Coffee", body="Tuesday.")
    client = make_client(lead)
    edit = reverse("forums:news_edit", args=[forum.slug, post.pk])
    page = client.get(edit).content.decode()
    assert "Change news" in page and 'value="Coffee"' in page and "Tuesday.</textarea>" in page

    data = {
        "title": "Coffee morning",
        "body": "Wednesday, see www.example.org/coffee",
        "visibility": "public",
    }
    page = client.post(edit, {**data, "action": "preview"}).content.decode()
    assert "Check your changes before publishing" in page and "Last updated" in page
    assert 'value="publish">Publish changes</button>' in page
    post.refresh_from_db()
    assert post.title == "Coffee" and post.updated_at is None

    response = client.post(edit, {**data, "action": "publish"})
    assert response["Location"] == reverse("forums:news", args=[forum.slug, post.pk])
    post.refresh_from_db()
    assert post.title == "Coffee morning" and post.updated_at is not None
    page = client.get(response["Location"]).content.decode()
    assert f"Last updated {post.updated_at:%-d %B %Y}" in page
    assert 'href="https://www.example.org/coffee"' in page
    assert NewsPost.objects.count() == 1


def test_saving_news_without_changes_does_not_mark_it_updated(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    post = NewsPostFactory.create(forum=forum, title="Coffee", body="Tuesday.")
    services.news_post_update(
        post=post, edited_by=lead, title=" Coffee ", body="Tuesday.\n", visibility="public"
    )
    post.refresh_from_db()
    assert post.updated_at is None


def test_news_without_a_title_or_with_an_unknown_audience_is_refused(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    post = NewsPostFactory.create(forum=forum)
    with pytest.raises(ValidationError, match="Choose who can see it"):
        services.news_post_update(post=post, edited_by=lead, title="A", body="B", visibility="x")
    with pytest.raises(ValidationError, match="Enter a title"):
        services.news_post_create(
            forum=forum, author=lead, title="\n", body="B", visibility="public"
        )


def test_a_lead_deletes_news_after_a_page_that_says_what_will_happen(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    post = NewsPostFactory.create(forum=forum, title="Old news", visibility="members")
    client = make_client(lead)
    url = reverse("forums:news_delete", args=[forum.slug, post.pk])
    page = client.get(url).content.decode()
    assert "Delete “Old news”?" in page
    assert "Nobody will be able to read it any more, including members" in page
    assert "You cannot undo this." in page
    assert 'class="govuk-button govuk-button--warning"' in page and ">Delete news</button>" in page
    assert NewsPost.objects.filter(pk=post.pk).exists()

    response = client.post(url)
    assert response["Location"] == reverse("forums:news_manage", args=[forum.slug])
    assert not NewsPost.objects.filter(pk=post.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "The news “Old news” has been deleted." in page
    # Sent again, the page is simply not found.
    assert client.post(url).status_code == 404
    services.news_post_delete(post=post, deleted_by=lead)  # idempotent


@pytest.mark.parametrize("name", ["forums:news_edit", "forums:news_delete"])
def test_only_this_forums_leads_change_or_delete_its_news(
    name: str,
    make_client: MakeClient,
    gateshead: ForumLead,
    sunderland: ForumLead,
    parent: User,
) -> None:
    forum, lead = gateshead
    post = NewsPostFactory.create(forum=forum, title="Ours")
    other_forum, other_lead = sunderland
    data = {"title": "Theirs", "body": "Changed", "visibility": "public", "action": "publish"}
    # Another forum's lead, through this forum's address and through their own.
    by_slug = make_client(other_lead).post(reverse(name, args=[forum.slug, post.pk]), data)
    by_id = make_client(other_lead).post(reverse(name, args=[other_forum.slug, post.pk]), data)
    member = make_client(parent).post(reverse(name, args=[forum.slug, post.pk]), data)
    assert (by_slug.status_code, by_id.status_code, member.status_code) == (403, 404, 403)
    post.refresh_from_db()
    assert post.title == "Ours"
    with pytest.raises(PermissionDenied):
        services.news_post_update(
            post=post, edited_by=other_lead, title="Theirs", body="x", visibility="public"
        )
    with pytest.raises(PermissionDenied):
        services.news_post_delete(post=post, deleted_by=other_lead)
    assert NewsPost.objects.get(pk=post.pk).title == "Ours"


def test_only_leads_see_the_change_and_delete_links_on_a_post(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    post = NewsPostFactory.create(forum=forum)
    url = reverse("forums:news", args=[forum.slug, post.pk])
    edit = reverse("forums:news_edit", args=[forum.slug, post.pk])
    assert edit in make_client(lead).get(url).content.decode()
    assert edit not in make_client(sunderland[1]).get(url).content.decode()
    assert edit not in make_client(None).get(url).content.decode()


@pytest.mark.parametrize("posts", [3, 60])
def test_the_leads_news_list_query_count_is_constant(
    posts: int,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, lead = gateshead
    NewsPostFactory.create_batch(posts, forum=forum)
    client = make_client(lead)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("forums:news_manage", args=[forum.slug]))
    page = response.content.decode()
    assert f"{posts} posts" in page
    assert page.count(">Change<span") == min(posts, 20)


# Addresses and glossary terms in news ----------------------------------------------------------


def test_news_shows_addresses_as_links_and_terms_explained_without_double_escaping(
    client: Client, gateshead: ForumLead
) -> None:
    forum, _ = gateshead
    post = NewsPostFactory.create(
        forum=forum,
        body="See https://example.org/EHCP-guide?a=1&b=2 first. Then ask about your EHCP "
        "& SENCO at www.example.org or help@example.org.\n\n<script>x</script>",
    )
    for url in (
        reverse("forums:news", args=[forum.slug, post.pk]),
        reverse("forums:detail", args=[forum.slug]),
    ):
        page = client.get(url).content.decode()
        assert (
            '<a class="govuk-link cp-typed-link" href="https://example.org/EHCP-guide?a=1&amp;b=2"'
            ' rel="noopener noreferrer">example.org/EHCP-guide</a> first.' in page
        )
        # The term inside the address is left alone; its first use in the words is explained.
        assert '>EHCP</a> &amp; <a class="govuk-link cp-term"' in page
        assert page.count('data-meaning="Education, Health and Care plan') == 1
        assert 'href="https://www.example.org" rel="noopener noreferrer">example.org</a>' in page
        assert (
            'href="mailto:help@example.org" rel="noopener noreferrer">help@example.org</a>' in page
        )
        assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
        assert "&amp;amp;" not in page


def test_a_forums_own_description_and_contact_details_link_their_addresses(
    client: Client, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    services.forum_details_update(
        forum=forum,
        edited_by=lead,
        description="Meet us: https://www.example.org/meet-us",
        contact_email="hello@gatesheadforum.example.org",
        website="https://www.gatesheadforum.example.org/home/",
        independence_statement="Read our constitution at www.example.org/constitution.",
    )
    page = client.get(reverse("forums:detail", args=[forum.slug])).content.decode()
    assert (
        'href="https://www.example.org/meet-us" rel="noopener noreferrer">example.org/meet-us<'
        in page
    )
    assert (
        'href="mailto:hello@gatesheadforum.example.org" rel="noopener noreferrer">'
        "hello@gatesheadforum.example.org<" in page
    )
    assert (
        'href="https://www.gatesheadforum.example.org/home/" rel="noopener noreferrer">'
        "gatesheadforum.example.org/home/<" in page
    )
    assert 'href="https://www.example.org/constitution"' in page
