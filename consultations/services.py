"""Writes for consultations: building, launching, answering, coding, publishing and actions.

Editors are checked again here (consultations.permissions does it for views), so that a caller
cannot skip the check. Builder changes are refused once a consultation has been launched.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.dateformat import format as date_format

from accounts.models import User
from consultations import good_life
from consultations.models import (
    AGREEMENT_CHOICES,
    CHOICE_KINDS,
    YES_NO_CHOICES,
    Action,
    ActionStatus,
    Answer,
    AnswerChoice,
    Audience,
    Choice,
    Consultation,
    IdentityMode,
    ImpactUpdate,
    Participation,
    Question,
    QuestionKind,
    RespondentType,
    Response,
    ResultsAudience,
    Section,
    Theme,
)
from consultations.permissions import may_answer, require_editor, respondent_kind
from core.text import single_line
from forums.models import Forum, Membership, MembershipStatus, Region
from forums.permissions import is_lead


class ConsultationClosed(Exception):
    """The consultation is not open for answers."""


# Who may edit --------------------------------------------------------------------------------


def _require_draft(consultation: Consultation) -> None:
    if not consultation.is_draft:
        raise ValidationError("Questions can only be changed while the consultation is a draft.")


# Creating and editing ------------------------------------------------------------------------


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
    if consultation.forum_id:
        return [consultation.forum, *(f for f in forums if f.pk != consultation.forum_id)]
    return forums or list(consultation.region.forums.all())


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


def _fixed_choices(kind: str) -> list[str] | None:
    if kind == QuestionKind.AGREEMENT:
        return AGREEMENT_CHOICES
    if kind == QuestionKind.YES_NO:
        return YES_NO_CHOICES
    return None


def _validate_question(
    kind: str, choices: list[str], max_choices: int | None, scale: tuple[int, int]
) -> None:
    if kind not in QuestionKind.values:
        raise ValidationError("Choose a type of question.")
    if (
        kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.PRIORITIES)
        and len(choices) < 2
    ):
        raise ValidationError("Give at least 2 options, one per line.")
    if kind == QuestionKind.PRIORITIES and not max_choices:
        raise ValidationError("Say how many priorities people pick.")
    if max_choices and choices and max_choices > len(choices):
        raise ValidationError("The number to pick cannot be more than the number of options.")
    if kind == QuestionKind.SCALE and not (scale[0] < scale[1] <= scale[0] + 10):
        raise ValidationError("A rating scale needs between 2 and 11 points.")


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
    options = _fixed_choices(kind) or [c.strip() for c in (choices or []) if c.strip()]
    _validate_question(kind, options, max_choices, (scale_min, scale_max))
    with transaction.atomic():
        last = section.questions.aggregate(m=Max("position"))["m"]
        question = Question.objects.create(
            section=section,
            kind=kind,
            text=text.strip(),
            help_text=help_text.strip(),
            required=required,
            position=(last or 0) + 1,
            allow_other=allow_other and kind == QuestionKind.SINGLE,
            max_choices=max_choices
            if kind in (QuestionKind.MULTIPLE, QuestionKind.PRIORITIES)
            else None,
            scale_min=scale_min,
            scale_max=scale_max,
            scale_min_label=scale_min_label.strip(),
            scale_max_label=scale_max_label.strip(),
            max_length=max_length,
        )
        if kind in CHOICE_KINDS:
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
    options = _fixed_choices(kind) or [c.strip() for c in (choices or []) if c.strip()]
    if choices is None and kind in CHOICE_KINDS:
        options = list(question.choices.values_list("text", flat=True))
    _validate_question(
        kind,
        options,
        fields.get("max_choices", question.max_choices),
        (fields.get("scale_min", question.scale_min), fields.get("scale_max", question.scale_max)),
    )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(question, name, value.strip() if isinstance(value, str) else value)
        question.save()
        if choices is not None and not _fixed_choices(kind):
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


# Answering -----------------------------------------------------------------------------------


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
CHANGE_ATTEMPTS = 5


class AlreadySent(Exception):
    """This person (or browser) has already sent answers to this anonymous consultation."""


class ChangeRefused(Exception):
    """A reference and change code did not open sent answers for changing."""


@dataclass(frozen=True)
class Sent:
    """What sending gives back. ``change_code`` is set only when anonymous answers are first
    sent: it is shown once and kept nowhere in the clear."""

    response: Response
    change_code: str = ""
    changed: bool = False


def _code(length: int) -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    return "-".join(body[n : n + 4] for n in range(0, length, 4))


def new_carry_on_code() -> str:
    """A code (60 random bits) for a browser answering without an account: its cookie holds
    it, and typing it on another device carries on the same draft."""
    return _code(12)


def normalise_code(typed: str) -> str:
    body = re.sub(r"[^A-Z0-9]", "", typed.upper())
    return "-".join(body[n : n + 4] for n in range(0, len(body), 4))


def normalise_reference(typed: str) -> str:
    body = re.sub(r"[^A-Z0-9]", "", typed.upper())
    if body.startswith("CP") and len(body) == 10:
        return f"CP-{body[2:6]}-{body[6:]}"
    return typed.strip().upper()


def draft_key(secret: str) -> str:
    """What is stored for a draft held by a browser or session: a hash of its random secret,
    needing no server key, so rotating SECRET_KEY changes nothing."""
    return hashlib.sha256(f"consultation-draft:{normalise_code(secret)}".encode()).hexdigest()


def day_of(moment: datetime) -> datetime:
    """Midnight UTC of the moment's day: sent anonymous answers keep no time of day."""
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _new_reference() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"CP-{body[:4]}-{body[4:]}"


