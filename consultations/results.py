"""Results of a consultation, read from its running tallies (consultations.tallies).

Every figure comes from the tallies, kept as answers are sent and changed, so the page takes
the same few queries and the same time whatever the number of responses. Published views,
and views narrowed by forum or respondent type, pass the figures through core.suppression.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from consultations.models import (
    Answer,
    Choice,
    Consultation,
    Question,
    Response,
    Section,
    Tally,
    TallyMeasure,
)
from consultations.question_kinds import OTHER, Counts, kind_of
from core.suppression import (
    SMALL_COUNT,
    SUPPRESSION_NOTE,
    Figure,
    Table,
    exact_table,
    suppress_count,
    suppress_grid,
    suppress_table,
)

# Chosen quotes read for a results page: a lead picks a handful, this bounds the worst case.
QUOTES_READ = 500


@dataclass
class Row:
    """One bar of a chart, with its figure already through the table's suppression (or exact,
    for a lead's own unfiltered view)."""

    label: str
    count: int
    figure: Figure
    points: int | None = None  # priorities: a 1st choice scores N points, the Nth scores 1
    points_shown: bool = True

    @property
    def bar_width(self) -> str:
        share = self.figure.share
        return f"{share * 100:.1f}" if share else "0"


@dataclass
class QuestionResult:
    question: Question
    base: int  # how many answered this question
    table: Table
    rows: list[Row] = field(default_factory=list)
    themes: list[Row] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    other_answers: int = 0
    suppressed: bool = False

    @property
    def too_few(self) -> bool:
        return self.table.too_few

    @property
    def base_text(self) -> str:
        return self.table.base_text

    @property
    def other_figure(self) -> Figure | None:
        return self.table.figures.get(OTHER)


@dataclass
class Results:
    respondents: int
    sections: list[tuple[Section, list[QuestionResult]]]
    published: bool = False
    # Published results, and any view narrowed by forum or respondent type (which can come down
    # to one person), show every table through small-number suppression.
    suppressed: bool = False

    @property
    def respondents_too_few(self) -> bool:
        return self.suppressed and self.respondents < SMALL_COUNT

    @property
    def suppression_note(self) -> str:
        return SUPPRESSION_NOTE

    @property
    def respondents_text(self) -> str:
        return suppress_count(self.respondents) if self.suppressed else str(self.respondents)


def submitted_responses(
    consultation: Consultation, *, forum_id: int | None = None, respondent_type: str = ""
) -> QuerySet[Response]:
    responses = Response.objects.submitted().filter(consultation=consultation)
    if forum_id:
        responses = responses.filter(forum_id=forum_id)
    if respondent_type:
        responses = responses.filter(respondent_type=respondent_type)
    return responses


@dataclass
class _Counts:
    """Every count a results page needs, read from the consultation's tallies."""

    respondents: int
    bases: dict[int, int]
    choice_ranks: dict[tuple[int, int], dict[int | None, int]]
    scale_counts: dict[tuple[int, int | None], int]
    others: dict[int, int]
    theme_rows: dict[int, list[tuple[str, int]]]
    quotes: dict[int, list[str]]


