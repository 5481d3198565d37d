"""Which consultations, answers, sessions and places count in a scope's figures: the one rule,
used by every page and by the summary tables.

A forum's own consultation counts in full for a scope that holds the forum. A consultation run
by a region (not by one forum) counts for a scope that holds at least one forum it asked, and
only the answers of people answering as members of forums in the scope count (each answer
records the respondent's forum among those asked, when they sent it). Answers to a region's
consultation from people in none of the forums asked count in no commissioner's figures.

A session for one forum counts in full for a scope that holds the forum. A session open to the
whole network or a region counts for a scope when a forum in the scope runs it or someone who
belongs to a forum in the scope attended it; only the places of people who belong to a forum in
the scope count. Someone who belongs to forums in two areas counts in each.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from consultations.models import Consultation
from forums.models import Membership
from peer_network.models import Booking, Reach

CONSULTATIONS_RULE = (
    "A consultation run by a region counts where it asked a forum in your area, and only the "
    "answers of that forum's members count."
)
SESSIONS_RULE = (
    "A session open to the whole network or a region counts where someone from a forum in your "
    "area attended, and only their places count."
)


def _members_of(forum_ids: Sequence[int]) -> object:
    return Membership.objects.active().filter(forum_id__in=forum_ids).values("user_id")


def consultation_counts(forum_ids: Sequence[int], prefix: str = "") -> Q:
    """On Consultation (or through ``prefix`` to it): consultations that count in the scope."""
    asked = Consultation.audience_forums.through.objects.filter(forum_id__in=forum_ids)
    return Q(**{f"{prefix}forum_id__in": forum_ids}) | Q(
        **{
            f"{prefix}forum__isnull": True,
            f"{prefix}pk__in": asked.values("consultation_id"),
        }
    )


def response_counts(forum_ids: Sequence[int], prefix: str = "") -> Q:
    """On Response (or through ``prefix`` to it): answers that count in the scope."""
    return Q(**{f"{prefix}consultation__forum_id__in": forum_ids}) | Q(
        **{f"{prefix}consultation__forum__isnull": True, f"{prefix}forum_id__in": forum_ids}
    )


def session_counts(forum_ids: Sequence[int], prefix: str = "") -> Q:
    """On Session (or through ``prefix`` to it): sessions that count in the scope."""
    attended_from_scope = Booking.objects.filter(
        attended=True, user_id__in=_members_of(forum_ids)
    ).values("session_id")
    return Q(**{f"{prefix}reach": Reach.FORUM, f"{prefix}forum_id__in": forum_ids}) | (
        ~Q(**{f"{prefix}reach": Reach.FORUM})
        & (
            Q(**{f"{prefix}forum_id__in": forum_ids})
            | Q(**{f"{prefix}pk__in": attended_from_scope})
        )
    )


def place_counts(forum_ids: Sequence[int], prefix: str = "") -> Q:
    """On Booking (or through ``prefix`` to it): attended places that count in the scope."""
    return Q(**{f"{prefix}attended": True}) & (
        Q(**{f"{prefix}session__reach": Reach.FORUM, f"{prefix}session__forum_id__in": forum_ids})
        | (
            ~Q(**{f"{prefix}session__reach": Reach.FORUM})
            & Q(**{f"{prefix}user_id__in": _members_of(forum_ids)})
        )
    )