def _respondent_type(consultation: Consultation, user: User | None) -> str:
    """What the answers are stored as: by open link, or as the person answers (the same rule
    that lets them answer)."""
    if consultation.audience == Audience.OPEN_LINK or user is None:
        return RespondentType.PUBLIC
    kind = respondent_kind(user)
    if kind is None:
        raise PermissionDenied("You cannot answer this consultation.")
    return kind


def _respondent_forum(consultation: Consultation, user: User | None) -> Forum | None:
    if user is None:
        return consultation.forum
    membership = (
        Membership.objects.filter(
            user=user, status=MembershipStatus.ACTIVE, forum__in=consultation.audience_forums.all()
        )
        .select_related("forum")
        .order_by("forum__name")
        .first()
    )
    return membership.forum if membership else consultation.forum


def _require_open(consultation: Consultation) -> None:
    if not consultation.is_open:
        if consultation.has_closed:
            closed = date_format(timezone.localtime(consultation.closes_at), "j F Y \\a\\t g:ia")
            raise ConsultationClosed(f"This consultation closed on {closed}.")
        raise ConsultationClosed("This consultation is not open yet.")


def has_taken_part(*, consultation: Consultation, user: User | None) -> bool:
    """Whether this member has sent answers to this anonymous consultation: they have taken part
    (recorded when they started) and hold no draft any more."""
    if user is None or not consultation.is_anonymous:
        return False
    taken_part = Participation.objects.filter(consultation=consultation, user=user).exists()
    return (
        taken_part
        and not Response.objects.drafts()
        .filter(consultation=consultation, respondent=user)
        .exists()
    )


def response_find(
    *, consultation: Consultation, user: User | None = None, draft_secret: str = ""
) -> Response | None:
    """The answers this person is writing (or, named, has written): a draft held by the
    browser or session secret first, then the member's own."""
    if draft_secret:
        held = (
            Response.objects.drafts()
            .filter(consultation=consultation, draft_key=draft_key(draft_secret))
            .first()
        )
        if held is not None:
            return held
    if user is None:
        return None
    found = Response.objects.filter(consultation=consultation, respondent=user)
    if consultation.is_anonymous:
        found = found.drafts()
    return found.first()


def response_start(
    *, consultation: Consultation, user: User | None = None, draft_secret: str = ""
) -> Response:
    """The person's response, started if they have none. Idempotent: a second start (another
    tab, a double click) returns the same response. Raises AlreadySent for a member who has
    sent anonymous answers; without an account, the caller checks its browser's marker.
    Refused (PermissionDenied) for anyone who may not answer it."""
    if not may_answer(user, consultation):
        raise PermissionDenied("This consultation is for members of particular forums.")
    _require_open(consultation)
    existing = response_find(consultation=consultation, user=user, draft_secret=draft_secret)
    if existing:
        return existing
    if has_taken_part(consultation=consultation, user=user):
        raise AlreadySent("You have already sent your answers.")
    if user is None and not draft_secret:
        raise ValidationError("A browser code is needed to answer without an account.")
    today = day_of(timezone.now()) if consultation.is_anonymous else timezone.now()
    try:
        with transaction.atomic():
            draft = Response.objects.create(
                consultation=consultation,
                respondent=user,
                draft_key="" if user is not None else draft_key(draft_secret),
                respondent_type=_respondent_type(consultation, user),
                forum=_respondent_forum(consultation, user),
                reference=_new_reference(),
                started_at=today,
                updated_at=today,
            )
            if user is not None and consultation.is_anonymous:
                # Recorded at the start, while the draft is openly theirs, and never touched
                # when they send: the table's order follows who started when, not who sent
                # which answers, and sending stays one insert whatever the number of people.
                Participation.objects.get_or_create(consultation=consultation, user=user)
            return draft
    except IntegrityError:
        found = response_find(consultation=consultation, user=user, draft_secret=draft_secret)
        if found is None:
            raise
        return found


