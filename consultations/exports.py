"""Exports of a consultation's responses as CSV or XLSX, one row per submitted response.

Anonymous consultations export no names or emails: nothing in the file links a row to a person.
Every export is recorded (who, when, which format, how many rows).

Up to settings.EXPORT_BACKGROUND_FROM responses, the file is streamed to the person as it is
read. From there up, a background job (``ExportJob``) writes the same file into the private
settings.EXPORTS_DIR, counting its rows as it goes for the progress page, and only the person
who asked, while they still run the consultation, may download it. Files are deleted after
settings.EXPORT_RETENTION_DAYS.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from consultations.models import (
    Answer,
    AnswerChoice,
    Choice,
    Consultation,
    ExportJob,
    ExportStatus,
    Question,
    RespondentType,
    Response,
    Theme,
)
from consultations.permissions import can_edit, require_editor
from consultations.question_kinds import StoredAnswer, kind_of
from core.access import access_log_record
from core.models import AccessKind, AccessWhat
from core.spreadsheet import CellValue, csv_stream, xlsx_file

# Responses read per query: the export's memory stays that of one chunk (a few megabytes of
# plain values), however many rows; bigger chunks make fewer round trips to the database.
CHUNK = 2000


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


# What is read of each sent response, in the file's order.
_RESPONSE_FIELDS = (
    "pk",
    "submitted_at",
    "reference",
    "respondent_type",
    "forum__name",
    "quote_consent",
    "respondent__full_name",
    "respondent__email",
)


def _chunks(
    consultation: Consultation,
) -> Iterator[tuple[list[tuple[Any, ...]], dict[int, dict[int, tuple[StoredAnswer, str]]]]]:
    """Sent responses in the order they were sent, CHUNK at a time, with their answers (and
    each answer's themes) by question: four queries a chunk, whatever its size.

    Keyset paging (after the last row's time and id) keeps each query as quick at row 100,000
    as at row 1. Everything is read as plain values, the options' and themes' names from the
    consultation's own (read once): a model object per answer and per chosen option was most
    of the time an export took."""
    choices = dict(
        Choice.objects.filter(question__section__consultation=consultation).values_list(
            "pk", "text"
        )
    )
    themes = dict(Theme.objects.filter(consultation=consultation).values_list("pk", "name"))
    after: tuple[object, int] | None = None
    while True:
        found = _responses(consultation).order_by("submitted_at", "pk")
        if after is not None:
            found = found.filter(
                Q(submitted_at__gt=after[0]) | Q(submitted_at=after[0], pk__gt=after[1])
            )
        page = list(found.values_list(*_RESPONSE_FIELDS)[:CHUNK])
        if not page:
            return
        after = (page[-1][1], page[-1][0])
        response_ids = [row[0] for row in page]
        picks: dict[int, list[str]] = defaultdict(list)
        for answer_id, choice_id in (
            AnswerChoice.objects.filter(answer__response_id__in=response_ids)
            .order_by("rank", "choice_id")
            .values_list("answer_id", "choice_id")
        ):
            picks[answer_id].append(choices[choice_id])
        coded: dict[int, list[str]] = defaultdict(list)
        for answer_id, theme_id in Answer.themes.through.objects.filter(
            answer__response_id__in=response_ids
        ).values_list("answer_id", "theme_id"):
            coded[answer_id].append(themes[theme_id])
        answers: dict[int, dict[int, tuple[StoredAnswer, str]]] = defaultdict(dict)
        for answer_id, response_id, question_id, text, number, other_text in Answer.objects.filter(
            response_id__in=response_ids
        ).values_list("pk", "response_id", "question_id", "text", "number", "other_text"):
            stored = StoredAnswer(text, number, other_text, tuple(picks.get(answer_id, ())))
            answers[response_id][question_id] = (stored, "; ".join(sorted(coded[answer_id])))
        yield page, answers


def _rows(consultation: Consultation, questions: list[Question]) -> Iterator[list[CellValue]]:
    """Plain values, a row at a time: every cell is made safe for spreadsheets as the file
    is written."""
    named = not consultation.is_anonymous
    cells = [(question.pk, kind_of(question).cell, question.is_text) for question in questions]
    by_pk = {question.pk: question for question in questions}
    kinds = dict(RespondentType.choices)
    for page, answers in _chunks(consultation):
        for pk, sent, reference, kind, forum, consent, full_name, email in page:
            row: list[CellValue] = [
                reference,
                # Anonymous answers keep only the day they were sent.
                f"{sent:%Y-%m-%d %H:%M}" if named else f"{sent:%Y-%m-%d}",
                kinds.get(kind, kind),
                forum or "",
                "Yes" if consent else "No",
            ]
            if named:
                # As User.get_full_name: the name, or the email without one.
                row[1:1] = [(full_name or email or ""), email or ""]
            given = answers.get(pk, {})
            for question_id, cell, is_text in cells:
                found = given.get(question_id)
                row.append("" if found is None else cell(by_pk[question_id], found[0]))
                if is_text:
                    # The themes a lead coded the answer with, so the file can be sorted by them.
                    row.append(found[1] if found else "")
            yield row


@dataclass(frozen=True)
class Export:
    """An export ready to send: its rows are read from the database as the file is written."""

    header: list[CellValue]
    rows: Iterator[list[CellValue]]
    row_count: int


FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_filename(consultation: Consultation, file_format: str) -> str:
    """The name the person's browser saves the file as."""
    return f"consultation-{consultation.pk}-responses.{file_format}"


def _export_recorded(consultation: Consultation, exported_by: User, file_format: str) -> int:
    """Check the person may export and record the export; the responses sent by now."""
    require_editor(exported_by, consultation)
    row_count = _responses(consultation).count()
    access_log_record(
        kind=AccessKind.EXPORTED,
        what=AccessWhat.ANSWERS,
        subject=consultation,
        person=exported_by,
        file_format=file_format,
        row_count=row_count,
    )
    return row_count


def responses_export(*, consultation: Consultation, exported_by: User, file_format: str) -> Export:
    """Check the person may export, record the export, and return its rows as a stream. The
    count recorded is of the responses sent when the export began."""
    with transaction.atomic():
        row_count = _export_recorded(consultation, exported_by, file_format)
    questions = _questions(consultation)
    return Export(_header(consultation, questions), _rows(consultation, questions), row_count)


def export_in_background(consultation: Consultation) -> bool:
    """Whether an export of this consultation is big enough to be written by a background job.
    Counted from the tallies, so asking costs the same at any size."""
    from consultations.tallies import sent_count

    threshold: int = settings.EXPORT_BACKGROUND_FROM
    return sent_count(consultation) >= threshold


def export_job_start(
    *, consultation: Consultation, requested_by: User, file_format: str
) -> ExportJob:
    """Record the export as any other, and queue a job to write the file (once the record is
    committed). Refused (PermissionDenied) for anyone who does not run the consultation."""
    from consultations.tasks import export_job_run  # the task calls this module

    if file_format not in FORMATS:
        raise ValueError(f"Unknown export format {file_format!r}")
    with transaction.atomic():
        row_count = _export_recorded(consultation, requested_by, file_format)
        job = ExportJob.objects.create(
            consultation=consultation,
            requested_by=requested_by,
            file_format=file_format,
            rows_total=row_count,
        )
        transaction.on_commit(lambda: export_job_run.delay(job.pk))
    return job


def exports_dir() -> Path:
    folder = Path(settings.EXPORTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _counted_rows(
    job: ExportJob, rows: Iterator[list[CellValue]], every: int = 500
) -> Iterator[list[CellValue]]:
    """The rows, noting on the job how many have been written, every ``every`` rows."""
    for done, row in enumerate(rows, 1):
        yield row
        if done % every == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)


def export_job_run(job_id: int) -> str:
    """Write the job's file. Safe to run twice: a finished job is left alone, and one cut off
    part way starts again under a new name. The person is checked again first: someone who no
    longer runs the consultation gets no file. Returns the job's status."""
    job = ExportJob.objects.select_related("consultation", "requested_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return job.status if job else "missing"
    consultation = job.consultation
    if not can_edit(job.requested_by, consultation):
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        return ExportStatus.FAILED
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, rows_done=0)
    name = f"{secrets.token_hex(16)}.{job.file_format}"
    final = exports_dir() / name
    part = final.with_suffix(".part")
    questions = _questions(consultation)
    header = _header(consultation, questions)
    rows = _counted_rows(job, _rows(consultation, questions))
    try:
        with part.open("wb") as out:
            if job.file_format == "csv":
                for piece in csv_stream(header, rows):
                    out.write(piece)
            else:
                xlsx_file("Responses", header, rows, out)
        part.rename(final)
    except BaseException:
        part.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    done = ExportJob.objects.filter(pk=job.pk).values_list("rows_done", flat=True).first()
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.READY,
        file_name=name,
        rows_done=max(done or 0, job.rows_total),
        finished_at=timezone.now(),
    )
    return ExportStatus.READY


def get_export_job_for_requester(user: User, pk: int, job_pk: int) -> ExportJob:
    """The job, for the person who asked for it while they still run the consultation: 403
    for anyone who does not run it, 404 for a job of another consultation or another person."""
    from consultations.permissions import get_consultation_for_editor

    consultation = get_consultation_for_editor(user, pk)
    job = get_object_or_404(ExportJob, pk=job_pk, consultation=consultation)
    if job.requested_by_id != user.pk:
        raise Http404("No such export.")
    job.consultation = consultation
    return job


def export_job_file(job: ExportJob) -> Path:
    """The finished file, or 404 once it has been deleted (or if it never finished)."""
    if job.status != ExportStatus.READY or not job.file_name:
        raise Http404("This export is not ready.")
    path = exports_dir() / job.file_name
    if not path.is_file():
        raise Http404("This export has been deleted.")
    return path


def export_files_expire() -> int:
    """Delete export files, and their jobs, older than settings.EXPORT_RETENTION_DAYS, and any
    file in the folder that no job names (left by a job cut off part way). Idempotent. Returns
    how many files were deleted."""
    cutoff = timezone.now() - timedelta(days=settings.EXPORT_RETENTION_DAYS)
    folder = exports_dir()
    deleted = 0
    expired = ExportJob.objects.filter(created_at__lt=cutoff)
    for name in expired.exclude(file_name="").values_list("file_name", flat=True).iterator():
        path = folder / name
        if path.is_file():
            path.unlink()
            deleted += 1
    expired.delete()
    known = set(ExportJob.objects.exclude(file_name="").values_list("file_name", flat=True))
    for path in folder.iterdir():
        if (
            path.is_file()
            and path.name not in known
            and datetime.fromtimestamp(path.stat().st_mtime, tz=UTC) < cutoff
        ):
            path.unlink()
            deleted += 1
    return deleted
