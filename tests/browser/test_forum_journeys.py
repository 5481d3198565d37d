"""Forum journeys in Chromium, checked by axe-core on every page at each width."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from forums import services
from forums.models import Membership, MembershipStatus, NewsPost
from tests.browser.test_account_journey import sign_up_and_verify
from tests.browser.visitor import Visitor
from tests.forums.factories import NewsPostFactory, forum_with_lead
from tests.types import NewVisitor, SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_parent_finds_their_forum_joins_and_reads_members_news(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    forum_with_lead("Sunderland")
    NewsPostFactory.create(
        forum=forum,
        title="Members' coffee morning",
        body="Bring your questions about the EHCP annual review.",
        visibility="members",
    )
    page = visitor.page
    email = f"robin.{visitor.width}@example.org"
    sign_up_and_verify(visitor, email=email, full_name="Robin Carer")

    visitor.goto("/forums/")
    page.get_by_label("Find your forum").fill("Gateshead")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/forums/?q=Gateshead")
    visitor.check("forum-search")
    results = page.locator("#results + ul")
    assert results.get_by_role("link").count() == 1
    results.get_by_role("link", name="Gateshead Parent Carer Forum").click()
    page.wait_for_url(f"**/forums/{forum.slug}/")
    visitor.check("forum-page")
    assert "Members' coffee morning" not in page.content()

    page.get_by_role("button", name="Ask to join Gateshead Parent Carer Forum").click()
    page.wait_for_url(f"**/forums/{forum.slug}/join/")
    visitor.check()
    page.get_by_label("Anything you would like the forum to know?").fill("We live in Low Fell.")
    page.get_by_role("button", name="Send request").click()
    page.wait_for_url(f"**/forums/{forum.slug}/")
    visitor.check("asked-to-join")
    assert "You have asked to join" in page.content()

    # The lead approves from their member list, in their own browser.
    lead_visitor = new_visitor("lead")
    sign_in_as(lead, lead_visitor)
    lead_visitor.goto(f"/forums/{forum.slug}/manage/members/?status=pending")
    lead_page = lead_visitor.page
    lead_page.get_by_label("Message to Robin Carer (optional)").fill("Welcome, Robin!")
    lead_page.get_by_role("button", name="Approve Robin Carer").click()
    lead_page.wait_for_load_state("load")
    lead_visitor.check("members-after-approval")
    assert Membership.objects.get(user__email=email).status == MembershipStatus.ACTIVE
    assert any("Welcome, Robin!" in m.body for m in mail.outbox if email in m.to)

    visitor.goto(f"/forums/{forum.slug}/")
    assert page.get_by_role("link", name="Members' coffee morning").is_visible()
    visitor.check("forum-page-member")


def test_parent_finds_their_forum_by_a_misspelling_or_their_town(visitor: Visitor) -> None:
    region = services.region_ensure(name="North East")
    for area in ("Gateshead", "South Tyneside", "Sunderland"):
        services.forum_ensure_for_area(region=region, area_name=area)
    page = visitor.page
    search_box = page.get_by_label("Find your forum")
    results = page.locator("#results + ul")

    visitor.goto("/forums/")
    search_box.fill("gatshead")
    search_box.press("Enter")
    page.wait_for_url("**/forums/?q=gatshead")
    visitor.check("forum-search-misspelt")
    assert results.get_by_role("link").all_inner_texts() == ["Gateshead Parent Carer Forum"]
    assert page.get_by_text("This is the closest match to what you typed.").is_visible()

    search_box.fill("Blaydon")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/forums/?q=Blaydon")
    visitor.check("forum-search-town")
    assert results.get_by_text("Blaydon is in Gateshead").is_visible()
    results.get_by_role("link", name="Gateshead Parent Carer Forum").click()
    page.wait_for_url("**/forums/gateshead-parent-carer-forum/")
    visitor.check()

    visitor.goto("/forums/")
    search_box.fill("Leeds")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/forums/?q=Leeds")
    visitor.check("forum-search-nothing")
    assert page.get_by_role("heading", name="No forum found for “Leeds”").is_visible()
    assert page.get_by_text("Coproduce covers forums in the North East so far.").is_visible()
    assert page.get_by_text("check the spelling").is_visible()


def test_lead_invites_and_the_person_accepts_from_the_email(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/forums/{forum.slug}/manage/invite/")
    page.get_by_label("Email address").fill("not an email")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("load")
    visitor.check("invite-errors")
    assert (
        "Enter an email address in the correct format"
        in page.locator(".govuk-error-summary").inner_text()
    )

    address = f"jo.{visitor.width}@example.org"
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Representative").check()
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state("load")
    visitor.check("invite-sent")

    [message] = [m for m in mail.outbox if address in m.to]
    found = re.search(r"https?://[^/\s]+(/forums/invitations/\S+/)", str(message.body))
    assert found is not None
    link = found.group(1)
    invitee = new_visitor("invitee")
    invitee.goto(link)
    invited = invitee.page
    invited.get_by_label("Full name").fill("Jo Rep")
    invited.get_by_label("Create a password").fill("a-long-enough-password")
    invited.get_by_label("Type your password again").fill("a-long-enough-password")
    invited.get_by_label("I have read the privacy notice and agree to it").check()
    invited.get_by_role("button", name="Create account and join").click()
    invited.wait_for_url(f"**/forums/{forum.slug}/")
    invitee.check("joined")
    assert "You are a representative of this forum" in invited.content()


def test_glossary_terms_in_news_are_explained_by_keyboard(visitor: Visitor) -> None:
    forum, _ = forum_with_lead("Gateshead")
    NewsPostFactory.create(
        forum=forum, title="Annual reviews", body="Ask your SENCO before the EHCP meeting."
    )
    page = visitor.page
    visitor.goto(f"/forums/{forum.slug}/")
    term = page.get_by_role("button", name="EHCP (what this means)")
    # Reach the term by keyboard alone.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("EHCP"):
            break
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"
    page.keyboard.press("Enter")
    meaning = page.locator(f"#{term.get_attribute('aria-controls')}")
    assert meaning.get_attribute("role") == "status"
    assert "Education, Health and Care plan" in meaning.inner_text()
    assert term.get_attribute("aria-expanded") == "true"
    visitor.check("glossary-open")
    page.keyboard.press("Escape")
    assert meaning.inner_text() == ""
    # Each term is explained once: the second SENCO on the page is plain text.
    assert page.get_by_role("button", name=re.compile("^SENCO")).count() == 1


def test_lead_previews_changes_and_deletes_news_and_cancels_an_invitation(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/forums/{forum.slug}/manage/news/")
    page.get_by_role("button", name="Post news").click()
    page.wait_for_url(f"**/forums/{forum.slug}/manage/news/new/")
    visitor.check("news-new")
    page.get_by_label("Title").fill("Short breaks this summer")
    page.get_by_label("What you want to say").fill(
        "Ask about your EHCP and short breaks at "
        "https://www.example.org/short-breaks/summer-2027/families?utm_source=forum.\n\n"
        "Questions? Email help@example.org"
    )
    page.get_by_label("Everyone").check()
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("load")
    visitor.check("news-preview")
    preview = page.locator(".cp-preview")
    link = preview.get_by_role("link", name="example.org/short-breaks/summer-2027/fa…")
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert link.get_attribute("href") == (
        "https://www.example.org/short-breaks/summer-2027/families?utm_source=forum"
    )
    assert preview.get_by_role("link", name="help@example.org").get_attribute("href") == (
        "mailto:help@example.org"
    )
    assert not NewsPost.objects.exists()

    # Change brings back what was typed; a second preview, then publish.
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state("load")
    assert page.get_by_label("Title").input_value() == "Short breaks this summer"
    page.get_by_label("Title").fill("Short breaks in the summer")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(f"**/forums/{forum.slug}/news/*/")
    visitor.check("news-published")
    post = NewsPost.objects.get()
    assert post.title == "Short breaks in the summer"
    # The paragraphs survived the trip through the preview.
    assert page.locator("main p.govuk-body").filter(has_text="Questions? Email").count() == 1
    assert "\n\nQuestions?" in post.body.replace("\r\n", "\n")

    page.get_by_role("button", name="Change this news").click()
    page.wait_for_url(f"**/manage/news/{post.pk}/edit/")
    visitor.check("news-edit")
    page.get_by_label("Members only").check()
    page.get_by_role("button", name="Publish changes").click()
    page.wait_for_url(f"**/forums/{forum.slug}/news/{post.pk}/")
    assert "Last updated" in page.locator(".cp-meta").inner_text()
    visitor.check("news-changed")

    visitor.goto(f"/forums/{forum.slug}/manage/news/")
    page.get_by_role("link", name="Delete Short breaks in the summer").click()
    page.wait_for_url(f"**/manage/news/{post.pk}/delete/")
    visitor.check("news-delete")
    assert "You cannot undo this" in page.locator(".govuk-warning-text").inner_text()
    page.get_by_role("button", name="Delete news").click()
    page.wait_for_url(f"**/forums/{forum.slug}/manage/news/")
    visitor.check("news-deleted")
    assert not NewsPost.objects.exists()

    invitation = services.invitation_create(
        forum=forum, email="cancel.me@example.org", role="member", invited_by=lead
    )
    link_path = reverse("forums:invitation_accept", args=[services.invitation_token(invitation)])
    visitor.goto(f"/forums/{forum.slug}/manage/invite/")
    page.get_by_role("link", name="Cancel invitation to cancel.me@example.org").click()
    page.wait_for_url(f"**/manage/invite/{invitation.pk}/cancel/")
    visitor.check("invitation-cancel")
    page.get_by_role("button", name="Cancel invitation").click()
    page.wait_for_url(f"**/forums/{forum.slug}/manage/invite/")
    visitor.check("invitation-cancelled")
    assert "Cancelled" in page.locator(".govuk-summary-card").first.inner_text()

    invitee = new_visitor("invitee")
    invitee.goto(link_path)
    assert "has cancelled this invitation" in invitee.page.locator("main").inner_text()
