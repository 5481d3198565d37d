"""Lead tools for building a consultation: details, pages, questions, preview, launch, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.types import AuthenticatedRequest
from consultations import services
from consultations.forms import (
    ConsultationDetailsForm,
    QuestionForm,
    SectionAnswersForm,
    SectionForm,
    TemplateForm,
)
from consultations.models import (
    Audience,
    Consultation,
    QuestionKind,
)
from consultations.permissions import (
    get_consultation_for_editor,
    get_question_for_editor,
    get_section_for_editor,
)
from consultations.selectors import (
    sections_with_questions,
)
from core.forms import add_service_errors
from forums.models import Forum, Region
from forums.permissions import get_forum_for_lead
from glossary.markup import known_terms


@login_required
def manage_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    consultations = (
        Consultation.objects.filter(forum=forum)
        .annotate(submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .order_by("-created_at")
    )
    return render(
        request, "consultations/manage/list.html", {"forum": forum, "consultations": consultations}
    )


def _consultation_create_page(
    request: AuthenticatedRequest,
    *,
    forum: Forum | None,
    region: Region | None,
    forum_choices: object,
    respondent_types: str,
    template: str,
    context: dict[str, object],
) -> HttpResponse:
    """The "new consultation" form, for a forum's leads or, for a region, staff."""
    form = ConsultationDetailsForm(
        request.POST if request.method == "POST" else None,
        forums=forum_choices,
        regional=region is not None,
        initial={
            "audience": Audience.MEMBERS,
            "respondent_types": respondent_types,
            "identity_mode": "anonymous",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.consultation_create(
                created_by=request.user,
                forum=forum,
                region=region,
                audience_forums=form.cleaned_data.get("audience_forums", []),
                **form.service_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your draft has been created. Now add its questions.")
            return redirect("consultations:builder", pk=consultation.pk)
    return render(request, template, {**context, "form": form})


@login_required
def consultation_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    return _consultation_create_page(
        request,
        forum=forum,
        region=None,
        forum_choices=Forum.objects.filter(region=forum.region).exclude(pk=forum.pk),
        respondent_types="parent_carers",
        template="consultations/manage/new.html",
        context={"forum": forum},
    )


@staff_required
def region_manage_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    consultations = (
        Consultation.objects.filter(region=region)
        .annotate(submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False)))
        .order_by("-created_at")
    )
    return render(
        request,
        "consultations/manage/region_list.html",
        {"region": region, "consultations": consultations},
    )


@staff_required
def region_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    return _consultation_create_page(
        request,
        forum=None,
        region=region,
        forum_choices=region.forums.order_by("name"),
        respondent_types="both",
        template="consultations/manage/region_new.html",
        context={"region": region},
    )


@login_required
def consultation_from_template(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    form = TemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        consultation = services.consultation_create_from_template(
            created_by=request.user, forum=forum, **form.dates()
        )
        messages.success(
            request, "A draft copy of “What does a good life look like?” is ready to adapt."
        )
        return redirect("consultations:builder", pk=consultation.pk)
    from consultations import good_life

    return render(
        request,
        "consultations/manage/from_template.html",
        {"forum": forum, "form": form, "template": good_life},
    )


def manage_context(consultation: Consultation, **extra: object) -> dict[str, object]:
    return {"consultation": consultation, "forum": consultation.forum, **extra}


@login_required
def consultation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    locked = not consultation.is_draft
    initial = {
        "title": consultation.title,
        "summary": consultation.summary,
        "easy_read_summary": consultation.easy_read_summary,
        "opens_on": timezone.localtime(consultation.opens_at).date(),
        "closes_on": timezone.localtime(consultation.closes_at).date(),
        "audience": consultation.audience,
        "audience_forums": consultation.audience_forums.all(),
        "respondent_types": consultation.respondent_types,
        "identity_mode": consultation.identity_mode,
        "consent_statement": consultation.consent_statement,
    }
    if consultation.forum is not None:
        others = Forum.objects.filter(region=consultation.forum.region).exclude(
            pk=consultation.forum.pk
        )
    else:
        others = Forum.objects.filter(region=consultation.region).order_by("name")
    form = ConsultationDetailsForm(
        request.POST if request.method == "POST" else None,
        forums=None if locked else others,
        locked=locked,
        regional=consultation.region_id is not None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        audience_forums = None if locked else form.cleaned_data.get("audience_forums", [])
        try:
            services.consultation_update(
                consultation=consultation,
                edited_by=request.user,
                audience_forums=audience_forums,
                **fields,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The details have been saved.")
            return redirect("consultations:builder", pk=pk)
    return render(
        request,
        "consultations/manage/edit.html",
        manage_context(consultation, form=form, locked=locked),
    )


@login_required
def builder(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    sections = sections_with_questions(consultation)
    section_form = SectionForm()
    return render(
        request,
        "consultations/manage/builder.html",
        manage_context(
            consultation, sections=sections, section_form=section_form, status=consultation.status
        ),
    )


@login_required
@require_POST
def section_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    form = SectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter a page title.")
        return redirect("consultations:builder", pk=pk)
    try:
        services.section_add(consultation=consultation, edited_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("consultations:builder", pk=pk)


@login_required
def section_edit(request: AuthenticatedRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_section_for_editor(request.user, pk, section_pk)
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        initial={"title": section.title, "intro": section.intro},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(section=section, edited_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("consultations:builder", pk=pk)
    return render(
        request,
        "consultations/manage/section_edit.html",
        manage_context(section.consultation, section=section, form=form),
    )


@login_required
@require_POST
def section_action(request: AuthenticatedRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_section_for_editor(request.user, pk, section_pk)
    action = request.POST.get("action")
    try:
        if action == "delete":
            services.section_delete(section=section, edited_by=request.user)
            messages.success(request, f"The page “{section.title}” was removed.")
        elif action in ("up", "down"):
            services.section_move(section=section, edited_by=request.user, up=action == "up")
        else:
            messages.error(request, "Choose what to do with the page.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("consultations:builder", pk=pk)


@login_required
def question_new(request: AuthenticatedRequest, pk: int, section_pk: int) -> HttpResponse:
    section = get_section_for_editor(request.user, pk, section_pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial={"kind": QuestionKind.SINGLE, "scale_min": 1, "scale_max": 5},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(section=section, edited_by=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question was added.")
            return redirect(f"{reverse('consultations:builder', args=[pk])}#section-{section.pk}")
    return render(
        request,
        "consultations/manage/question_form.html",
        manage_context(section.consultation, section=section, form=form, adding=True),
    )


@login_required
def question_edit(request: AuthenticatedRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_question_for_editor(request.user, pk, question_pk)
    form = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial=QuestionForm.initial_for(question),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        fields.pop("kind", None)  # the type of a question is fixed once added
        try:
            services.question_update(question=question, edited_by=request.user, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question was saved.")
            return redirect(
                f"{reverse('consultations:builder', args=[pk])}#section-{question.section_id}"
            )
    return render(
        request,
        "consultations/manage/question_form.html",
        manage_context(
            question.section.consultation,
            section=question.section,
            question=question,
            form=form,
            adding=False,
        ),
    )


@login_required
@require_POST
def question_action(request: AuthenticatedRequest, pk: int, question_pk: int) -> HttpResponse:
    question = get_question_for_editor(request.user, pk, question_pk)
    action = request.POST.get("action")
    try:
        if action == "delete":
            services.question_delete(question=question, edited_by=request.user)
            messages.success(request, "The question was removed.")
        elif action in ("up", "down"):
            services.question_move(question=question, edited_by=request.user, up=action == "up")
        else:
            messages.error(request, "Choose what to do with the question.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('consultations:builder', args=[pk])}#section-{question.section_id}")


@login_required
def preview(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    """The consultation exactly as respondents see it, page by page. Nothing is saved."""
    consultation = get_consultation_for_editor(request.user, pk)
    sections = sections_with_questions(consultation)
    if not sections:
        messages.error(request, "Add a page of questions to preview it.")
        return redirect("consultations:builder", pk=pk)
    if not 1 <= number <= len(sections):
        return render(request, "errors/404.html", status=404)
    section = sections[number - 1]
    form = SectionAnswersForm(
        request.POST if request.method == "POST" else None,
        section=section,
        questions=list(section.questions.all()),
        terms=known_terms(consultation.forum),
    )
    if request.method == "POST" and form.is_valid():
        if number < len(sections):
            return redirect("consultations:preview", pk=pk, number=number + 1)
        messages.success(
            request,
            "That is the end of the preview. Respondents would now check their answers and send them.",
        )
        return redirect("consultations:builder", pk=pk)
    base = reverse("consultations:preview", args=[pk, 0])
    return render(
        request,
        "consultations/answer/section.html",
        {
            "consultation": consultation,
            "section": section,
            "form": form,
            "number": number,
            "total": len(sections),
            "preview": True,
            "previous_url": base.replace("/0/", f"/{number - 1}/")
            if number > 1
            else reverse("consultations:builder", args=[pk]),
            "urls": {"start": reverse("consultations:builder", args=[pk])},
        },
    )


@login_required
def launch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask first (it cannot be undone), then open the consultation."""
    consultation = get_consultation_for_editor(request.user, pk)
    if request.method != "POST":
        if not consultation.is_draft:
            return redirect("consultations:builder", pk=pk)
        return _confirm_page(
            request,
            consultation,
            action="launch",
            heading="Open the consultation",
            warning="Once it is open, its questions cannot change.",
            confirm="Yes, open it",
        )
    try:
        services.consultation_launch(consultation=consultation, launched_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        state = (
            "is open"
            if consultation.is_open
            else "will open on " + timezone.localtime(consultation.opens_at).strftime("%-d %B %Y")
        )
        messages.success(
            request, f"“{consultation.title}” {state}. Its questions can no longer change."
        )
    return redirect("consultations:builder", pk=pk)


@login_required
def close_now(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Ask first (it cannot be undone), then close the consultation now."""
    consultation = get_consultation_for_editor(request.user, pk)
    if request.method != "POST":
        if not consultation.is_open:
            return redirect("consultations:builder", pk=pk)
        return _confirm_page(
            request,
            consultation,
            action="close",
            heading="Close the consultation now",
            warning="Nobody will be able to answer or change their answers after this.",
            confirm="Yes, close it now",
        )
    services.consultation_close_now(consultation=consultation, closed_by=request.user)
    messages.success(
        request,
        "The consultation has closed. You can now code the answers and publish the results.",
    )
    return redirect("consultations:results", pk=pk)


def _confirm_page(
    request: AuthenticatedRequest, consultation: Consultation, **words: str
) -> HttpResponse:
    return render(
        request,
        "consultations/manage/confirm.html",
        manage_context(
            consultation,
            audience_forums=consultation.audience_forums.order_by("name"),
            sent=consultation.responses.submitted().count(),
            **words,
        ),
    )
