from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.permissions import staff_required
from consultations import exports, services
from consultations.forms import (
    ActionForm,
    ActionStatusForm,
    AnswerCodingForm,
    CarryOnForm,
    ChangeAnswersForm,
    ConsultationDetailsForm,
    PublishForm,
    QuestionForm,
    ResultsFilterForm,
    SectionAnswersForm,
    SectionForm,
    SubmitForm,
    TemplateForm,
    ThemeForm,
    field_name,
)
from consultations.models import (
    Action,
    Answer,
    AnswerChoice,
    Audience,
    Choice,
    Consultation,
    Participation,
    Question,
    QuestionKind,
    Response,
    Section,
)
from consultations.permissions import (
    can_edit,
    get_action_for_editor,
    get_answer_for_editor,
    get_consultation_by_open_link,
    get_consultation_for_editor,
    get_consultation_for_impact,
    get_consultation_for_respondent,
    get_forum,
    get_question_for_editor,
    get_section_for_editor,
    may_see_published_results,
)
from consultations.results import consultation_results
from core.forms import add_service_errors
from forums.models import Forum, Region
from forums.permissions import get_forum_for_lead
from glossary.markup import known_terms

OPEN_LINK_COOKIE = "cp_open_{pk}"
OPEN_LINK_STARTS_PER_HOUR = 20


def _sections(consultation: Consultation) -> list[Section]:
    return list(
        consultation.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk")),
            Prefetch("questions__choices", queryset=Choice.objects.order_by("position", "pk")),
        )
    )


# Public listing and impact ------------------------------------------------------------------------


def consultation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    open_for_me = list(
        Consultation.objects.for_respondent(user)
        .select_related("forum", "region")
        .order_by("closes_at")
    )
    for consultation in open_for_me:
        consultation.my_status = ""
    if user.is_authenticated and open_for_me:
        by_pk = {c.pk: c for c in open_for_me}
        for consultation_id in Participation.objects.filter(
            consultation__in=open_for_me, user=user
        ).values_list("consultation_id", flat=True):
            by_pk[consultation_id].my_status = "sent"
        # A member's own draft (of a named or anonymous consultation) says where they are.
        for response in Response.objects.filter(consultation__in=open_for_me, respondent=user):
            consultation = by_pk[response.consultation_id]
            consultation.my_status = "sent" if response.submitted_at else "started"
    published = (
        Consultation.objects.with_impact()
        .select_related("forum", "region")
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("-closes_at")[:20]
    )
    return render(
        request,
        "consultations/list.html",
        {"open_for_me": open_for_me, "published": published},
    )


