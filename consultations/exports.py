"""Exports of a consultation's responses as CSV or XLSX, one row per submitted response.

Anonymous consultations export no names or emails: nothing in the file links a row to a person.
Every export is recorded (who, when, which format, how many rows).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet

from accounts.models import User
from consultations.models import (
    Answer,
    AnswerChoice,
    Choice,
    Consultation,
    Question,
    Response,
    Theme,
)
from consultations.permissions import require_editor
from consultations.question_kinds import kind_of
from core.access import access_log_record
from core.models import AccessKind, AccessWhat
from core.spreadsheet import CellValue


def _answer_cell(question: Question, answer: Answer | None) -> CellValue:
    return "" if answer is None else kind_of(question).cell(question, answer)


# Responses read per query: the export's memory stays that of one chunk, however many rows.
CHUNK = 500


def _questions(consultation: Consultation) -> list[Question]:
    return list(
        Question.objects.filter(section__consultation=consultation).order_by(
            "section__position", "position", "pk"
        )
    )


def _header(consultation: Consultation, questions: list[Question]) -> list[CellValue]:
    header: list[CellValue] = [
        "Reference",
        "Sent",
        "Respondent type",
        "Forum",
        "Agreed to be quoted",
    ]
    if not consultation.is_anonymous:
        header[1:1] = ["Name", "Email"]
    for question in questions:
        header.append(question.text)
        if question.is_text:
            header.append(f"{question.text} – themes")
    return header


def _responses(consultation: Consultation) -> QuerySet[Response]:
    return Response.objects.submitted().filter(consultation=consultation)


def _chunks(consultation: Consultation) -> Iterator[list[Response]]:
    """Sent responses in the order they were sent, CHUNK at a time, each with its answers,
    their chosen options and themes: four queries a chunk, whatever its size.

    Keyset paging (after the last row's time and id) keeps each query as quick at row 100,000
    as at row 1. The answers' options and themes are read as plain values and attached as the
    answers' prefetched lists, pointing at the consultation's own Choice and Theme objects
    (read once): Django's prefetch would build a queryset per answer, which was most of the
    time an export took."""
    choices = {c.pk: c for c in Choice.objects.filter(question__section__consultation=consultation)}
    themes = {t.pk: t for t in Theme.objects.filter(consultation=consultation)}
    after: tuple[object, int] | None = None
    while True:
        ids = _responses(consultation).order_by("submitted_at", "pk")
        if after is not None:
            ids = ids.filter(
                Q(submitted_at__gt=after[0]) | Q(submitted_at=after[0], pk__gt=after[1])
            )
        page = list(ids.values_list("pk", "submitted_at")[:CHUNK])
        if not page:
            return
        after = (page[-1][1], page[-1][0])
        response_ids = [pk for pk, _ in page]
        responses = list(
            Response.objects.filter(pk__in=response_ids)
            .select_related("forum", "respondent")
            .order_by("submitted_at", "pk")
        )
        answers = list(Answer.objects.filter(response_id__in=response_ids))
        selected: dict[int, list[AnswerChoice]] = defaultdict(list)
        for answer_id, choice_id, rank in (
            AnswerChoice.objects.filter(answer__response_id__in=response_ids)
            .order_by("rank", "choice_id")
            .values_list("answer_id", "choice_id", "rank")
        ):
            selected[answer_id].append(
                AnswerChoice(answer_id=answer_id, choice=choices[choice_id], rank=rank)
            )
        coded: dict[int, list[Theme]] = defaultdict(list)
        for answer_id, theme_id in Answer.themes.through.objects.filter(
            answer__response_id__in=response_ids
        ).values_list("answer_id", "theme_id"):
            coded[answer_id].append(themes[theme_id])
        by_response: dict[int, list[Answer]] = defaultdict(list)
        for answer in answers:
            cache = {
                "selected": selected.get(answer.pk, []),
                "themes": sorted(coded.get(answer.pk, []), key=lambda t: t.name),
            }
            setattr(answer, "_prefetched_objects_cache", cache)  # noqa: B010 (Django's own name)
            by_response[answer.response_id].append(answer)
        for response in responses:
            cache = {"answers": by_response.get(response.pk, [])}
            setattr(response, "_prefetched_objects_cache", cache)  # noqa: B010
        yield responses


def _rows(consultation: Consultation, questions: list[Question]) -> Iterator[list[CellValue]]:
    """Plain values, a row at a time: every cell is made safe for spreadsheets as the file
    is written."""
    named = not consultation.is_anonymous
    for chunk in _chunks(consultation):
        for response in chunk:
            yield _row(response, questions, named=named)


def _row(response: Response, questions: list[Question], *, named: bool) -> list[CellValue]:
    by_question = {a.question_id: a for a in response.answers.all()}
    row: list[CellValue] = [
        response.reference,
        # Anonymous answers keep only the day they were sent.
        f"{response.submitted_at:%Y-%m-%d}"
        if not named
        else f"{response.submitted_at:%Y-%m-%d %H:%M}",
        response.get_respondent_type_display(),
        response.forum.name if response.forum else "",
        "Yes" if response.quote_consent else "No",
    ]
    if named:
        person: User | None = response.respondent
        row[1:1] = [person.get_full_name() if person else "", person.email if person else ""]
    for question in questions:
        answer = by_question.get(question.pk)
        row.append(_answer_cell(question, answer))
        if question.is_text:
            # The themes a lead coded the answer with, so the file can be sorted by them.
            row.append("; ".join(t.name for t in answer.themes.all()) if answer else "")
    return row


@dataclass(frozen=True)
class Export:
    """An export ready to send: its rows are read from the database as the file is written."""

    header: list[CellValue]
    rows: Iterator[list[CellValue]]
    row_count: int


def responses_export(*, consultation: Consultation, exported_by: User, file_format: str) -> Export:
    """Check the person may export, record the export, and return its rows as a stream. The
    count recorded is of the responses sent when the export began."""
    require_editor(exported_by, consultation)
    row_count = _responses(consultation).count()
    with transaction.atomic():
        access_log_record(
            kind=AccessKind.EXPORTED,
            what=AccessWhat.ANSWERS,
            subject=consultation,
            person=exported_by,
            file_format=file_format,
            row_count=row_count,
        )
    questions = _questions(consultation)
    return Export(_header(consultation, questions), _rows(consultation, questions), row_count)