@dataclass(frozen=True)
class AnswerValue:
    """What a person answered to one question, in the shape Answer stores."""

    text: str = ""
    number: int | None = None
    other_text: str = ""
    choice_ids: tuple[int, ...] = ()  # in rank order for priorities
    empty: bool = False


def _write_answers(response: Response, answers: dict[Question, AnswerValue]) -> None:
    for question, value in answers.items():
        if question.section.consultation_id != response.consultation_id:
            raise ValidationError("That question is not part of this consultation.")
        if value.empty:
            Answer.objects.filter(response=response, question=question).delete()
            continue
        answer, _ = Answer.objects.update_or_create(
            response=response,
            question=question,
            defaults={"text": value.text, "number": value.number, "other_text": value.other_text},
        )
        if question.is_choice:
            valid = set(question.choices.values_list("pk", flat=True))
            if not set(value.choice_ids) <= valid:
                raise ValidationError("That option is not part of this question.")
            answer.selected.all().delete()
            ranked = question.kind == QuestionKind.PRIORITIES
            AnswerChoice.objects.bulk_create(
                AnswerChoice(answer=answer, choice_id=choice_id, rank=n if ranked else None)
                for n, choice_id in enumerate(value.choice_ids, 1)
            )


def response_save_answers(*, response: Response, answers: dict[Question, AnswerValue]) -> None:
    """Store a page's answers, replacing earlier ones to the same questions. Refused once the
    consultation has closed, and for sent anonymous answers (those change through a draft).
    Idempotent."""
    _require_open(response.consultation)
    if response.consultation.is_anonymous and response.submitted_at is not None:
        raise ValidationError("Sent anonymous answers are changed with their change code.")
    now = timezone.now()
    with transaction.atomic():
        _write_answers(response, answers)
        Response.objects.filter(pk=response.pk).update(
            updated_at=day_of(now) if response.consultation.is_anonymous else now
        )


def _stored_answers(response: Response) -> dict[Question, AnswerValue]:
    stored = {}
    for answer in Answer.objects.filter(response=response).select_related("question__section"):
        picks = tuple(
            AnswerChoice.objects.filter(answer=answer)
            .order_by("rank", "choice_id")
            .values_list("choice_id", flat=True)
        )
        stored[answer.question] = AnswerValue(
            text=answer.text, number=answer.number, other_text=answer.other_text, choice_ids=picks
        )
    return stored


def missing_required(response: Response) -> list[Question]:
    answered = Answer.objects.filter(response=response).values("question_id")
    return list(
        Question.objects.filter(section__consultation=response.consultation, required=True)
        .exclude(pk__in=answered)
        .select_related("section")
    )


def _send_anonymous(draft: Response, quote_consent: bool) -> Sent:
    consultation = draft.consultation
    answers = _stored_answers(draft)
    today = day_of(timezone.now())
    if draft.replaces_id:
        sent = Response.objects.select_for_update().get(pk=draft.replaces_id)
        _write_answers(sent, answers)
        Answer.objects.filter(response=sent).exclude(question__in=list(answers)).delete()
        sent.quote_consent = quote_consent
        sent.updated_at = today
        sent.save(update_fields=["quote_consent", "updated_at"])
        draft.delete()
        return Sent(sent, changed=True)
    code = _code(12)
    sent = Response.objects.create(
        consultation=consultation,
        respondent_type=draft.respondent_type,
        forum_id=draft.forum_id,
        reference=_new_reference(),
        started_at=day_of(draft.started_at),
        updated_at=today,
        submitted_at=today,
        quote_consent=quote_consent,
        change_code_hash=make_password(normalise_code(code)),
    )
    _write_answers(sent, answers)
    if draft.respondent_id:
        # Normally recorded when the draft was started; drafts from before then get it now.
        Participation.objects.get_or_create(consultation=consultation, user_id=draft.respondent_id)
    draft.delete()
    return Sent(sent, change_code=code)