def impact(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_impact(pk)
    actions = consultation.actions.prefetch_related("questions", "themes").order_by(
        "due_date", "pk"
    )
    return render(
        request,
        "consultations/impact.html",
        {
            "consultation": consultation,
            "actions": actions,
            "updates": consultation.impact_updates.select_related("action")[:10],
            "can_see_results": may_see_published_results(request.user, consultation),
            "can_edit": can_edit(request.user, consultation),
        },
    )


def forum_impact(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_forum(slug)
    consultations = (
        Consultation.objects.launched()
        .filter(forum=forum)
        .with_impact()
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk")))
        .order_by("-closes_at")
    )
    return render(
        request, "consultations/forum_impact.html", {"forum": forum, "consultations": consultations}
    )


def published_results(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_impact(pk)
    if not may_see_published_results(request.user, consultation):
        if not request.user.is_authenticated and consultation.results_published_at:
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "consultations/results_not_published.html",
            {"consultation": consultation},
            status=404,
        )
    results = consultation_results(consultation, published=True)
    return render(
        request,
        "consultations/published_results.html",
        {"consultation": consultation, "results": results, "published": True},
    )


# Answering ----------------------------------------------------------------------------------------


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
        return urls


def _change_secret(request: HttpRequest, consultation: Consultation) -> str:
    return request.session.get(CHANGE_SESSION_KEY.format(pk=consultation.pk), "")


def _member_respondent(request: HttpRequest, pk: int) -> Respondent:
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
    cookie = request.get_signed_cookie(
        OPEN_LINK_COOKIE.format(pk=consultation.pk), default="", salt="open-link"
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
        return redirect(respondent.section_url(_first_unanswered_section(response)))
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


def _address_key(consultation: Consultation, address: str) -> str:
    """The network address, hashed, for counting starts in the cache (never stored with
    answers)."""
    key = hashlib.sha256(f"{settings.SECRET_KEY}:open-link-starts".encode()).digest()
    return hmac.new(key, f"{consultation.pk}:{address}".encode(), hashlib.sha256).hexdigest()


def _open_link_first_start(request: HttpRequest, respondent: Respondent) -> HttpResponse:
    """Someone without an account starts an open-link consultation: limit starts per network
    address, and give their browser a code so they can carry on later."""
    if request.POST.get("website"):  # a field people never see: only robots fill it in
        return HttpResponseBadRequest("Your answers could not be started.")
    address = request.META.get("REMOTE_ADDR", "")
    key = f"open-link-starts:{respondent.consultation.pk}:{_address_key(respondent.consultation, address)}"
    # With Redis down the count is kept in this process's memory (core.cache), so the limit
    # still holds and people can still start.
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > OPEN_LINK_STARTS_PER_HOUR:
        return render(
            request,
            "consultations/answer/too_many.html",
            {"consultation": respondent.consultation},
            status=429,
        )
    respondent.draft_secret = services.new_carry_on_code()
    response = respondent.start()
    redirect_response = redirect(respondent.section_url(_first_unanswered_section(response)))
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


def _first_unanswered_section(response: Response) -> int:
    answered = set(
        Answer.objects.filter(response=response).values_list("question__section_id", flat=True)
    )
    sections = list(
        response.consultation.sections.order_by("position", "pk").values_list("pk", flat=True)
    )
    for number, section_pk in enumerate(sections, 1):
        if section_pk not in answered:
            return number
    return 1


def _initial_answers(response: Response, questions: list[Question]) -> dict[str, object]:
    initial: dict[str, object] = {}
    answers = Answer.objects.filter(response=response, question__in=questions).prefetch_related(
        "selected"
    )
    by_question = {answer.question_id: answer for answer in answers}
    for question in questions:
        answer = by_question.get(question.pk)
        if answer is None:
            continue
        name = field_name(question)
        selected = [str(s.choice_id) for s in answer.selected.all()]
        if question.kind == QuestionKind.PRIORITIES:
            for n, choice_id in enumerate(selected, 1):
                initial[f"{name}_{n}"] = choice_id
        elif question.kind == QuestionKind.MULTIPLE:
            initial[name] = selected
        elif question.kind == QuestionKind.SCALE:
            initial[name] = str(answer.number) if answer.number is not None else ""
        elif question.is_text:
            initial[name] = answer.text
        elif answer.other_text:
            initial[name] = "other"
            initial[f"{name}_other"] = answer.other_text
        else:
            initial[name] = selected[0] if selected else ""
    return initial


def _answer_section(request: HttpRequest, respondent: Respondent, number: int) -> HttpResponse:
    consultation = respondent.consultation
    sections = _sections(consultation)
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
        initial=_initial_answers(response, questions),
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


def _answer_rows(
    response: Response, sections: list[Section], respondent: Respondent
) -> list[tuple[str, Section, list[tuple[Question, str]]]]:
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(response=response).prefetch_related(
            Prefetch(
                "selected",
                queryset=AnswerChoice.objects.select_related("choice").order_by(
                    "rank", "choice_id"
                ),
            )
        )
    }
    rows = []
    for number, section in enumerate(sections, 1):
        items = []
        for question in section.questions.all():
            items.append((question, _answer_text(question, answers.get(question.pk))))
        rows.append((respondent.section_url(number), section, items))
    return rows


def _answer_text(question: Question, answer: Answer | None) -> str:
    if answer is None:
        return ""
    if question.is_text:
        return answer.text
    if question.kind == QuestionKind.SCALE:
        return str(answer.number) if answer.number is not None else ""
    if answer.other_text:
        return f"Other: {answer.other_text}"
    chosen = [s.choice.text for s in answer.selected.all()]
    if question.kind == QuestionKind.PRIORITIES:
        return "\n".join(f"{n}. {text}" for n, text in enumerate(chosen, 1))
    return "\n".join(chosen)


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
    sections = _sections(consultation)
    form = SubmitForm(
        request.POST if request.method == "POST" else None,
        initial={"quote_consent": "yes" if response.quote_consent else ""},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
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
            "rows": _answer_rows(response, sections, respondent),
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
def answer_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_start(request, _member_respondent(request, pk))


@login_required
def answer_section(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _answer_section(request, _member_respondent(request, pk), number)


@login_required
def answer_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_check(request, _member_respondent(request, pk))


@login_required
def answer_done(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_done(request, _member_respondent(request, pk))


@login_required
@never_cache
def answer_change(request: HttpRequest, pk: int) -> HttpResponse:
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


# Lead tools: building ----------------------------------------------------------------------------


@login_required
def manage_list(request: HttpRequest, slug: str) -> HttpResponse:
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
    request: HttpRequest,
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
def consultation_new(request: HttpRequest, slug: str) -> HttpResponse:
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
def region_manage_list(request: HttpRequest, slug: str) -> HttpResponse:
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
def region_new(request: HttpRequest, slug: str) -> HttpResponse:
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
def consultation_from_template(request: HttpRequest, slug: str) -> HttpResponse:
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


def _manage_context(consultation: Consultation, **extra: object) -> dict[str, object]:
    return {"consultation": consultation, "forum": consultation.forum, **extra}


@login_required
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
    if consultation.forum_id:
        others = Forum.objects.filter(region=consultation.forum.region).exclude(
            pk=consultation.forum_id
        )
    else:
        others = consultation.region.forums.order_by("name")
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
        _manage_context(consultation, form=form, locked=locked),
    )


@login_required
def builder(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    sections = _sections(consultation)
    section_form = SectionForm()
    return render(
        request,
        "consultations/manage/builder.html",
        _manage_context(
            consultation, sections=sections, section_form=section_form, status=consultation.status
        ),
    )


@login_required
@require_POST
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
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
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
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
        _manage_context(section.consultation, section=section, form=form),
    )


@login_required
@require_POST
def section_action(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
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
def question_new(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
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
        _manage_context(section.consultation, section=section, form=form, adding=True),
    )


@login_required
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
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
        _manage_context(
            question.section.consultation,
            section=question.section,
            question=question,
            form=form,
            adding=False,
        ),
    )


@login_required
@require_POST
def question_action(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
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
def preview(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The consultation exactly as respondents see it, page by page. Nothing is saved."""
    consultation = get_consultation_for_editor(request.user, pk)
    sections = _sections(consultation)
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
@require_POST
def launch(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
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
@require_POST
def close_now(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    services.consultation_close_now(consultation=consultation, closed_by=request.user)
    messages.success(
        request,
        "The consultation has closed. You can now code the answers and publish the results.",
    )
    return redirect("consultations:results", pk=pk)


# Lead tools: results -----------------------------------------------------------------------------


def _audience_forums(consultation: Consultation):
    return consultation.audience_forums.order_by("name")


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
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
        _manage_context(
            consultation,
            results=found,
            filters=filters,
            exports=consultation.exports.select_related("exported_by")[:5],
            in_progress=consultation.responses.drafts().filter(replaces__isnull=True).count(),
        ),
    )


@login_required
@require_POST
def export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
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
def themes(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    text_questions = list(
        Question.objects.filter(
            section__consultation=consultation,
            kind__in=[QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT],
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
        _manage_context(
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
def answer_code(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    answer = get_answer_for_editor(request.user, pk, answer_pk)
    form = AnswerCodingForm(request.POST, themes=answer.response.consultation.themes.all())
    if not form.is_valid():
        messages.error(request, " ".join(message for m in form.errors.values() for message in m))
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
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_editor(request.user, pk)
    initial = {
        "audience": consultation.results_audience or "public",
        "you_said": consultation.you_said or _you_said_draft(consultation),
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
        _manage_context(consultation, form=form, results=preview_results, published=True),
    )


def _you_said_draft(consultation: Consultation) -> str:
    """A starting point for the "You said" summary, from the most common themes."""
    top = (
        Answer.themes.through.objects.filter(
            answer__response__consultation=consultation,
            answer__response__submitted_at__isnull=False,
        )
        .values_list("theme__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:5]
    )
    if not top:
        return ""
    lines = [f"- {name}" for name, _ in top]
    return "The things you told us about most were:\n" + "\n".join(lines)


@login_required
def actions(request: HttpRequest, pk: int) -> HttpResponse:
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
        _manage_context(consultation, form=form, actions=existing, status_form=ActionStatusForm()),
    )


@login_required
@require_POST
def action_status(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    action = get_action_for_editor(request.user, pk, action_pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        evidence = form.cleaned_data["evidence_url"] or None
        services.action_status_change(
            action=action,
            changed_by=request.user,
            status=form.cleaned_data["status"],
            not_possible_reason=form.cleaned_data["not_possible_reason"],
            evidence_url=evidence,
        )
        messages.success(request, f"“{action.title}” was updated. Respondents will be told.")
    return redirect("consultations:actions", pk=pk)
