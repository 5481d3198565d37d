"""Writes for leads building a consultation: create, edit, pages and questions, launch, close.

Editors are checked again here (consultations.permissions does it for views), so that a caller
cannot skip the check. Builder changes are refused once a consultation has been launched.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from consultations import good_life
from consultations.models import (
    Audience,
    Choice,
    Consultation,
    IdentityMode,
    Question,
    QuestionKind,
    Section,
)
from consultations.permissions import require_editor
from consultations.question_kinds import KINDS
from core.text import single_line
from forums.models import Forum, Region
from forums.permissions import is_lead


def _require_draft(consultation: Consultation) -> None:
    if not consultation.is_draft:
        raise ValidationError("Questions can only be changed while the consultation is a draft.")


def _check_dates(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError("The closing date must be after the opening date.")


def consultation_create(
    *,
    created_by: User,
    forum: Forum | None = None,
    region: Region | None = None,
    title: str,
    summary: str,
    opens_at: datetime,
    closes_at: datetime,
    easy_read_summary: str = "",
    audience: str = Audience.MEMBERS,
    audience_forums: Iterable[Forum] = (),
    respondent_types: str = "parent_carers",
    identity_mode: str = IdentityMode.ANONYMOUS,
    consent_statement: str = "",
) -> Consultation:
    """A draft consultation for a forum (its leads) or a region (staff)."""
    if (forum is None) == (region is None):
        raise ValidationError("A consultation belongs to one forum or one region.")
    if forum is not None and not is_lead(created_by, forum):
        raise PermissionDenied("Only the forum's leads can create its consultations.")
    if region is not None and not created_by.is_staff:
        raise PermissionDenied("Only staff run regional consultations.")
    _check_dates(opens_at, closes_at)
    with transaction.atomic():
        consultation = Consultation.objects.create(
            forum=forum,
            region=region,
            title=single_line(title),
            summary=summary.strip(),
            easy_read_summary=easy_read_summary.strip(),
            opens_at=opens_at,
            closes_at=closes_at,
            audience=audience,
            respondent_types=respondent_types,
            identity_mode=identity_mode,
            consent_statement=consent_statement.strip(),
            created_by=created_by,
        )
        consultation.audience_forums.set(_audience(consultation, audience_forums))
    return consultation


def _audience(consultation: Consultation, chosen: Iterable[Forum]) -> list[Forum]:
    """Who is asked: a forum always asks its own members as well as any forums it chose; a
    regional consultation with no forums chosen asks every forum in its region."""
    forums = list(chosen)
    if consultation.forum is not None:
        return [consultation.forum, *(f for f in forums if f.pk != consultation.forum_id)]
    region_forums = consultation.region.forums.all() if consultation.region is not None else []
    return forums or list(region_forums)


EDITABLE_AFTER_LAUNCH = {"summary", "easy_read_summary", "closes_at", "consent_statement", "title"}


def consultation_update(
    *,
    consultation: Consultation,
    edited_by: User,
    audience_forums: Iterable[Forum] | None = None,
    **fields: Any,
) -> Consultation:
    """Change a consultation's details. Once launched, only the wording and the closing date can
    change: the closing date only while it is still open, and only to a time still to come
    (``consultation_close_now`` ends it at once)."""
    require_editor(edited_by, consultation)
    if "title" in fields:
        fields["title"] = single_line(fields["title"])
    if not consultation.is_draft:
        locked = set(fields) - EDITABLE_AFTER_LAUNCH
        changed = {name for name in locked if getattr(consultation, name) != fields[name]}
        if changed or audience_forums is not None:
            raise ValidationError("Only the wording and closing date can change after launch.")
        if (
            "closes_at" in fields
            and fields["closes_at"] != consultation.closes_at
            and consultation.has_closed
        ):
            raise ValidationError("This consultation has closed; its closing date cannot change.")
        if (
            "closes_at" in fields
            and fields["closes_at"] != consultation.closes_at
            and fields["closes_at"] <= timezone.now()
        ):
            # A closing date in the past would record that it closed before answers people
            # sent since; ending it now is its own action, which records the true time.
            raise ValidationError(
                "The closing date must be in the future. To end the consultation now, use "
                "“Close it now” on the consultation’s page."
            )
    opens_at = fields.get("opens_at", consultation.opens_at)
    closes_at = fields.get("closes_at", consultation.closes_at)
    _check_dates(opens_at, closes_at)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(consultation, name, value.strip() if isinstance(value, str) else value)
        consultation.save()
        if audience_forums is not None:
            consultation.audience_forums.set(_audience(consultation, audience_forums))
    return consultation


def consultation_create_from_template(
    *, created_by: User, forum: Forum, opens_at: datetime, closes_at: datetime
) -> Consultation:
    """A draft copy of the built-in "good life" consultation, ready to adapt."""
    with transaction.atomic():
        consultation = consultation_create(
            created_by=created_by,
            forum=forum,
            title=good_life.TITLE,
            summary=good_life.SUMMARY,
            easy_read_summary=good_life.EASY_READ,
            consent_statement=good_life.CONSENT,
            opens_at=opens_at,
            closes_at=closes_at,
        )
        for section_data in good_life.SECTIONS:
            section = section_add(
                consultation=consultation,
                edited_by=created_by,
                title=section_data["title"],
                intro=section_data.get("intro", ""),
            )
            for question in section_data["questions"]:
                question_add(section=section, edited_by=created_by, **question)
    return consultation


def section_add(
    *, consultation: Consultation, edited_by: User, title: str, intro: str = ""
) -> Section:
    require_editor(edited_by, consultation)
    _require_draft(consultation)
    with transaction.atomic():
        last = consultation.sections.aggregate(m=Max("position"))["m"]
        return Section.objects.create(
            consultation=consultation,
            title=title.strip(),
            intro=intro.strip(),
            position=(last or 0) + 1,
        )


def section_update(*, section: Section, edited_by: User, title: str, intro: str = "") -> Section:
    require_editor(edited_by, section.consultation)
    _require_draft(section.consultation)
    section.title, section.intro = title.strip(), intro.strip()
    section.save(update_fields=["title", "intro"])
    return section


def section_delete(*, section: Section, edited_by: User) -> None:
    require_editor(edited_by, section.consultation)
    _require_draft(section.consultation)
    section.delete()


def _validate_question(
    kind: str, choices: list[str], max_choices: int | None, scale: tuple[int, int]
) -> list[str]:
    """The question's options, once its kind's rules are met."""
    if kind not in KINDS:
        raise ValidationError("Choose a type of question.")
    options = KINDS[kind].options(choices)
    KINDS[kind].validate(options=options, max_choices=max_choices, scale=scale)
    return options


def question_add(
    *,
    section: Section,
    edited_by: User,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    choices: list[str] | None = None,
    allow_other: bool = False,
    max_choices: int | None = None,
    scale_min: int = 1,
    scale_max: int = 5,
    scale_min_label: str = "",
    scale_max_label: str = "",
    max_length: int | None = None,
) -> Question:
    consultation = section.consultation
    require_editor(edited_by, consultation)
    _require_draft(consultation)
    options = _validate_question(kind, choices or [], max_choices, (scale_min, scale_max))
    with transaction.atomic():
        last = section.questions.aggregate(m=Max("position"))["m"]
        question = Question.objects.create(
            section=section,
            kind=kind,
            text=text.strip(),
            help_text=help_text.strip(),
            required=required,
            position=(last or 0) + 1,
            allow_other=allow_other and KINDS[kind].may_allow_other,
            max_choices=max_choices if KINDS[kind].takes_max_choices else None,
            scale_min=scale_min,
            scale_max=scale_max,
            scale_min_label=scale_min_label.strip(),
            scale_max_label=scale_max_label.strip(),
            max_length=max_length,
        )
        if KINDS[kind].is_choice:
            Choice.objects.bulk_create(
                Choice(question=question, text=option, position=n)
                for n, option in enumerate(options, 1)
            )
    return question


def question_update(*, question: Question, edited_by: User, **fields: Any) -> Question:
    """Change a question's wording or options. Options are replaced as a whole."""
    consultation = question.section.consultation
    require_editor(edited_by, consultation)
    _require_draft(consultation)
    choices = fields.pop("choices", None)
    kind = question.kind
    given = choices
    if choices is None and KINDS[kind].is_choice:
        given = list(question.choices.values_list("text", flat=True))
    options = _validate_question(
        kind,
        given or [],
        fields.get("max_choices", question.max_choices),
        (fields.get("scale_min", question.scale_min), fields.get("scale_max", question.scale_max)),
    )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(question, name, value.strip() if isinstance(value, str) else value)
        question.save()
        if choices is not None and not KINDS[kind].fixed_options:
            question.choices.all().delete()
            Choice.objects.bulk_create(
                Choice(question=question, text=option, position=n)
                for n, option in enumerate(options, 1)
            )
    return question


