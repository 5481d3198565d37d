"""Reads for consultation pages, shaped for templates and forms: views call these and hold no
queries of their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
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
    Response,
    Section,
    Theme,
)
from consultations.question_kinds import TEXT_KINDS, kind_of
from forums.models import Forum


def you_said_draft(consultation: Consultation) -> str:
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


def sections_with_questions(consultation: Consultation) -> list[Section]:
    return list(
        consultation.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk")),
            Prefetch("questions__choices", queryset=Choice.objects.order_by("position", "pk")),
        )
    )


def first_unanswered_section(response: Response) -> int:
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


def initial_answers(response: Response, questions: list[Question]) -> dict[str, object]:
    """A page's stored answers, as the answering form's initial data."""
    initial: dict[str, object] = {}
    answers = Answer.objects.filter(response=response, question__in=questions).prefetch_related(
        "selected"
    )
    by_question = {answer.question_id: answer for answer in answers}
    for question in questions:
        answer = by_question.get(question.pk)
        if answer is not None:
            initial.update(kind_of(question).initial(question, answer))
    return initial


def answer_rows(
    response: Response, sections: list[Section], section_url: Callable[[int], str]
) -> list[tuple[str, Section, list[tuple[Question, str]]]]:
    """Check your answers: each page's link, and each question with the answer as text."""
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
            items.append((question, answer_text(question, answers.get(question.pk))))
        rows.append((section_url(number), section, items))
    return rows


def answer_text(question: Question, answer: Answer | None) -> str:
    return "" if answer is None else kind_of(question).display(question, answer)


@dataclass(frozen=True)
class OpenForYou:
    """A consultation this person may answer now, and where they are with it."""

    consultation: Consultation
    status: str  # "" (not started), "started" or "sent"


def open_for_you(user: User | AnonymousUser) -> list[OpenForYou]:
    """Consultations open to this person, soonest closing first, with their progress: three
    queries, however many there are."""
    if not user.is_authenticated:
        return []
    consultations = list(
        Consultation.objects.for_respondent(user)
        .select_related("forum", "region")
        .order_by("closes_at")
    )
    status = dict.fromkeys((c.pk for c in consultations), "")
    for consultation_id in Participation.objects.filter(
        consultation__in=consultations, user=user
    ).values_list("consultation_id", flat=True):
        status[consultation_id] = "sent"
    # A member's own draft (of a named or anonymous consultation) says where they are.
    for consultation_id, submitted_at in Response.objects.filter(
        consultation__in=consultations, respondent=user
    ).values_list("consultation_id", "submitted_at"):
        status[consultation_id] = "sent" if submitted_at else "started"
    return [OpenForYou(c, status[c.pk]) for c in consultations]


@dataclass(frozen=True)
class OpenHere:
    """A consultation open now to a forum's members, and whether this reader can answer it."""

    consultation: Consultation
    may_answer: bool
    status: str  # as OpenForYou.status


def forum_page_consultations(forum: Forum, user: User | AnonymousUser) -> dict[str, object]:
    """What a forum's page shows of its consultations: those open now to its members (its own
    and regional ones it is part of), and its own that closed most recently, linking to what
    changed. Open-link consultations are left out: their link goes where the forum sends it.
    Five queries, however many there are."""
    open_now = list(
        Consultation.objects.open_now()
        .filter(audience=Audience.MEMBERS)
        .filter(Q(forum=forum) | Q(audience_forums=forum))
        .distinct()
        .select_related("forum", "region")
        .order_by("closes_at")
    )
    yours = {item.consultation.pk: item.status for item in open_for_you(user)}
    closed = list(
        Consultation.objects.launched()
        .filter(forum=forum, closes_at__lte=timezone.now())
        .order_by("-closes_at")[:5]
    )
    return {
        "forum": forum,
        "open": [OpenHere(c, c.pk in yours, yours.get(c.pk, "")) for c in open_now],
        "closed": closed,
    }


# Coding answers into themes -------------------------------------------------------------------


def coding_questions(consultation: Consultation) -> QuerySet[Question]:
    """The consultation's free-text questions, in the order respondents see them."""
    return Question.objects.filter(
        section__consultation=consultation, kind__in=TEXT_KINDS
    ).order_by("section__position", "position", "pk")


def codable_answers(consultation: Consultation) -> QuerySet[Answer]:
    """The answers a lead may code into themes or quote: written answers to the consultation's
    free-text questions that were sent (drafts are not). Ordered by id, which is random, so the
    order says nothing about when anyone answered (docs/anonymous-answers.md)."""
    return (
        Answer.objects.filter(
            response__consultation=consultation,
            response__submitted_at__isnull=False,
            question__kind__in=TEXT_KINDS,
        )
        .exclude(text="")
        .order_by("pk")
    )


# What the coding page can show: answers not yet coded, all of them, or those coded with a theme.
SHOW_UNCODED = "uncoded"
SHOW_ALL = "all"


def answers_to_code(question: Question, show: str) -> QuerySet[Answer]:
    """One page's worth of a question's answers for coding (``show`` is SHOW_UNCODED, SHOW_ALL
    or a theme's id), each with its themes and whether its author agreed to be quoted, in a
    fixed number of queries however many there are."""
    answers = codable_answers(question.section.consultation).filter(question=question)
    if show == SHOW_UNCODED:
        # NOT EXISTS rather than a left join: the database estimates it well and anti-joins.
        coded = Answer.themes.through.objects.filter(answer_id=OuterRef("pk"))
        answers = answers.filter(~Exists(coded))
    elif show != SHOW_ALL:
        answers = answers.filter(themes=int(show))
    return answers.select_related("response").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("name"))
    )


def themes_with_counts(consultation: Consultation, question: Question | None = None) -> list[Theme]:
    """The consultation's themes by name, each with ``n``: how many answers it codes (to
    ``question`` only, if given)."""
    counted = Q(answers__question=question) if question is not None else None
    return list(
        Theme.objects.filter(consultation=consultation)
        .annotate(n=Count("answers", filter=counted))
        .order_by("name")
    )


@dataclass(frozen=True)
class CodingProgress:
    question: Question
    answers: int
    uncoded: int


def coding_progress(consultation: Consultation) -> list[CodingProgress]:
    """Each free-text question with how many answers it has to code and how many are not coded
    yet: two queries, however many answers there are."""
    questions = list(coding_questions(consultation))
    counts = {
        row["question"]: row
        for row in codable_answers(consultation)
        .order_by()
        .values("question")
        .annotate(
            answers=Count("pk", distinct=True),
            uncoded=Count("pk", filter=Q(themes__isnull=True)),
        )
    }
    return [
        CodingProgress(
            q, counts.get(q.pk, {}).get("answers", 0), counts.get(q.pk, {}).get("uncoded", 0)
        )
        for q in questions
    ]