def response_submit(*, response: Response, quote_consent: bool) -> Sent:
    """Send the response. Refused while required questions are unanswered or once closed.

    Named: the response is marked sent; a second submit (a double click) changes nothing but
    the quote consent. Anonymous: the draft's answers are copied into new rows with no person
    or key and dates cut to the day, the draft is deleted, a member's participation is noted
    apart, and a change code is made; a draft of changes replaces the sent answers it was
    made from. Raises AlreadySent if the member has sent already (a second tab)."""
    _require_open(response.consultation)
    missing = missing_required(response)
    if missing:
        raise ValidationError(
            [
                f"Answer “{question.text}” on the page “{question.section.title}”"
                for question in missing
            ]
        )
    consent = quote_consent and bool(response.consultation.consent_statement)
    with transaction.atomic():
        if response.consultation.is_anonymous:
            draft = Response.objects.select_for_update().filter(pk=response.pk).first()
            if draft is None or draft.submitted_at is not None:
                raise AlreadySent("These answers have already been sent.")
            return _send_anonymous(draft, consent)
        response = Response.objects.select_for_update().get(pk=response.pk)
        response.quote_consent = consent
        if response.submitted_at is None:
            response.submitted_at = timezone.now()
        response.save(update_fields=["quote_consent", "submitted_at"])
    return Sent(response)


def response_change_begin(
    *, consultation: Consultation, reference: str, change_code: str, draft_secret: str
) -> Response:
    """Open sent anonymous answers for changing: with the right reference and change code, a
    draft copy held by ``draft_secret`` (kept in the person's session). Wrong codes are
    counted on the response and, after CHANGE_ATTEMPTS, refused for good. Idempotent for the
    same secret."""
    _require_open(consultation)
    not_right = "The reference or change code is not right. Check both and try again."
    sent = (
        Response.objects.submitted()
        .filter(consultation=consultation, reference=normalise_reference(reference))
        .exclude(change_code_hash="")
        .first()
    )
    if sent is None or not consultation.is_anonymous:
        raise ChangeRefused(not_right)
    if sent.change_attempts_failed >= CHANGE_ATTEMPTS:
        raise ChangeRefused(
            "The change code for this reference was entered wrongly too many times, so these "
            "answers can no longer be changed. They will still be counted."
        )
    if not check_password(normalise_code(change_code), sent.change_code_hash):
        Response.objects.filter(pk=sent.pk).update(
            change_attempts_failed=F("change_attempts_failed") + 1
        )
        left = CHANGE_ATTEMPTS - sent.change_attempts_failed - 1
        raise ChangeRefused(
            f"{not_right} You can try {left} more time{'s' if left != 1 else ''}."
            if left
            else "The change code for this reference was entered wrongly too many times, so "
            "these answers can no longer be changed. They will still be counted."
        )
    existing = response_find(consultation=consultation, draft_secret=draft_secret)
    if existing is not None and existing.replaces_id == sent.pk:
        return existing
    with transaction.atomic():
        if sent.change_attempts_failed:
            Response.objects.filter(pk=sent.pk).update(change_attempts_failed=0)
        draft = Response.objects.create(
            consultation=consultation,
            draft_key=draft_key(draft_secret),
            replaces=sent,
            respondent_type=sent.respondent_type,
            forum_id=sent.forum_id,
            reference=_new_reference(),
            started_at=sent.submitted_at,
            updated_at=sent.submitted_at,
            quote_consent=sent.quote_consent,
        )
        _write_answers(draft, _stored_answers(sent))
    return draft


# Coding free text and publishing ---------------------------------------------------------------


def theme_create(*, consultation: Consultation, edited_by: User, name: str) -> Theme:
    require_editor(edited_by, consultation)
    name = name.strip()
    if not name:
        raise ValidationError("Enter a name for the theme.")
    theme, _ = Theme.objects.get_or_create(consultation=consultation, name=name)
    return theme


def answer_code(
    *, answer: Answer, edited_by: User, themes: Iterable[Theme], featured: bool
) -> Answer:
    """Set the themes of a free-text answer, and whether it is a quote to publish (only where
    the respondent agreed to be quoted)."""
    consultation = answer.response.consultation
    require_editor(edited_by, consultation)
    themes = list(themes)
    if any(theme.consultation_id != consultation.pk for theme in themes):
        raise ValidationError("That theme belongs to another consultation.")
    if featured and not answer.response.quote_consent:
        raise ValidationError("This person did not agree to be quoted.")
    with transaction.atomic():
        answer.themes.set(themes)
        answer.featured = featured
        answer.save(update_fields=["featured"])
    return answer


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


# "We did" --------------------------------------------------------------------------------------


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
