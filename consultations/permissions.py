"""Fetch-and-check helpers for consultations: every view gets its objects through these."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from consultations.models import (
    Action,
    Answer,
    Audience,
    Consultation,
    Question,
    ResultsAudience,
    Section,
)
from forums.models import Forum, Membership, MembershipStatus
from forums.permissions import is_lead


def can_edit(user: User, consultation: Consultation) -> bool:
    """Who runs a consultation: its forum's leads, or staff for a regional one."""
    if not user.is_authenticated:
        return False
    if consultation.forum_id:
        return is_lead(user, consultation.forum)
    return user.is_staff


def require_editor(user: User, consultation: Consultation) -> None:
    """For services: refuse anyone who does not run the consultation."""
    if not can_edit(user, consultation):
        raise PermissionDenied("Only the consultation's forum leads can change it.")


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


def get_answer_for_editor(user: User, pk: int, answer_pk: int) -> Answer:
    consultation = get_consultation_for_editor(user, pk)
    return get_object_or_404(
        Answer.objects.select_related("response__consultation", "question"),
        response__consultation=consultation,
        pk=answer_pk,
    )


def get_action_for_editor(user: User, pk: int, action_pk: int) -> Action:
    consultation = get_consultation_for_editor(user, pk)
    return get_object_or_404(
        Action.objects.select_related("consultation"), consultation=consultation, pk=action_pk
    )


def may_answer(user: User, consultation: Consultation) -> bool:
    """Signed-in members of an audience forum, of the kind of respondent asked for."""
    if consultation.audience == Audience.OPEN_LINK:
        return True
    if not user.is_authenticated:
        return False
    kinds = {"both"}
    if user.is_parent_carer:
        kinds.add("parent_carers")
    if user.is_practitioner:
        kinds.add("practitioners")
    if consultation.respondent_types not in kinds:
        return False
    return Membership.objects.filter(
        user=user, status=MembershipStatus.ACTIVE, forum__in=consultation.audience_forums.all()
    ).exists()


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


def may_see_published_results(user: User, consultation: Consultation) -> bool:
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
