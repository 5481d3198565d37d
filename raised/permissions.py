"""Who may see and act on raised matters. Each rule is written once here.

- A forum's leads and steering group raise matters and write the forum's side.
- A partner's named contact sees the matters raised with their organisation and answers them.
- A commissioner who is a named contact of one of a forum's partners reads all of that
  forum's matters: those are the areas they commission for. Read only, unless the matter is
  raised with their own organisation.
- A forum's members read its matters; anyone reads a public matter once it is answered.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from forums.models import Forum, Membership, MembershipRole
from raised.models import Matter, Partner


def may_raise(user: User | AnonymousUser, forum: Forum) -> bool:
    """The forum's side: its active leads and steering group members."""
    return (
        user.is_authenticated
        and Membership.objects.active()
        .filter(
            forum=forum,
            user=user,
            role__in=(MembershipRole.LEAD, MembershipRole.STEERING_GROUP),
        )
        .exists()
    )


def commissioned_forums(user: User) -> Q:
    """Forums a commissioner reads every matter of: those where they answer for a partner."""
    if not user.is_commissioner:
        return Q(pk__in=[])
    return Q(pk__in=Partner.objects.filter(contact=user).values("forum_id"))


def matters_visible_to(user: User | AnonymousUser) -> Q:
    published = Q(visibility="public", first_response_at__isnull=False)
    if not user.is_authenticated:
        return published
    if user.is_staff:
        return Q()
    member_forums = Membership.objects.active().filter(user=user).values("forum_id")
    return (
        published
        | Q(forum_id__in=member_forums)
        | Q(partner__contact=user)
        | Q(forum__in=Forum.objects.filter(commissioned_forums(user)))
    )


def is_partner_contact(user: User | AnonymousUser, matter: Matter) -> bool:
    return user.is_authenticated and matter.partner.contact_id == user.pk


def get_matter_for_reader(user: User | AnonymousUser, pk: int) -> Matter:
    """A matter this person may read; one they may not is not found."""
    matter = (
        Matter.objects.filter(matters_visible_to(user))
        .select_related("partner", "partner__contact", "forum", "council_area", "action")
        .filter(pk=pk)
        .first()
    )
    if matter is None:
        raise Http404("No such matter.")
    return matter


def get_matter_for_forum_side(user: User, pk: int) -> Matter:
    matter = get_matter_for_reader(user, pk)
    if not may_raise(user, matter.forum):
        raise PermissionDenied("Only the forum's leads and steering group can do this.")
    return matter


def get_matter_for_partner(user: User, pk: int) -> Matter:
    matter = get_matter_for_reader(user, pk)
    if not is_partner_contact(user, matter):
        raise PermissionDenied("Only the partner's named contact can answer.")
    return matter


def get_forum_for_raiser(user: User, slug: str) -> Forum:
    forum = get_object_or_404(Forum, slug=slug)
    if not may_raise(user, forum):
        raise PermissionDenied("Only the forum's leads and steering group can do this.")
    return forum
