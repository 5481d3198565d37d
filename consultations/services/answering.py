"""Writes for people answering: start, save each page, send, change sent answers.

Anonymous answers are unlinked from the person when they are sent: docs/anonymous-answers.md
says exactly what is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations.models import (
    Answer,
    AnswerChoice,
    Audience,
    Choice,
    Consultation,
    Participation,
    Question,
    RespondentType,
    Response,
    Section,
)
from consultations.permissions import may_answer, respondent_kind
from consultations.question_kinds import AnswerValue, kind_of
from consultations.tallies import tallies_count_in, tallies_follow
from core.dates import gov_closing
from core.emails import email_send_on_commit
from forums.models import Forum, Membership, MembershipStatus


class ConsultationClosed(Exception):
    """The consultation is not open for answers."""


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


def _code_digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{normalise_code(code)}".encode()).hexdigest()


def change_code_hash(code: str) -> str:
    """How a change code is kept: a salted SHA-256. The code is 60 random bits, so a slow
    password hash (made for words people choose) protects nothing more, and it cost most of a
    send's time (PBKDF2, 1,000,000 rounds). Wrong codes are limited (CHANGE_ATTEMPTS)."""
    salt = secrets.token_hex(16)
    return f"sha256${salt}${_code_digest(salt, code)}"


def change_code_matches(typed: str, stored: str) -> bool:
    kind, _, rest = stored.partition("$")
    if kind == "sha256":
        salt, _, digest = rest.partition("$")
        return hmac.compare_digest(digest, _code_digest(salt, typed))
    # Codes kept before, with the password hasher.
    return check_password(normalise_code(typed), stored)


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
            closed = gov_closing(consultation.closes_at)
            raise ConsultationClosed(f"This consultation closed at {closed}.")
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