def _count(
    consultation: Consultation, forum_id: int | None, respondent_type: str, published: bool
) -> _Counts:
    """Three queries whatever the number of responses: the tallies (one row per question,
    option, forum and respondent type, summed here over what the filters leave), the theme
    names, and at most QUOTES_READ chosen quotes (read through their own index)."""
    tallies = Tally.objects.filter(consultation=consultation).exclude(total=0)
    if forum_id:
        tallies = tallies.filter(forum_key=forum_id)
    if respondent_type:
        tallies = tallies.filter(respondent_type=respondent_type)
    respondents = 0
    bases: dict[int, int] = defaultdict(int)
    choice_ranks: dict[tuple[int, int], dict[int | None, int]] = defaultdict(dict)
    scale_counts: dict[tuple[int, int | None], int] = defaultdict(int)
    others: dict[int, int] = defaultdict(int)
    by_theme: dict[tuple[int, int], int] = defaultdict(int)
    for measure, question, item, place, total in tallies.values_list(
        "measure", "question_key", "item", "place", "total"
    ):
        if measure == TallyMeasure.RESPONDENTS:
            respondents += total
        elif measure == TallyMeasure.ANSWERED:
            bases[question] += total
        elif measure == TallyMeasure.CHOICE:
            by_rank = choice_ranks[question, item]
            by_rank[place or None] = by_rank.get(place or None, 0) + total
        elif measure == TallyMeasure.NUMBER:
            scale_counts[question, item] += total
        elif measure == TallyMeasure.OTHER:
            others[question] += total
        elif measure == TallyMeasure.THEME:
            by_theme[question, item] += total
    names = dict(consultation.themes.values_list("pk", "name"))
    theme_rows: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for (question, theme), n in sorted(
        by_theme.items(), key=lambda kv: (-kv[1], names.get(kv[0][1], ""))
    ):
        if theme in names:
            theme_rows[question].append((names[theme], n))
    quotes: dict[int, list[str]] = defaultdict(list)
    if published:
        featured = Answer.objects.filter(
            featured=True,
            response__in=submitted_responses(
                consultation, forum_id=forum_id, respondent_type=respondent_type
            ),
            response__quote_consent=True,
        )
        for question_id, text in featured.values_list("question", "text")[:QUOTES_READ]:
            quotes[question_id].append(text)
    return _Counts(respondents, bases, choice_ranks, scale_counts, others, theme_rows, quotes)


def _question_result(question: Question, counted: _Counts, suppressed: bool) -> QuestionResult:
    table_of = suppress_table if suppressed else exact_table
    base = counted.bases.get(question.pk, 0)
    other_answers = counted.others.get(question.pk, 0)
    kind = kind_of(question)
    rows = kind.result_rows(question, Counts(counted.scale_counts, counted.choice_ranks))
    counts = {row.key: row.count for row in rows}
    if kind.is_choice and (question.allow_other or other_answers):
        counts[OTHER] = other_answers
    table = table_of(counts, base=base)
    result = QuestionResult(
        question=question,
        base=base,
        table=table,
        other_answers=other_answers,
        suppressed=suppressed,
    )
    if table.too_few:
        return result
    result.rows = [Row(row.label, row.count, table[row.key]) for row in rows]
    if kind.ranked and result.rows:
        _add_points(question, result.rows, [row.by_rank for row in rows], suppressed)
    themes = dict(counted.theme_rows.get(question.pk, []))
    theme_table = table_of(themes, base=base)
    result.themes = [Row(name, n, theme_table[name]) for name, n in themes.items()]
    result.quotes = counted.quotes.get(question.pk, [])[:5]
    return result


def consultation_results(
    consultation: Consultation,
    *,
    forum_id: int | None = None,
    respondent_type: str = "",
    published: bool = False,
) -> Results:
    """Every question's figures. Published results, and results narrowed by forum or respondent
    type, go through small-number suppression; only a lead's view of everyone is exact."""
    suppressed = published or bool(forum_id) or bool(respondent_type)
    counted = _count(consultation, forum_id, respondent_type, published)
    sections = list(
        consultation.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk")),
            Prefetch("questions__choices", queryset=Choice.objects.order_by("position", "pk")),
        )
    )
    return Results(
        respondents=counted.respondents,
        sections=[
            (
                section,
                [_question_result(q, counted, suppressed) for q in section.questions.all()],
            )
            for section in sections
        ],
        published=published,
        suppressed=suppressed,
    )


def _add_points(
    question: Question, rows: list[Row], ranks: list[dict[int | None, int]], suppressed: bool
) -> None:
    """Score each choice and order by score. A choice's points say how many ranked it in each
    place (with two places, exactly), so under suppression they are shown only when every one of
    those counts could be shown, and the choices without points come last."""
    top = question.max_choices or 0
    places = sorted({rank for by_rank in ranks for rank in by_rank if rank is not None})
    for row, by_rank in zip(rows, ranks, strict=True):
        row.points = sum((top + 1 - (rank or 0)) * n for rank, n in by_rank.items())
    if suppressed:
        hidden = suppress_grid([[by_rank.get(rank, 0) for rank in places] for by_rank in ranks])
        for row, hidden_places in zip(rows, hidden, strict=True):
            row.points_shown = not row.figure.suppressed and not any(hidden_places)
    rows.sort(key=lambda row: (not row.points_shown, -(row.points or 0) if row.points_shown else 0))
