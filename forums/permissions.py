"""Fetch-and-check helpers for forums. Every view gets its objects through these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from forums.models import Forum, Invitation, Membership, NewsPost


def membership_of(user: User | AnonymousUser, forum: Forum) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(forum=forum, user=user).first()


def is_lead(user: User | AnonymousUser, forum: Forum) -> bool:
    """The one rule for who leads a forum: an active membership with the lead role."""
    return (
        user.is_authenticated and Membership.objects.leads().filter(forum=forum, user=user).exists()
    )


def get_forum_for_lead(user: User, slug: str) -> Forum:
    """The forum, if this person is one of its active leads: 404 for no such forum, 403 else."""
    forum = get_object_or_404(Forum, slug=slug)
    if not is_lead(user, forum):
        raise PermissionDenied("Only this forum's leads can use its lead tools.")
    return forum


def get_membership_for_lead(user: User, slug: str, pk: int) -> Membership:
    """A membership of the lead's own forum. One from another forum is not found."""
    forum = get_forum_for_lead(user, slug)
    return get_object_or_404(Membership.objects.select_related("user", "forum"), forum=forum, pk=pk)


def get_invitation_for_lead(user: User, slug: str, pk: int) -> Invitation:
    """An invitation from the lead's own forum. One from another forum is not found."""
    forum = get_forum_for_lead(user, slug)
    return get_object_or_404(Invitation.objects.select_related("forum"), forum=forum, pk=pk)


def get_news_for_lead(user: User, slug: str, pk: int) -> NewsPost:
    """A news post of the lead's own forum, to change or delete. One from another forum is not
    found, whatever its id."""
    forum = get_forum_for_lead(user, slug)
    return get_object_or_404(NewsPost.objects.select_related("forum"), forum=forum, pk=pk)


def get_news_for_reader(user: User | AnonymousUser, slug: str, pk: int) -> NewsPost:
    """Public news for everyone; members-only news for the forum's active members only."""
    post = get_object_or_404(NewsPost.objects.select_related("forum"), forum__slug=slug, pk=pk)
    if post.visibility == "public":
        return post
    membership = membership_of(user, post.forum)
    if membership is None or not membership.is_active:
        raise PermissionDenied(f"This news is for members of {post.forum.name}.")
    return post