def _write_answers(response: Response, answers: dict[Question, AnswerValue]) -> None:
    """Write a page's answers in a fixed number of queries, however many questions it has:
    the options of its choice questions are read once, answers are written in one upsert
    (which also makes a double submit harmless), and chosen options are replaced in one delete
    and one insert."""
    sections = set(
        Section.objects.filter(consultation_id=response.consultation_id).values_list(
            "pk", flat=True
        )
    )
    if any(q.section_id not in sections for q in answers):
        raise ValidationError("That question is not part of this consultation.")
    empty = [q.pk for q, value in answers.items() if value.empty]
    given = {q: value for q, value in answers.items() if not value.empty}
    if empty:
        Answer.objects.filter(response=response, question_id__in=empty).delete()
    if not given:
        return
    choice_questions = [q for q in given if q.is_choice]
    valid: dict[int, set[int]] = defaultdict(set)
    for question_id, choice_id in Choice.objects.filter(question__in=choice_questions).values_list(
        "question_id", "pk"
    ):
        valid[question_id].add(choice_id)
    for question in choice_questions:
        if not set(given[question].choice_ids) <= valid[question.pk]:
            raise ValidationError("That option is not part of this question.")
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=question,
                text=value.text,
                number=value.number,
                other_text=value.other_text,
            )
            for question, value in given.items()
        ],
        update_conflicts=True,
        unique_fields=["response", "question"],
        update_fields=["text", "number", "other_text"],
    )
    if not choice_questions:
        return
    # An answer that already existed keeps its id: read the ids the table holds.
    answer_ids = dict(
        Answer.objects.filter(response=response, question__in=choice_questions).values_list(
            "question_id", "pk"
        )
    )
    AnswerChoice.objects.filter(answer_id__in=answer_ids.values()).delete()
    AnswerChoice.objects.bulk_create(
        AnswerChoice(
            answer_id=answer_ids[question.pk],
            choice_id=choice_id,
            rank=n if kind_of(question).ranked else None,
        )
        for question in choice_questions
        for n, choice_id in enumerate(given[question].choice_ids, 1)
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
        if response.submitted_at is None:
            _write_answers(response, answers)
        else:
            # A named respondent changing sent answers: the results move with them.
            with tallies_follow(response.consultation_id, [response.pk]):
                _write_answers(response, answers)
        Response.objects.filter(pk=response.pk).update(
            updated_at=day_of(now) if response.consultation.is_anonymous else now
        )


def _stored_answers(response: Response) -> dict[Question, AnswerValue]:
    """Every answer of a response with its chosen options, in two queries."""
    picks: dict[int, list[int]] = defaultdict(list)
    for answer_id, choice_id in (
        AnswerChoice.objects.filter(answer__response=response)
        .order_by("rank", "choice_id")
        .values_list("answer_id", "choice_id")
    ):
        picks[answer_id].append(choice_id)
    return {
        answer.question: AnswerValue(
            text=answer.text,
            number=answer.number,
            other_text=answer.other_text,
            choice_ids=tuple(picks.get(answer.pk, ())),
        )
        for answer in Answer.objects.filter(response=response).select_related("question__section")
    }


def missing_required(response: Response) -> list[Question]:
    answered = Answer.objects.filter(response=response).values("question_id")
    return list(
        Question.objects.filter(section__consultation=response.consultation, required=True)
        .exclude(pk__in=answered)
        .select_related("section")
    )


def _unlinked_copy(
    source: Response, *, quote_consent: bool, change_code_hash: str = ""
) -> Response:
    """The one rule for answers that keep no link to a person (docs/anonymous-answers.md): a new
    row with a random id and a new reference, no person and no key, and dates cut to the day
    (sent on the day it was sent, or today for a draft being sent now)."""
    sent_on = day_of(source.submitted_at or timezone.now())
    return Response.objects.create(
        consultation_id=source.consultation_id,
        respondent_type=source.respondent_type,
        forum_id=source.forum_id,
        reference=_new_reference(),
        started_at=day_of(source.started_at),
        updated_at=sent_on,
        submitted_at=sent_on,
        quote_consent=quote_consent,
        change_code_hash=change_code_hash,
    )


def response_unlink(*, response: Response) -> Response:
    """Remove the link between a person and their sent named answers, as sent anonymous answers
    are stored: the answers move, unchanged (with their themes and published quotes), to a row
    made by the anonymous rule, and the named row is deleted. Used when a person deletes their
    account and when the retention period after published results ends. Idempotent: answers
    with no person are returned as they are. Drafts are not sent answers and are refused."""
    if response.submitted_at is None:
        raise ValidationError("A draft is deleted, not unlinked.")
    if response.respondent_id is None and not response.draft_key:
        return response
    with transaction.atomic():
        unlinked = _unlinked_copy(response, quote_consent=response.quote_consent)
        Answer.objects.filter(response=response).update(response=unlinked)
        Response.objects.filter(pk=response.pk).delete()
    return unlinked


def _send_anonymous(draft: Response, quote_consent: bool) -> Sent:
    consultation = draft.consultation
    answers = _stored_answers(draft)
    today = day_of(timezone.now())
    if draft.replaces_id:
        sent = Response.objects.select_for_update().get(pk=draft.replaces_id)
        with tallies_follow(consultation.pk, [sent.pk]):
            _write_answers(sent, answers)
            Answer.objects.filter(response=sent).exclude(question__in=list(answers)).delete()
        sent.quote_consent = quote_consent
        sent.updated_at = today
        sent.save(update_fields=["quote_consent", "updated_at"])
        draft.delete()
        return Sent(sent, changed=True)
    code = _code(12)
    sent = _unlinked_copy(
        draft, quote_consent=quote_consent, change_code_hash=change_code_hash(code)
    )
    _write_answers(sent, answers)
    tallies_count_in(consultation.pk, [sent.pk])
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
        newly_sent = response.submitted_at is None
        if newly_sent:
            response.submitted_at = timezone.now()
        response.save(update_fields=["quote_consent", "submitted_at"])
        if newly_sent:
            tallies_count_in(response.consultation_id, [response.pk])
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
    if not change_code_matches(change_code, sent.change_code_hash):
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
            started_at=sent.submitted_at or sent.started_at,
            updated_at=sent.submitted_at or sent.started_at,
            quote_consent=sent.quote_consent,
        )
        _write_answers(draft, _stored_answers(sent))
    return draft


CARRY_ON_EMAILS_PER_HOUR = 3


class TooManyEmails(Exception):
    """The code for this draft has been emailed as often as an hour allows."""


def carry_on_code_email(*, consultation: Consultation, code: str, to: str) -> bool:
    """Email an open-link draft's carry-on code to the address the person gives. The address is
    used for this email only: the outbox forgets it, and the code, once the email is sent. A
    draft's code goes out at most CARRY_ON_EMAILS_PER_HOUR times an hour, so the form cannot be
    used to send mail to strangers. Says whether the email was queued."""
    key = f"carry-on-emails:{draft_key(code)}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > CARRY_ON_EMAILS_PER_HOUR:
        raise TooManyEmails
    queued = email_send_on_commit(
        to=[to],
        forget_after_sending=True,
        subject=f"Your code to carry on answering: {consultation.title}",
        template="emails/consultations/carry_on_code.txt",
        context={
            "consultation": consultation,
            "code": code,
            "carry_on_path": reverse(
                "consultations:open_carry_on", args=[consultation.open_link_token]
            ),
            "closes": gov_closing(consultation.closes_at),
            "service_name": settings.SERVICE_NAME,
        },
    )
    return queued > 0
