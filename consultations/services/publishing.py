"""Writes for leads after the answers are in: publishing and actions ("You said, we did").
Themes and coding are in ``coding``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultations.models import (
    Action,
    ActionStatus,
    Consultation,
    ImpactUpdate,
    Question,
    ResultsAudience,
    Theme,
)
from consultations.permissions import require_editor


def results_publish(
    *, consultation: Consultation, published_by: User, audience: str, you_said: str
) -> Consultation:
    """Publish the results (with small numbers suppressed) and the "You said" summary."""
    require_editor(published_by, consultation)
    if not consultation.has_closed:
        raise ValidationError("Results can be published once the consultation has closed.")
    if audience not in ResultsAudience.values:
        raise ValidationError("Choose who can see the results.")
    if not you_said.strip():
        raise ValidationError("Write the “You said” summary before publishing.")
    with transaction.atomic():
        consultation.results_audience = audience
        consultation.you_said = you_said.strip()
        consultation.results_published_at = consultation.results_published_at or timezone.now()
        consultation.save(update_fields=["results_audience", "you_said", "results_published_at"])
    return consultation


def _clean_action(status: str, reason: str) -> None:
    if status not in ActionStatus.values:
        raise ValidationError("Choose a status.")
    if status == ActionStatus.NOT_POSSIBLE and not reason.strip():
        raise ValidationError("Say why it was not possible.")


def _impact_message(action: Action) -> str:
    if action.status == ActionStatus.NOT_POSSIBLE:
        return (
            f"{action.owner_name}: “{action.title}” was not possible. {action.not_possible_reason}"
        )
    return f"{action.owner_name}: “{action.title}” is now {action.get_status_display().lower()}."


def action_create(
    *,
    consultation: Consultation,
    created_by: User,
    title: str,
    owner_type: str,
    owner_name: str,
    status: str = ActionStatus.PLANNED,
    description: str = "",
    not_possible_reason: str = "",
    due_date: date | None = None,
    evidence_url: str = "",
    questions: Iterable[Question] = (),
    themes: Iterable[Theme] = (),
) -> Action:
    require_editor(created_by, consultation)
    if consultation.is_draft:
        raise ValidationError("Add actions once the consultation has been launched.")
    _clean_action(status, not_possible_reason)
    questions, themes = list(questions), list(themes)
    if any(q.section.consultation_id != consultation.pk for q in questions) or any(
        t.consultation_id != consultation.pk for t in themes
    ):
        raise ValidationError("Link the action to this consultation's questions and themes.")
    with transaction.atomic():
        action = Action.objects.create(
            consultation=consultation,
            title=title.strip(),
            description=description.strip(),
            owner_type=owner_type,
            owner_name=owner_name.strip(),
            status=status,
            not_possible_reason=not_possible_reason.strip(),
            due_date=due_date,
            evidence_url=evidence_url,
        )
        action.questions.set(questions)
        action.themes.set(themes)
        ImpactUpdate.objects.create(
            consultation=consultation, action=action, status=status, message=_impact_message(action)
        )
    return action


def action_status_change(
    *,
    action: Action,
    changed_by: User,
    status: str,
    not_possible_reason: str = "",
    evidence_url: str | None = None,
) -> Action:
    """Move an action on. Each change records an impact update for the consultation's
    respondents, which the notifications service delivers. Idempotent for an unchanged status."""
    require_editor(changed_by, action.consultation)
    _clean_action(status, not_possible_reason)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        if evidence_url is not None:
            action.evidence_url = evidence_url
        if action.status == status and status != ActionStatus.NOT_POSSIBLE:
            action.save(update_fields=["evidence_url", "updated_at"])
            return action
        action.status = status
        action.not_possible_reason = (
            not_possible_reason.strip() if status == ActionStatus.NOT_POSSIBLE else ""
        )
        action.save()
        ImpactUpdate.objects.create(
            consultation=action.consultation,
            action=action,
            status=status,
            message=_impact_message(action),
        )
    return action
