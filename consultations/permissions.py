"""Fetch-and-check helpers for consultations: every view gets its objects through these."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from consultations.models import (
    Action,
    Answer,
    Audience,
    Consultation,
    Question,
    RespondentType,
    RespondentTypes,
    ResultsAudience,
    Section,
)
from consultations.selectors import codable_answers, coding_questions
from forums.models import Forum, Membership, MembershipStatus
from forums.permissions import is_lead


def can_edit(user: User | AnonymousUser, consultation: Consultation) -> bool:
    """Who runs a consultation: its forum's leads, or staff for a regional one."""
    if not user.is_authenticated:
        return False
    if consultation.forum is not None:
        return is_lead(user, consultation.forum)
    return user.is_staff


def require_editor(user: User, consultation: Consultation) -> None:
    """For services: refuse anyone who does not run the consultation."""
    if not can_edit(user, consultation):
        raise PermissionDenied("Only the consultation's forum leads can change it.")


# Who may answer ------------------------------------------------------------------------------
#
# The one rule, used by the list of consultations a person sees (Consultation.objects
# .for_respondent), the answering pages (may_answer) and the answering service (response_start).

# Which kinds of respondent each audience asks.
ASKED: dict[str, frozenset[str]] = {
    RespondentTypes.PARENT_CARERS: frozenset({RespondentType.PARENT_CARER}),
    RespondentTypes.PRACTITIONERS: frozenset({RespondentType.PRACTITIONER}),
    RespondentTypes.BOTH: frozenset({RespondentType.PARENT_CARER, RespondentType.PRACTITIONER}),
}

# Kinds of respondent reached by a regional consultation without belonging to a forum: a
# forum's practitioners join only when its leads invite them, and a regional consultation
# speaks to the region's practitioners as a whole.
REACHED_WITHOUT_MEMBERSHIP_WHEN_REGIONAL = frozenset({RespondentType.PRACTITIONER})


def respondent_kind(user: User | AnonymousUser | None) -> str | None:
    """What this person answers as, or None if they never answer members' consultations.

    Staff and commissioners see answers in bulk, so they never add their own; a practitioner
    answers only once staff have approved their role."""
    if user is None or not user.is_authenticated or not user.is_active or user.is_staff:
        return None
    if user.role == Role.PARENT_CARER:
        return RespondentType.PARENT_CARER
    if user.role == Role.PRACTITIONER and user.role_approved:
        return RespondentType.PRACTITIONER
    return None


def answerable_by(user: User | AnonymousUser | None) -> Q:
    """The members' consultations this person may answer, whatever their dates: a filter for
    Consultation querysets."""
    kind = respondent_kind(user)
    if kind is None or not isinstance(user, User):
        return Q(pk__in=[])
    audiences = [audience for audience, kinds in ASKED.items() if kind in kinds]
    in_audience_forum = Q(
        pk__in=Consultation.audience_forums.through.objects.filter(
            forum__memberships__user=user, forum__memberships__status=MembershipStatus.ACTIVE
        ).values("consultation_id")
    )
    reached = in_audience_forum
    if kind in REACHED_WITHOUT_MEMBERSHIP_WHEN_REGIONAL:
        reached |= Q(region__isnull=False)
    return Q(audience=Audience.MEMBERS, respondent_types__in=audiences) & reached


def get_consultation_for_editor(user: User, pk: int) -> Consultation:
    """404 for no such consultation; 403 unless the person leads its forum (or, for a regional
    consultation, is staff)."""
    consultation = get_object_or_404(Consultation.objects.select_related("forum", "region"), pk=pk)
    if not can_edit(user, consultation):
        raise PermissionDenied("Only the consultation's forum leads can see this.")
    return consultation


def get_section_for_editor(user: User, pk: int, section_pk: int) -> Section:
    consultation = get_consultation_for_editor(user, pk)
    return get_object_or_404(
        Section.objects.select_related("consultation"), consultation=consultation, pk=section_pk
    )


def get_question_for_editor(user: User, pk: int, question_pk: int) -> Question:
    consultation = get_consultation_for_editor(user, pk)
    return get_object_or_404(
        Question.objects.select_related("section__consultation"),
        section__consultation=consultation,
        pk=question_pk,
    )


def get_coding_question_for_editor(user: User, pk: int, question_pk: int) -> Question:
    """A free-text question of a consultation the person runs: the questions whose answers are
    coded into themes. 404 for any other question, 403 as for the consultation."""
    consultation = get_consultation_for_editor(user, pk)
    return get_object_or_404(
        coding_questions(consultation).select_related(
            "section__consultation__forum", "section__consultation__region"
        ),
        pk=question_pk,
    )


def get_answer_for_editor(user: User, pk: int, answer_pk: int) -> Answer:
    """An answer the person may code or quote: one of ``codable_answers`` of a consultation
    they run (a draft, an empty answer or another consultation's answer is not found)."""
    consultation = get_consultation_for_editor(user, pk)
    return get_object_or_404(
        codable_answers(consultation).select_related("response__consultation", "question"),
        pk=answer_pk,
    )


def get_action_for_editor(user: User, pk: int, action_pk: int) -> Action:
    consultation = get_consultation_for_editor(user, pk)
    return get_object_or_404(
        Action.objects.select_related("consultation"), consultation=consultation, pk=action_pk
    )


def may_answer(user: User | None, consultation: Consultation) -> bool:
    """Open-link consultations: anyone holding the link (the link is the permission). Members'
    consultations: the people ``answerable_by`` finds."""
    if consultation.audience == Audience.OPEN_LINK:
        return True
    return Consultation.objects.filter(answerable_by(user), pk=consultation.pk).exists()


def get_consultation_for_respondent(user: User, pk: int) -> Consultation:
    """A launched members' consultation that this person may answer. Drafts are not found."""
    consultation = get_object_or_404(
        Consultation.objects.select_related("forum", "region"), pk=pk, launched_at__isnull=False
    )
    if consultation.audience == Audience.OPEN_LINK:
        raise Http404("Open-link consultations are answered through their link.")
    if not may_answer(user, consultation):
        raise PermissionDenied("This consultation is for members of particular forums.")
    return consultation


def get_consultation_by_open_link(token: str) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("forum", "region"),
        open_link_token=token,
        audience=Audience.OPEN_LINK,
        launched_at__isnull=False,
    )


def may_see_published_results(user: User | AnonymousUser, consultation: Consultation) -> bool:
    if consultation.results_published_at is None:
        return False
    if consultation.results_audience == ResultsAudience.PUBLIC or can_edit(user, consultation):
        return True
    if not user.is_authenticated or consultation.forum_id is None:
        return False
    return Membership.objects.filter(
        user=user, forum_id=consultation.forum_id, status=MembershipStatus.ACTIVE
    ).exists()


def get_consultation_for_impact(pk: int) -> Consultation:
    """The public impact page: any launched consultation (drafts are not found)."""
    return get_object_or_404(
        Consultation.objects.select_related("forum", "region"), pk=pk, launched_at__isnull=False
    )


def get_forum(slug: str) -> Forum:
    return get_object_or_404(Forum, slug=slug)
