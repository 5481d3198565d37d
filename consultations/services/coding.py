"""Writes for leads reading the answers: themes, coding answers into them, and choosing quotes.

Coding is a set of (answer, theme) pairs: adding a pair that is there already, or removing one
that is not, changes nothing, so sending the same form twice is safe. Each write checks the
person again and takes only answers that ``codable_answers`` finds for the question, so an id
from another question or consultation is refused rather than coded.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from accounts.models import User
from consultations.models import Answer, Consultation, Question, Theme
from consultations.permissions import require_editor
from consultations.selectors import codable_answers
from consultations.tallies import tallies_follow

ThemeAnswer = Answer.themes.through


@dataclass(frozen=True)
class Coding:
    """What a coding write did: how many answers, and with which themes."""

    answers: int
    themes: list[Theme]


def theme_create(*, consultation: Consultation, edited_by: User, name: str) -> Theme:
    """A theme for the consultation, or the one it has already by that name in any mix of
    capitals (so "waiting times" finds "Waiting times"). Idempotent."""
    require_editor(edited_by, consultation)
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Enter a name for the theme.")
    found = Theme.objects.filter(consultation=consultation, name__iexact=name).first()
    return found or Theme.objects.get_or_create(consultation=consultation, name=name)[0]


def _coding_checked(
    question: Question, edited_by: User, answer_ids: Collection[int], themes: Collection[Theme]
) -> set[int]:
    """The ticked answers' ids, once the person, the question, the answers and the themes have
    been checked: every id must be a codable answer to this question."""
    consultation = question.section.consultation
    require_editor(edited_by, consultation)
    if not question.is_text:
        raise ValidationError("Only answers to free-text questions are coded into themes.")
    if any(theme.consultation_id != consultation.pk for theme in themes):
        raise ValidationError("Choose themes from this consultation.")
    ids = set(answer_ids)
    if not ids:
        raise ValidationError("Tick at least one answer.")
    found = set(
        codable_answers(consultation)
        .filter(question=question, pk__in=ids)
        .values_list("pk", flat=True)
    )
    if found != ids:
        raise ValidationError(
            "Some of the ticked answers are not answers to this question, so nothing was saved."
        )
    return ids


def _responses_of(answer_ids: Collection[int]) -> list[int]:
    return list(
        Answer.objects.filter(pk__in=answer_ids).values_list("response_id", flat=True).distinct()
    )


def answers_code(
    *,
    question: Question,
    edited_by: User,
    answer_ids: Collection[int],
    themes: Collection[Theme] = (),
    new_theme: str = "",
) -> Coding:
    """Code the ticked answers to a free-text question with each of ``themes`` and, if named,
    a new theme (made here, or the existing one of that name). Refuses, changing nothing, unless
    the person runs the consultation and every id is an answer ``codable_answers`` finds for
    this question. Idempotent; a fixed number of queries however many answers and themes."""
    ids = _coding_checked(question, edited_by, answer_ids, themes)
    if not themes and not new_theme.strip():
        raise ValidationError("Choose a theme, or add a new one.")
    consultation = question.section.consultation
    with tallies_follow(consultation.pk, _responses_of(ids)):
        chosen = {theme.pk: theme for theme in themes}
        if new_theme.strip():
            added = theme_create(consultation=consultation, edited_by=edited_by, name=new_theme)
            chosen[added.pk] = added
        ThemeAnswer.objects.bulk_create(
            [
                ThemeAnswer(answer_id=answer_id, theme_id=theme_id)
                for answer_id in sorted(ids)
                for theme_id in sorted(chosen)
            ],
            ignore_conflicts=True,
        )
    return Coding(answers=len(ids), themes=sorted(chosen.values(), key=lambda t: t.name))


def answers_uncode(
    *, question: Question, edited_by: User, answer_ids: Collection[int], themes: Collection[Theme]
) -> Coding:
    """Take ``themes`` off the ticked answers to a free-text question, with the same checks as
    ``answers_code``. Idempotent; one delete however many answers and themes."""
    ids = _coding_checked(question, edited_by, answer_ids, themes)
    if not themes:
        raise ValidationError("Choose the themes to remove.")
    with tallies_follow(question.section.consultation.pk, _responses_of(ids)):
        ThemeAnswer.objects.filter(answer_id__in=ids, theme__in=list(themes)).delete()
    return Coding(answers=len(ids), themes=sorted(themes, key=lambda t: t.name))


def answer_quote_set(*, answer: Answer, edited_by: User, quote: bool) -> Answer:
    """Choose a free-text answer as a quote for the published results, or stop quoting it. Only
    answers whose author agreed to be quoted can be chosen. Idempotent."""
    consultation = answer.response.consultation
    require_editor(edited_by, consultation)
    if not codable_answers(consultation).filter(pk=answer.pk).exists():
        raise ValidationError("Only sent answers to free-text questions can be quoted.")
    if quote and not answer.response.quote_consent:
        raise ValidationError("This person did not agree to be quoted.")
    Answer.objects.filter(pk=answer.pk).update(featured=quote)
    answer.featured = quote
    return answer