def question_delete(*, question: Question, edited_by: User) -> None:
    require_editor(edited_by, question.section.consultation)
    _require_draft(question.section.consultation)
    question.delete()


def _swap(items: list[Any], index: int, offset: int) -> None:
    other = index + offset
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        for position, item in enumerate(items, 1):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])


def question_move(*, question: Question, edited_by: User, up: bool) -> None:
    """Move a question up or down within its page."""
    require_editor(edited_by, question.section.consultation)
    _require_draft(question.section.consultation)
    with transaction.atomic():
        siblings = list(question.section.questions.select_for_update().order_by("position", "pk"))
        _swap(siblings, [q.pk for q in siblings].index(question.pk), -1 if up else 1)


def section_move(*, section: Section, edited_by: User, up: bool) -> None:
    require_editor(edited_by, section.consultation)
    _require_draft(section.consultation)
    with transaction.atomic():
        siblings = list(
            section.consultation.sections.select_for_update().order_by("position", "pk")
        )
        _swap(siblings, [s.pk for s in siblings].index(section.pk), -1 if up else 1)


def consultation_launch(*, consultation: Consultation, launched_by: User) -> Consultation:
    """Draft to scheduled (or open, if its opening time has come). Questions are then fixed."""
    require_editor(launched_by, consultation)
    if not consultation.is_draft:
        return consultation
    if not Question.objects.filter(section__consultation=consultation).exists():
        raise ValidationError("Add at least one question before opening the consultation.")
    if consultation.sections.filter(questions__isnull=True).exists():
        raise ValidationError("Every page needs at least one question. Remove empty pages first.")
    if consultation.closes_at <= timezone.now():
        raise ValidationError("The closing date has passed. Choose a later closing date first.")
    with transaction.atomic():
        consultation.launched_at = timezone.now()
        if consultation.audience == Audience.OPEN_LINK and not consultation.open_link_token:
            consultation.open_link_token = secrets.token_urlsafe(24)
        consultation.save(update_fields=["launched_at", "open_link_token"])
    return consultation


