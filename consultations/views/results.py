"""Lead tools once answers arrive: results, exports, publishing and actions (themes and coding
are in ``coding``)."""

from __future__ import annotations

import tempfile
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.types import AuthenticatedRequest
from consultations import exports, services
from consultations.forms import (
    ActionForm,
    ActionStatusForm,
    PublishForm,
    ResultsFilterForm,
)
from consultations.models import (
    Consultation,
    ExportJob,
    ExportStatus,
    Question,
)
from consultations.permissions import (
    get_action_for_editor,
    get_consultation_for_editor,
)
from consultations.results import consultation_results
from consultations.selectors import (
    you_said_draft,
)
from consultations.views.building import manage_context
from core.access import access_log_viewed
from core.forms import add_service_errors
from core.models import AccessWhat
from core.spreadsheet import csv_stream, xlsx_file
from forums.models import Forum


def _audience_forums(consultation: Consultation) -> QuerySet[Forum]:
    return consultation.audience_forums.order_by("name")


@login_required
def results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    access_log_viewed(request, what=AccessWhat.ANSWERS, subject=consultation)
    filters = ResultsFilterForm(request.GET, forums=_audience_forums(consultation))
    filters.is_valid()
    data = filters.cleaned_data
    forum = data.get("forum")
    found = consultation_results(
        consultation,
        forum_id=forum.pk if forum else None,
        respondent_type=data.get("respondent_type", ""),
    )
    return render(
        request,
        "consultations/manage/results.html",
        manage_context(
            consultation,
            results=found,
            filters=filters,
            exports=consultation.access_log.exports().select_related("person")[:5],
            in_progress=consultation.responses.drafts().filter(replaces__isnull=True).count(),
        ),
    )


@login_required
@require_POST
def export(
    request: AuthenticatedRequest, pk: int, file_format: str
) -> HttpResponse | StreamingHttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    if file_format not in exports.FORMATS:
        return HttpResponseBadRequest("Choose CSV or XLSX.")
    if exports.export_in_background(consultation):
        job = exports.export_job_start(
            consultation=consultation, requested_by=request.user, file_format=file_format
        )
        return redirect("consultations:export_job", pk=pk, job_pk=job.pk)
    export = exports.responses_export(
        consultation=consultation, exported_by=request.user, file_format=file_format
    )
    filename = exports.export_filename(consultation, file_format)
    if file_format == "csv":
        # Written to the person as it is read, a chunk of responses at a time.
        streamed = StreamingHttpResponse(
            csv_stream(export.header, export.rows), content_type=exports.CONTENT_TYPES["csv"]
        )
        streamed["Content-Disposition"] = f'attachment; filename="{filename}"'
        return streamed
    # A workbook is a zip, finished only at the end: it is written row by row to a temporary
    # file (write-only mode keeps no rows in memory) and sent from there.
    workbook = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it once sent)
    xlsx_file("Responses", export.header, export.rows, workbook)
    workbook.seek(0)
    return FileResponse(
        workbook, as_attachment=True, filename=filename, content_type=exports.CONTENT_TYPES["xlsx"]
    )


def _export_job_state(job: ExportJob) -> dict[str, object]:
    """What the progress page says, as the page and as JSON for its script."""
    if job.status == ExportStatus.READY:
        text = f"Your file is ready: {job.rows_done:,} rows."
    elif job.status == ExportStatus.FAILED:
        text = "Your file could not be made. Try the download again."
    elif job.status == ExportStatus.QUEUED:
        text = "0% done. Your file is waiting to be started."
    else:
        text = f"{job.percent}% done: {job.rows_done:,} of {job.rows_total:,} rows written."
    return {"status": job.status, "percent": job.percent, "text": text}


@login_required
def export_job(request: AuthenticatedRequest, pk: int, job_pk: int) -> HttpResponse:
    """How far a large export has got, and its download link once ready: only for the person
    who asked, while they still run the consultation."""
    job = exports.get_export_job_for_requester(request.user, pk, job_pk)
    state = _export_job_state(job)
    if request.GET.get("format") == "json":
        return JsonResponse(state)
    return render(
        request,
        "consultations/manage/export_job.html",
        manage_context(
            job.consultation,
            job=job,
            state=state,
            deleted_on=job.created_at + timedelta(days=settings.EXPORT_RETENTION_DAYS),
        ),
    )


@login_required
def export_download(request: AuthenticatedRequest, pk: int, job_pk: int) -> FileResponse:
    job = exports.get_export_job_for_requester(request.user, pk, job_pk)
    path = exports.export_job_file(job)
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=exports.export_filename(job.consultation, job.file_format),
        content_type=exports.CONTENT_TYPES[job.file_format],
    )


@login_required
def publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    initial = {
        "audience": consultation.results_audience or "public",
        "you_said": consultation.you_said or you_said_draft(consultation),
    }
    form = PublishForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.results_publish(
                consultation=consultation, published_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The results have been published.")
            return redirect("consultations:impact", pk=pk)
    preview_results = consultation_results(consultation, published=True)
    return render(
        request,
        "consultations/manage/publish.html",
        manage_context(consultation, form=form, results=preview_results, published=True),
    )


@login_required
def actions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    questions = Question.objects.filter(section__consultation=consultation).order_by(
        "section__position", "position"
    )
    theme_list = consultation.themes.order_by("name")
    form = ActionForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        themes=theme_list,
        initial={"status": "planned"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(
                consultation=consultation, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The action was added to the impact page.")
            return redirect("consultations:actions", pk=pk)
    existing = consultation.actions.prefetch_related("questions", "themes")
    return render(
        request,
        "consultations/manage/actions.html",
        manage_context(consultation, form=form, actions=existing, status_form=ActionStatusForm()),
    )


@login_required
@require_POST
def action_status(request: AuthenticatedRequest, pk: int, action_pk: int) -> HttpResponse:
    action = get_action_for_editor(request.user, pk, action_pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        evidence = form.cleaned_data["evidence_url"] or None
        services.action_status_change(
            action=action,
            changed_by=request.user,
            status=form.cleaned_data["status"],
            not_possible_reason=form.cleaned_data["not_possible_reason"],
            evidence_url=evidence,
        )
        messages.success(
            request, f"“{action.title}” was updated. The change shows on the public impact page."
        )
    return redirect("consultations:actions", pk=pk)
