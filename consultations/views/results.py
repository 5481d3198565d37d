"""Lead tools once answers arrive: results, exports, themes, publishing and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.types import AuthenticatedRequest
from consultations import exports, services
from consultations.forms import (
    ActionForm,
    ActionStatusForm,
    AnswerCodingForm,
    PublishForm,
    ResultsFilterForm,
    ThemeForm,
)
from consultations.models import (
    Answer,
    Consultation,
    Question,
)
from consultations.permissions import (
    get_action_for_editor,
    get_answer_for_editor,
    get_consultation_for_editor,
)
from consultations.question_kinds import TEXT_KINDS
from consultations.results import consultation_results
from consultations.selectors import (
    you_said_draft,
)
from consultations.views.building import manage_context
from core.forms import add_service_errors
from forums.models import Forum


def _audience_forums(consultation: Consultation) -> QuerySet[Forum]:
    return consultation.audience_forums.order_by("name")


@login_required
def results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
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
            exports=consultation.exports.select_related("exported_by")[:5],
            in_progress=consultation.responses.drafts().filter(replaces__isnull=True).count(),
        ),
    )


@login_required
@require_POST
def export(request: AuthenticatedRequest, pk: int, file_format: str) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    if file_format not in ("csv", "xlsx"):
        return HttpResponseBadRequest("Choose CSV or XLSX.")
    content, rows = exports.responses_export(
        consultation=consultation, exported_by=request.user, file_format=file_format
    )
    content_type = (
        "text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="consultation-{consultation.pk}-responses.{file_format}"'
    )
    return response


@login_required
def themes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    text_questions = list(
        Question.objects.filter(
            section__consultation=consultation,
            kind__in=TEXT_KINDS,
        ).order_by("section__position", "position")
    )
    chosen = next(
        (q for q in text_questions if str(q.pk) == request.GET.get("question")),
        text_questions[0] if text_questions else None,
    )
    theme_form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and theme_form.is_valid():
        try:
            services.theme_create(
                consultation=consultation,
                edited_by=request.user,
                name=theme_form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_service_errors(theme_form, error)
        else:
            messages.success(request, f"The theme “{theme_form.cleaned_data['name']}” was added.")
            return redirect(f"{request.path}?question={chosen.pk if chosen else ''}")
    page = None
    if chosen is not None:
        answers = (
            Answer.objects.filter(question=chosen, response__submitted_at__isnull=False)
            .exclude(text="")
            .select_related("response")
            .prefetch_related("themes")
            .order_by("pk")
        )
        page = Paginator(answers, 20).get_page(request.GET.get("page"))
    all_themes = list(consultation.themes.annotate(n=Count("answers")).order_by("name"))
    return render(
        request,
        "consultations/manage/themes.html",
        manage_context(
            consultation,
            questions=text_questions,
            chosen=chosen,
            page=page,
            themes=all_themes,
            theme_form=theme_form,
        ),
    )


@login_required
@require_POST
def answer_code(request: AuthenticatedRequest, pk: int, answer_pk: int) -> HttpResponse:
    answer = get_answer_for_editor(request.user, pk, answer_pk)
    form = AnswerCodingForm(request.POST, themes=answer.response.consultation.themes.all())
    if not form.is_valid():
        messages.error(
            request, " ".join(str(message) for m in form.errors.values() for message in m)
        )
    else:
        try:
            services.answer_code(
                answer=answer,
                edited_by=request.user,
                themes=form.cleaned_data["themes"],
                featured=form.cleaned_data["featured"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The answer's themes were saved.")
    back = request.POST.get("back", "")
    query = back if back.startswith("?") else ""
    return redirect(f"{reverse('consultations:themes', args=[pk])}{query}#answer-{answer.pk}")


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