def consultation_close_now(*, consultation: Consultation, closed_by: User) -> Consultation:
    """Close an open consultation early. Idempotent."""
    require_editor(closed_by, consultation)
    if consultation.is_draft or consultation.has_closed:
        return consultation
    now = timezone.now()
    with transaction.atomic():
        consultation.closes_at = max(now, consultation.opens_at + timedelta(seconds=1))
        consultation.save(update_fields=["closes_at"])
    return consultation


@dataclass(frozen=True)
class FormQuestion:
    """One question of a form made in one step: a single choice from ``choices``."""

    text: str
    choices: tuple[str, ...]
    help_text: str = ""
    required: bool = True


def open_link_form_create(
    *,
    created_by: User,
    region: Region,
    title: str,
    summary: str,
    easy_read_summary: str,
    opens_at: datetime,
    closes_at: datetime,
    questions: Sequence[FormQuestion],
) -> Consultation:
    """A short anonymous form answered by open link, made, filled and launched at once, so its
    questions are fixed from the start and it takes answers only from ``opens_at`` to
    ``closes_at``. It belongs to ``region`` and so appears on no forum's pages.

    This is for forms another part of the service runs for its own people (a young people's
    group's feedback form): the caller has already decided that ``created_by`` may make it,
    which is why no forum leadership is asked for here. Not idempotent: each call makes a
    new consultation.
    """
    _check_dates(opens_at, closes_at)
    if closes_at <= timezone.now():
        raise ValidationError("The end time has passed. Choose a later end time.")
    if not questions:
        raise ValidationError("A form needs at least one question.")
    with transaction.atomic():
        consultation = Consultation.objects.create(
            region=region,
            title=single_line(title),
            summary=summary.strip(),
            easy_read_summary=easy_read_summary.strip(),
            opens_at=opens_at,
            closes_at=closes_at,
            audience=Audience.OPEN_LINK,
            identity_mode=IdentityMode.ANONYMOUS,
            created_by=created_by,
        )
        section = Section.objects.create(consultation=consultation, title=single_line(title))
        for position, spec in enumerate(questions, 1):
            options = _validate_question(QuestionKind.SINGLE, list(spec.choices), None, (1, 5))
            question = Question.objects.create(
                section=section,
                kind=QuestionKind.SINGLE,
                text=spec.text.strip(),
                help_text=spec.help_text.strip(),
                required=spec.required,
                position=position,
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=option, position=n)
                for n, option in enumerate(options, 1)
            )
        consultation.launched_at = timezone.now()
        consultation.open_link_token = secrets.token_urlsafe(24)
        consultation.save(update_fields=["launched_at", "open_link_token"])
    return consultation
