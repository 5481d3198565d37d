"""Results of a consultation, counted by the database.

Every figure comes from a handful of grouped queries, whatever the number of responses: no
per-response loops in Python. Published views pass the figures through core.suppression.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from consultations.models import (
    Answer,
    AnswerChoice,
    Choice,
    Consultation,
    Question,
    QuestionKind,
    Response,
    Section,
)
from core.suppression import Figure, suppress


@dataclass
class Row:
    """One bar of a chart. Published rows are shown through the suppression rule; a lead's own
    view of their results shows every figure."""

    label: str
    count: int
    base: int
    points: int | None = None  # priorities: a 1st choice scores N points, the Nth scores 1
    published: bool = False

    @property
    def figure(self) -> Figure:
        if self.published:
            return suppress(self.count, self.base)
        share = self.count / self.base if self.base else 0.0
        return Figure(
            str(self.count), f"{round(share * 100)}%" if self.base else None, False, share
        )

    @property
    def bar_width(self) -> str:
        share = self.figure.share
        return f"{share * 100:.1f}" if share else "0"


def _count_text(count: int, published: bool) -> str:
    return suppress(count, count).count if published else str(count)


@dataclass
class QuestionResult:
    question: Question
    base: int  # how many answered this question
    rows: list[Row] = field(default_factory=list)
    themes: list[Row] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    other_answers: int = 0
    published: bool = False

    @property
    def base_text(self) -> str:
        return _count_text(self.base, self.published)

    @property
    def other_text(self) -> str:
        return _count_text(self.other_answers, self.published)


@dataclass
class Results:
    respondents: int
    sections: list[tuple[Section, list[QuestionResult]]]
    published: bool = False

    @property
    def respondents_text(self) -> str:
        return _count_text(self.respondents, self.published)


def submitted_responses(
    consultation: Consultation, *, forum_id: int | None = None, respondent_type: str = ""
) -> QuerySet[Response]:
    responses = Response.objects.submitted().filter(consultation=consultation)
    if forum_id:
        responses = responses.filter(forum_id=forum_id)
    if respondent_type:
        responses = responses.filter(respondent_type=respondent_type)
    return responses


def _responses_q(
    prefix: str, consultation: Consultation, forum_id: int | None, respondent_type: str
) -> Q:
    condition = Q(**{f"{prefix}consultation": consultation, f"{prefix}submitted_at__isnull": False})
    if forum_id:
        condition &= Q(**{f"{prefix}forum_id": forum_id})
    if respondent_type:
        condition &= Q(**{f"{prefix}respondent_type": respondent_type})
    return condition


def consultation_results(
    consultation: Consultation,
    *,
    forum_id: int | None = None,
    respondent_type: str = "",
    published: bool = False,
) -> Results:
    responses = submitted_responses(
        consultation, forum_id=forum_id, respondent_type=respondent_type
    )
    answers = Answer.objects.filter(response__in=responses)

    sections = list(
        consultation.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk")),
            Prefetch("questions__choices", queryset=Choice.objects.order_by("position", "pk")),
        )
    )
    bases = dict(
        answers.values_list("question").annotate(n=Count("pk")).values_list("question", "n")
    )
    choice_counts: dict[tuple[int, int], tuple[int, int]] = {
        (row["answer__question"], row["choice"]): (row["n"], row["points"] or 0)
        for row in AnswerChoice.objects.filter(
            _responses_q("answer__response__", consultation, forum_id, respondent_type)
        )
        .values("answer__question", "choice")
        .annotate(n=Count("pk"), points=Sum("rank"), ranked=Count("rank"))
    }
    scale_counts = {
        (q, number): n
        for q, number, n in answers.filter(number__isnull=False)
        .values_list("question", "number")
        .annotate(n=Count("pk"))
        .values_list("question", "number", "n")
    }
    others = dict(
        answers.exclude(other_text="")
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
    )
    theme_rows: dict[int, list[tuple[str, int]]] = defaultdict(list)
    coded = Answer.themes.through.objects.filter(
        _responses_q("answer__response__", consultation, forum_id, respondent_type)
    )
    for question_id, name, n in (
        coded.values_list("answer__question", "theme__name")
        .annotate(n=Count("pk"))
        .values_list("answer__question", "theme__name", "n")
        .order_by("-n", "theme__name")
    ):
        theme_rows[question_id].append((name, n))
    quote_filter = Q(featured=True, response__quote_consent=True)
    quotes: dict[int, list[str]] = defaultdict(list)
    if published:
        for question_id, text in answers.filter(quote_filter).values_list("question", "text")[:500]:
            quotes[question_id].append(text)

    result_sections = []
    for section in sections:
        results = []
        for question in section.questions.all():
            base = bases.get(question.pk, 0)
            result = QuestionResult(
                question=question,
                base=base,
                other_answers=others.get(question.pk, 0),
                published=published,
            )
            if question.kind == QuestionKind.SCALE:
                result.rows = [
                    Row(
                        _scale_label(question, value),
                        scale_counts.get((question.pk, value), 0),
                        base,
                        published=published,
                    )
                    for value in question.scale_values
                ]
            elif question.is_choice:
                top = question.max_choices or 0
                for choice in question.choices.all():
                    count, rank_sum = choice_counts.get((question.pk, choice.pk), (0, 0))
                    points = (
                        (top + 1) * count - rank_sum
                        if question.kind == QuestionKind.PRIORITIES
                        else None
                    )
                    result.rows.append(Row(choice.text, count, base, points, published=published))
                if question.kind == QuestionKind.PRIORITIES:
                    result.rows.sort(key=lambda row: -(row.points or 0))
            result.themes = [
                Row(name, n, base, published=published)
                for name, n in theme_rows.get(question.pk, [])
            ]
            result.quotes = quotes.get(question.pk, [])[:5]
            results.append(result)
        result_sections.append((section, results))
    return Results(respondents=responses.count(), sections=result_sections, published=published)


def _scale_label(question: Question, value: int) -> str:
    if value == question.scale_min and question.scale_min_label:
        return f"{value} – {question.scale_min_label}"
    if value == question.scale_max and question.scale_max_label:
        return f"{value} – {question.scale_max_label}"
    return str(value)
