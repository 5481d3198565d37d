"""Who may do what in the library. Every view and service gets its answer here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.models import User
from forums.models import Membership, MembershipQuerySet
from library.models import LearningPath, Resource
from peer_network.models import Session


def is_curator(user: User | AnonymousUser) -> bool:
    """The one rule for who looks after the library and sees how paths are followed: staff,
    anyone who leads a forum (the forums' own rule for a lead), and anyone who hosts a Peer
    Network session."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return (
        Membership.objects.leads().filter(user=user).exists()
        or Session.objects.filter(hosts=user).exists()
    )


def require_curator(user: User) -> None:
    if not is_curator(user):
        raise PermissionDenied(
            "Only staff, forum leads and Peer Network session hosts can change the library."
        )


def get_resource_for_curator(user: User, pk: int) -> Resource:
    """A resource to change or remove: 404 for no such resource, 403 for anyone else."""
    resource = get_object_or_404(Resource, pk=pk)
    require_curator(user)
    return resource


def get_path_for_curator(user: User, slug: str) -> LearningPath:
    """A path whose progress figures to show: 404 for no such path, 403 for anyone else."""
    path = get_object_or_404(LearningPath, slug=slug)
    require_curator(user)
    return path


def led_forum_memberships(user: User) -> MembershipQuerySet:
    """Active memberships of the forums this person leads: their members are the only people
    whose names a lead may see beside a path's figures. Empty for anyone who leads none."""
    led = Membership.objects.leads().filter(user=user).values("forum")
    return Membership.objects.active().filter(forum__in=led)
