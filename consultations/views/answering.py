"""Pages for answering: as a signed-in member, or by open link without an account."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache

from accounts.models import User
from accounts.types import AuthenticatedRequest
from consultations import services
from consultations.forms import (
    CarryOnEmailForm,
    CarryOnForm,
    ChangeAnswersForm,
    SectionAnswersForm,
    SubmitForm,
)
from consultations.models import (
    Consultation,
    Response,
)
from consultations.permissions import (
    get_consultation_by_open_link,
    get_consultation_for_respondent,
)
from consultations.question_kinds import field_name
from consultations.selectors import (
    answer_rows,
    first_unanswered_section,
    initial_answers,
    sections_with_questions,
)
from core.forms import add_service_errors
from core.limits import rate_limit_hit
from core.models import AccessWhat
from glossary.markup import known_terms

OPEN_LINK_COOKIE = "cp_open_{pk}"


SENT_MARKER = "sent"  # an open-link browser's cookie once its answers are sent
CHANGE_SESSION_KEY = "consultation-change-{pk}"


@dataclass
class Respondent:
    """Who is answering: a signed-in member ("answer" URLs, keyed by the consultation's id) or a
    browser holding an open link ("open" URLs, keyed by the link's token).

    ``draft_secret`` holds their draft when no account does: the secret of a draft of changes
    (kept in the session), else an open-link browser's carry-on code (kept in its cookie).
    ``sent_here`` says an anonymous consultation's answers were sent by this member, or from
    this browser."""

    consultation: Consultation
    user: User | None
    draft_secret: str
    url_prefix: str
    url_key: int | str
    sent_here: bool = False
    carry_on_code: str = ""

    def find(self) -> Response | None:
        return services.response_find(
            consultation=self.consultation, user=self.user, draft_secret=self.draft_secret
        )

    def start(self) -> Response:
        return services.response_start(
            consultation=self.consultation, user=self.user, draft_secret=self.draft_secret
        )

    def url(self, name: str, *args: object) -> str:
        return reverse(f"consultations:{self.url_prefix}_{name}", args=[self.url_key, *args])

    def section_url(self, number: int) -> str:
        return self.url("section", number)

    @property
    def urls(self) -> dict[str, str]:
        urls = {name: self.url(name) for name in ("start", "check", "done")}
        if self.consultation.is_anonymous:
            urls["change"] = self.url("change")
        if self.url_prefix == "open":
            urls["carry_on"] = self.url("carry_on")
            urls["email_code"] = self.url("email_code")
        return urls


def _change_secret(request: HttpRequest, consultation: Consultation) -> str:
    return str(request.session.get(CHANGE_SESSION_KEY.format(pk=consultation.pk), ""))


def _member_respondent(request: AuthenticatedRequest, pk: int) -> Respondent:
    consultation = get_consultation_for_respondent(request.user, pk)
    return Respondent(
        consultation,
        request.user,
        _change_secret(request, consultation),
        "answer",
        pk,
        sent_here=services.has_taken_part(consultation=consultation, user=request.user),
    )


def _open_respondent(request: HttpRequest, token: str) -> Respondent:
    consultation = get_consultation_by_open_link(token)
    cookie = (
        request.get_signed_cookie(
            OPEN_LINK_COOKIE.format(pk=consultation.pk), default="", salt="open-link"
        )
        or ""
    )
    code = "" if cookie == SENT_MARKER else cookie
    return Respondent(
        consultation,
        None,
        _change_secret(request, consultation) or code,
        "open",
        token,
        sent_here=cookie == SENT_MARKER,
        carry_on_code=code,
    )


def _closed_page(
    request: HttpRequest, respondent: Respondent, problem: str, typed: dict[str, str] | None = None
) -> HttpResponse:
    return render(
        request,
        "consultations/answer/closed.html",
        {"consultation": respondent.consultation, "problem": problem, "typed": typed or {}},
        status=400,
    )


def _answer_start(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    consultation = respondent.consultation
    response = respondent.find()
    if request.method == "POST":
        if not consultation.is_open:
            return _closed_page(request, respondent, _not_open_message(consultation))
        if response is None and respondent.sent_here:
            return redirect(respondent.urls["change"])
        if response is None and respondent.user is None:
            return _open_link_first_start(request, respondent)
        try:
            response = respondent.start()
        except services.AlreadySent:
            return redirect(respondent.urls["change"])
        if response.replaces_id:
            return redirect(respondent.urls["check"])
        return redirect(respondent.section_url(first_unanswered_section(response)))
    carry_on_code = ""
    if response is not None and not response.replaces_id:
        carry_on_code = respondent.carry_on_code
    return render(
        request,
        "consultations/answer/start.html",
        {
            "consultation": consultation,
            "response": response,
            "sent_here": respondent.sent_here and response is None,
            "carry_on_code": carry_on_code,
            "urls": respondent.urls,
        },
    )


def _not_open_message(consultation: Consultation) -> str:
    if consultation.has_closed:
        return "This consultation has closed, so answers can no longer be sent or changed."
    return "This consultation is not open yet."


def _open_link_first_start(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    """Someone without an account starts an open-link consultation: limit starts per network
    address, and give their browser a code so they can carry on later."""
    if request.POST.get("website"):  # a field people never see: only robots fill it in
        return HttpResponseBadRequest("Your answers could not be started.")
    # Counted per consultation; with Redis down the count is kept in this process's memory
    # (core.cache), so the limit still holds and people can still start.
    rate_limit_hit(
        request, action=AccessWhat.OPEN_LINK_START, scope=str(respondent.consultation.pk)
    )
    respondent.draft_secret = services.new_carry_on_code()
    response = respondent.start()
    redirect_response = redirect(respondent.section_url(first_unanswered_section(response)))
    _set_open_link_cookie(redirect_response, respondent.consultation, respondent.draft_secret)
    return redirect_response


def _set_open_link_cookie(response: HttpResponse, consultation: Consultation, value: str) -> None:
    max_age = max(int((consultation.closes_at - timezone.now()).total_seconds()), 60)
    response.set_signed_cookie(
        OPEN_LINK_COOKIE.format(pk=consultation.pk),
        value,
        salt="open-link",
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _answer_section(request: HttpRequest, respondent: Respondent, number: int) -> HttpResponse:
    consultation = respondent.consultation
    sections = sections_with_questions(consultation)
    if not 1 <= number <= len(sections):
        return render(request, "errors/404.html", status=404)
    section = sections[number - 1]
    questions = list(section.questions.all())
    response = respondent.find()
    if response is None:
        return redirect(respondent.urls["start"])
    leaving = "save_and_exit" in request.POST
    form = SectionAnswersForm(
        request.POST if request.method == "POST" else None,
        section=section,
        questions=questions,
        enforce_required=not leaving,
        initial=initial_answers(response, questions),
        terms=known_terms(consultation.forum),
    )
    if request.method == "POST":
        valid = form.is_valid()
        try:
            services.response_save_answers(response=response, answers=form.answers())
        except services.ConsultationClosed as closed:
            typed = {q.text: request.POST.get(field_name(q), "") for q in questions if q.is_text}
            return _closed_page(
                request, respondent, str(closed), {k: v for k, v in typed.items() if v}
            )
        except ValidationError as error:
            add_service_errors(form, error)
            valid = False
        if leaving and not any(k for k in form.errors if k != "__all__"):
            messages.success(
                request,
                "Your answers have been saved. You can come back and carry on at any time before the consultation closes.",
            )
            return redirect(respondent.urls["start"])
        if valid:
            # Changing an answer from "Check your answers" goes straight back there.
            if number < len(sections) and request.GET.get("return") != "check":
                return redirect(respondent.section_url(number + 1))
            return redirect(respondent.urls["check"])
    return render(
        request,
        "consultations/answer/section.html",
        {
            "consultation": consultation,
            "section": section,
            "form": form,
            "number": number,
            "total": len(sections),
            "urls": respondent.urls,
            "previous_url": respondent.section_url(number - 1)
            if number > 1
            else respondent.urls["start"],
            "response": response,
        },
    )


def _sent_page(request: HttpRequest, respondent: Respondent, sent: services.Sent) -> HttpResponse:
    """Anonymous answers sent: the reference and change code are shown on this one page, made
    in reply to the sending, so the code is never kept to show later."""
    request.session.pop(CHANGE_SESSION_KEY.format(pk=respondent.consultation.pk), None)
    page = render(
        request,
        "consultations/answer/done.html",
        {
            "consultation": respondent.consultation,
            "response": sent.response,
            "change_code": sent.change_code,
            "changed": sent.changed,
            "urls": respondent.urls,
        },
    )
    add_never_cache_headers(page)
    if respondent.url_prefix == "open":
        _set_open_link_cookie(page, respondent.consultation, SENT_MARKER)
    return page


def _answer_check(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    consultation = respondent.consultation
    response = respondent.find()
    if response is None:
        return redirect(respondent.urls["start"])
    sections = sections_with_questions(consultation)
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        initial={"quote_consent": "yes" if response.quote_consent else ""},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        rate_limit_hit(request, action=AccessWhat.CONSULTATION_SUBMIT)
        try:
            sent = services.response_submit(
                response=response, quote_consent=form.cleaned_data["quote_consent"] == "yes"
            )
        except services.ConsultationClosed as closed:
            return _closed_page(request, respondent, str(closed))
        except services.AlreadySent:
            return redirect(respondent.urls["start"])
        except ValidationError as error:
            problems = error.messages
        else:
            if consultation.is_anonymous:
                return _sent_page(request, respondent, sent)
            return redirect(respondent.urls["done"])
    return render(
        request,
        "consultations/answer/check.html",
        {
            "consultation": consultation,
            "rows": answer_rows(response, sections, respondent.section_url),
            "form": form,
            "problems": problems,
            "urls": respondent.urls,
            "response": response,
        },
    )


def _answer_done(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    response = respondent.find()
    if response is None or response.submitted_at is None:
        return redirect(respondent.urls["start"])
    return render(
        request,
        "consultations/answer/done.html",
        {"consultation": respondent.consultation, "response": response, "urls": respondent.urls},
    )


def _answer_change(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    """Sent anonymous answers are opened for changing with their reference and change code,
    as a draft held by this session only."""
    consultation = respondent.consultation
    if not consultation.is_anonymous:
        return redirect(respondent.urls["start"])
    form = ChangeAnswersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        secret = _change_secret(request, consultation) or services.new_carry_on_code()
        try:
            services.response_change_begin(
                consultation=consultation,
                reference=form.cleaned_data["reference"],
                change_code=form.cleaned_data["change_code"],
                draft_secret=secret,
            )
        except services.ConsultationClosed as closed:
            return _closed_page(request, respondent, str(closed))
        except services.ChangeRefused as refused:
            form.add_error(None, str(refused))
        else:
            request.session[CHANGE_SESSION_KEY.format(pk=consultation.pk)] = secret
            return redirect(respondent.urls["check"])
    return render(
        request,
        "consultations/answer/change.html",
        {"consultation": consultation, "form": form, "urls": respondent.urls},
    )


@login_required
def answer_start(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _answer_start(request, _member_respondent(request, pk))


@login_required
def answer_section(request: AuthenticatedRequest, pk: int, number: int) -> HttpResponse:
    return _answer_section(request, _member_respondent(request, pk), number)


@login_required
def answer_check(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _answer_check(request, _member_respondent(request, pk))


@login_required
def answer_done(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _answer_done(request, _member_respondent(request, pk))


@login_required
@never_cache
def answer_change(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _answer_change(request, _member_respondent(request, pk))


@never_cache  # answers shown to someone without an account are still personal
def open_start(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_start(request, _open_respondent(request, token))


@never_cache  # answers shown to someone without an account are still personal
def open_section(request: HttpRequest, token: str, number: int) -> HttpResponse:
    return _answer_section(request, _open_respondent(request, token), number)


@never_cache  # answers shown to someone without an account are still personal
def open_check(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_check(request, _open_respondent(request, token))


@never_cache  # answers shown to someone without an account are still personal
def open_done(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_done(request, _open_respondent(request, token))


@never_cache
def open_change(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_change(request, _open_respondent(request, token))


@never_cache
def open_carry_on(request: HttpRequest, token: str) -> HttpResponse:
    """Carry on answering on another device. The code is typed and posted, never put in an
    address, so it is in no web server log, and this browser joins a draft only with it."""
    respondent = _open_respondent(request, token)
    form = CarryOnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        draft = services.response_find(consultation=respondent.consultation, draft_secret=code)
        if draft is None or draft.replaces_id:
            form.add_error("code", "That code is not right. Check it and try again.")
        else:
            response = redirect(respondent.urls["start"])
            _set_open_link_cookie(response, respondent.consultation, code)
            return response
    return render(
        request,
        "consultations/answer/carry_on.html",
        {"consultation": respondent.consultation, "form": form, "urls": respondent.urls},
    )


@never_cache
def open_email_code(request: HttpRequest, token: str) -> HttpResponse:
    """Email this browser's carry-on code to an address the person types, used for that email
    only. Without a draft here there is no code to send, so the start page is shown."""
    respondent = _open_respondent(request, token)
    response = respondent.find()
    if response is None or response.replaces_id or not respondent.consultation.is_open:
        return redirect(respondent.urls["start"])
    form = CarryOnEmailForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"]
        try:
            sent = services.carry_on_code_email(
                consultation=respondent.consultation, code=respondent.carry_on_code, to=address
            )
        except services.TooManyEmails:
            form.add_error(
                None,
                "Your code has already been emailed 3 times in the last hour. Check your inbox "
                "and spam folder, or write the code down from the previous page.",
            )
        else:
            if sent:
                messages.success(
                    request,
                    f"We have emailed your code to {address}. It can take a few minutes to arrive.",
                )
                return redirect(respondent.urls["start"])
            form.add_error(
                None,
                "The email could not be sent just now. Try again in a few minutes, or write "
                "the code down from the previous page.",
            )
    return render(
        request,
        "consultations/answer/email_code.html",
        {"consultation": respondent.consultation, "form": form, "urls": respondent.urls},
    )


@never_cache
def open_resume(request: HttpRequest, token: str, browser_token: str) -> HttpResponse:
    """Links to carry on used to carry the browser's secret in the address; they no longer
    work (the secret is not even read) and point to the page that asks for the code."""
    consultation = get_consultation_by_open_link(token)
    return render(
        request,
        "consultations/answer/resume_gone.html",
        {
            "consultation": consultation,
            "carry_on_url": reverse("consultations:open_carry_on", args=[token]),
        },
        status=404,
    )
