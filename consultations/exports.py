"""Exports of a consultation's responses as CSV or XLSX, one row per submitted response.

Anonymous consultations export no names or emails: nothing in the file links a row to a person.
Every export is recorded (who, when, which format, how many rows).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Prefetch

from accounts.models import User
from consultations.models import (
    Answer,
    AnswerChoice,
    Consultation,
    Question,
    Response,
    Theme,
)
from consultations.permissions import require_editor
from consultations.question_kinds import kind_of
from core.models import export_log_record
from core.spreadsheet import CellValue, csv_bytes, xlsx_bytes


def _answer_cell(question: Question, answer: Answer | None) -> CellValue:
    return "" if answer is None else kind_of(question).cell(question, answer)


def _rows(consultation: Consultation) -> tuple[list[CellValue], list[list[CellValue]]]:
    """Plain values: every cell is made safe for spreadsheets as the file is written."""
    questions = list(
        Question.objects.filter(section__consultation=consultation).order_by(
            "section__position", "position", "pk"
        )
    )
    named = not consultation.is_anonymous
    header: list[CellValue] = [
        "Reference",
        "Sent",
        "Respondent type",
        "Forum",
        "Agreed to be quoted",
    ]
    if named:
        header[1:1] = ["Name", "Email"]
    for question in questions:
        header.append(question.text)
        if question.is_text:
            header.append(f"{question.text} – themes")
    responses = (
        Response.objects.submitted()
        .filter(consultation=consultation)
        .select_related("forum", "respondent")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.prefetch_related(
                    Prefetch(
                        "selected",
                        queryset=AnswerChoice.objects.select_related("choice").order_by(
                            "rank", "choice_id"
                        ),
                    ),
                    Prefetch("themes", queryset=Theme.objects.order_by("name")),
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )
    rows = []
    for response in responses:
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
            row[1:1] = [
                person.get_full_name() if person else "",
                person.email if person else "",
            ]
        for question in questions:
            answer = by_question.get(question.pk)
            row.append(_answer_cell(question, answer))
            if question.is_text:
                # The themes a lead coded the answer with, so the file can be sorted by them.
                row.append("; ".join(t.name for t in answer.themes.all()) if answer else "")
        rows.append(row)
    return header, rows


def responses_export(
    *, consultation: Consultation, exported_by: User, file_format: str
) -> tuple[bytes, int]:
    require_editor(exported_by, consultation)
    header, rows = _rows(consultation)
    if file_format == "csv":
        content = csv_bytes(header, rows)
    else:
        content = xlsx_bytes("Responses", header, rows)
    with transaction.atomic():
        export_log_record(
            subject=consultation,
            exported_by=exported_by,
            file_format=file_format,
            row_count=len(rows),
        )
    return content, len(rows)
