"""Coding free-text answers into themes, many at a time, and choosing quotes: lead tools once
answers arrive."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator, get_text_list
from django.views.decorators.http import require_POST

from accounts.types import AuthenticatedRequest
from consultations import services
from consultations.forms import AnswerQuoteForm, CodingFilterForm, ThemeCodingForm, ThemeForm
from consultations.permissions import (
    get_answer_for_editor,
    get_coding_question_for_editor,
    get_consultation_for_editor,
)
from consultations.selectors import (
    answers_to_code,
    coding_progress,
    coding_questions,
    themes_with_counts,
)
from consultations.views.building import manage_context
from core.access import access_log_viewed
from core.forms import add_service_errors
from core.models import AccessWhat

ANSWERS_PER_PAGE = 50
# The parts of a coding page's address that say where the lead was: kept when they come back.
PLACE = ("show", "page")


@login_required
def themes(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The free-text questions with how far their coding has gone, and the themes so far."""
    consultation = get_consultation_for_editor(request.user, pk)
    theme_form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and theme_form.is_valid():
        try:
            theme = services.theme_create(
                consultation=consultation,
                edited_by=request.user,
                name=theme_form.cleaned_data["name"],
            )
        except ValidationError as error:
            add_service_errors(theme_form, error)
        else:
            messages.success(request, f"The theme “{theme.name}” is ready to use.")
            return redirect("consultations:themes", pk=pk)
    return render(
        request,
        "consultations/manage/themes.html",
        manage_context(
            consultation,
            progress=coding_progress(consultation),
            themes=themes_with_counts(consultation),
            form=theme_form,
        ),
    )


def _coded_message(coding: services.Coding, removing: bool) -> str:
    names = get_text_list([f"“{theme.name}”" for theme in coding.themes], "and")
    answers = f"{coding.answers} answer{'s' if coding.answers != 1 else ''}"
    if removing:
        return f"{names} removed from {answers}."
    return f"{answers} coded as {names}."


@login_required
def theme_coding(request: AuthenticatedRequest, pk: int, question_pk: int) -> HttpResponse:
    """One free-text question's answers, a page at a time, to tick and code in one go. The
    form posts to this address with the page and filter in it, and comes back to them."""
    question = get_coding_question_for_editor(request.user, pk, question_pk)
    consultation = question.section.consultation
    if request.method != "POST":
        access_log_viewed(request, what=AccessWhat.ANSWERS, subject=consultation)
    theme_list = themes_with_counts(consultation, question)
    filters = CodingFilterForm(request.GET, themes=theme_list)
    shown = filters.shown()
    form = ThemeCodingForm(
        request.POST if request.method == "POST" else None, themes=consultation.themes.all()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        removing = data["action"] == ThemeCodingForm.REMOVE
        try:
            if removing:
                coding = services.answers_uncode(
                    question=question,
                    edited_by=request.user,
                    answer_ids=data["answers"],
                    themes=list(data["themes"]),
                )
            else:
                coding = services.answers_code(
                    question=question,
                    edited_by=request.user,
                    answer_ids=data["answers"],
                    themes=list(data["themes"]),
                    new_theme=data["new_theme"],
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _coded_message(coding, removing))
            return redirect(request.get_full_path())
    answers = answers_to_code(question, shown)
    page = Paginator(answers, ANSWERS_PER_PAGE).get_page(request.GET.get("page"))
    place = request.GET.copy()
    place.pop("page", None)
    return render(
        request,
        "consultations/manage/theme_coding.html",
        manage_context(
            consultation,
            question=question,
            questions=coding_questions(consultation),
            filters=filters,
            shown=shown,
            page=page,
            query=place.urlencode(),
            back=request.GET.urlencode(),
            themes=theme_list,
            form=form,
            ticked_answers=form.ticked("answers"),
            ticked_themes=form.ticked("themes"),
        ),
    )


def _place(back: str) -> str:
    """The page and filter a lead came from, rebuilt from only the parts the page uses."""
    sent = QueryDict(back.lstrip("?"))
    kept = QueryDict(mutable=True)
    for name in PLACE:
        if sent.get(name, "").isascii() and sent.get(name, "").isalnum():
            kept[name] = sent[name]
    return f"?{kept.urlencode()}" if kept else ""


@login_required
@require_POST
def answer_quote(request: AuthenticatedRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Quote one answer in the published results, or stop quoting it."""
    answer = get_answer_for_editor(request.user, pk, answer_pk)
    back = reverse("consultations:theme_coding", args=[pk, answer.question_id])
    back += _place(request.POST.get("back", ""))
    form = AnswerQuoteForm(request.POST)
    excerpt = Truncator(answer.text).words(8)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        quote = form.cleaned_data["quote"]
        services.answer_quote_set(answer=answer, edited_by=request.user, quote=quote)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{back}#answer-{answer.pk}")
    done = "will be quoted in the published results" if quote else "will no longer be quoted"
    messages.success(
        request,
        format_html(
            'The answer “{}” {}. <a class="govuk-notification-banner__link" '
            'href="#answer-{}">Go back to the answer</a>',
            excerpt,
            done,
            answer.pk,
        ),
    )
    return redirect(back)
