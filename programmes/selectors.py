"""The reads that programme pages need, each in a fixed number of queries.

Progress is movement from the baseline: for a school, the average level of each area in its
submitted baseline against its latest submitted round after it; for a cohort, the average of
(latest level - baseline level) for each standard over the schools that have both. Drafts never
count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from consultations.models import AnswerChoice, Choice, Consultation, Question, Response
from core.suppression import suppress_count
from programmes import feedback
from programmes.feedback import Picture
from programmes.models import (
    LEVEL_MAX,
    ROUND_ORDER,
    ActionItem,
    ActionStatus,
    AgeBand,
    Area,
    Cohort,
    Enrolment,
    GroupMeeting,
    ParentGroupMeeting,
    ProgressStatus,
    Rating,
    RoundKind,
    RoundStatus,
    Standard,
    TrainingModule,
    TrainingRecord,
    enrolment_progress_status,
)


def _average(levels: list[int]) -> float | None:
    return round(sum(levels) / len(levels), 2) if levels else None


def _submitted_levels(**filters: object) -> dict[int, dict[str, dict[int, int]]]:
    """Levels of submitted rounds: enrolment id -> round kind -> standard id -> level."""
    found: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    rows = Rating.objects.filter(
        round__status=RoundStatus.SUBMITTED, level__isnull=False, **filters
    ).values_list("round__enrolment_id", "round__kind", "standard_id", "level")
    for enrolment_id, kind, standard_id, level in rows:
        if level is not None:
            found[enrolment_id][kind][standard_id] = level
    return found


def latest_after_baseline(rounds: dict[str, dict[int, int]]) -> str | None:
    """The kind of the latest submitted round after the baseline, if there is one."""
    later = [kind for kind in ROUND_ORDER[1:] if kind in rounds]
    return later[-1] if later else None


@dataclass(frozen=True)
class AreaProgress:
    name: str
    baseline: float | None
    latest: float | None

    @property
    def baseline_width(self) -> float:
        """The baseline's bar, as a share of the scale's top (for the chart's SVG)."""
        return round((self.baseline or 0) / LEVEL_MAX * 100, 1)

    @property
    def latest_width(self) -> float:
        return round((self.latest or 0) / LEVEL_MAX * 100, 1)

    @property
    def movement(self) -> float | None:
        if self.baseline is None or self.latest is None:
            return None
        return round(self.latest - self.baseline, 2)


@dataclass(frozen=True)
class SchoolProgress:
    areas: list[AreaProgress]
    latest_kind: str | None
    actions_by_status: dict[str, int]

    @property
    def latest_label(self) -> str:
        return RoundKind(self.latest_kind).label if self.latest_kind else ""


def school_progress(enrolment: Enrolment) -> SchoolProgress:
    """Baseline against latest for each area of the framework, and the action plan's status."""
    levels = _submitted_levels(round__enrolment=enrolment).get(enrolment.pk, {})
    latest_kind = latest_after_baseline(levels)
    baseline = levels.get(RoundKind.BASELINE, {})
    latest = levels.get(latest_kind, {}) if latest_kind else {}
    standards_by_area: dict[int, list[int]] = defaultdict(list)
    for area_id, standard_id in Standard.objects.in_framework(
        enrolment.cohort.programme.framework_id
    ).values_list("area_id", "pk"):
        standards_by_area[area_id].append(standard_id)
    areas = [
        AreaProgress(
            name=area.name,
            baseline=_average([baseline[s] for s in standards_by_area[area.pk] if s in baseline]),
            latest=_average([latest[s] for s in standards_by_area[area.pk] if s in latest]),
        )
        for area in Area.objects.in_framework(enrolment.cohort.programme.framework_id)
    ]
    counts = dict(
        ActionItem.objects.filter(enrolment=enrolment)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return SchoolProgress(
        areas=areas,
        latest_kind=latest_kind,
        actions_by_status={status.label: counts.get(status.value, 0) for status in ActionStatus},
    )


@dataclass
class SchoolRow:
    enrolment: Enrolment
    status: ProgressStatus
    milestones_met: int
    milestones_total: int
    baseline_average: float | None
    latest_average: float | None
    staff_trained: int
    meetings: int
    open_actions: int
    survey: SurveyStatus | None = None


@dataclass(frozen=True)
class StandardMovement:
    standard: Standard
    schools: int
    average: float | None


@dataclass
class CohortOverview:
    schools: list[SchoolRow]
    movement: list[StandardMovement]
    training: Sequence[TrainingModule]
    status_counts: dict[str, int] = field(default_factory=dict)


def _enrolments_with_counts(cohort: Cohort) -> list[Enrolment]:
    """The cohort's schools with their milestones, staff trained, meetings and open actions,
    each count a subquery so that joins do not multiply one another."""
    zero = Value(0, output_field=IntegerField())
    trained = (
        TrainingRecord.objects.filter(enrolment=OuterRef("pk"))
        .values("enrolment")
        .annotate(total=Sum("staff_completed"))
        .values("total")
    )
    meetings = (
        ParentGroupMeeting.objects.filter(enrolment=OuterRef("pk"))
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    open_actions = (
        ActionItem.objects.filter(enrolment=OuterRef("pk"))
        .exclude(status=ActionStatus.DONE)
        .values("enrolment")
        .annotate(n=Count("pk"))
        .values("n")
    )
    survey_responses = (
        Response.objects.submitted()
        .filter(consultation=OuterRef("family_survey"))
        .values("consultation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Enrolment.objects.filter(cohort=cohort)
        .for_cohort_page()
        .select_related("family_survey")
        .annotate(
            survey_responses=Coalesce(
                Subquery(survey_responses, output_field=IntegerField()), zero
            ),
            staff_trained=Coalesce(Subquery(trained, output_field=IntegerField()), zero),
            meeting_count=Coalesce(Subquery(meetings, output_field=IntegerField()), zero),
            open_action_count=Coalesce(Subquery(open_actions, output_field=IntegerField()), zero),
        )
    )


def cohort_overview(cohort: Cohort, today: date) -> CohortOverview:
    """Each school's status, averages and counts; the average movement per standard; training
    totals by module. Six queries whatever the cohort's size."""
    enrolments = _enrolments_with_counts(cohort)
    levels = _submitted_levels(round__enrolment__cohort=cohort)
    rows = []
    differences: dict[int, list[int]] = defaultdict(list)
    for enrolment in enrolments:
        milestones = list(enrolment.milestones.all())
        rounds = levels.get(enrolment.pk, {})
        baseline = rounds.get(RoundKind.BASELINE, {})
        latest_kind = latest_after_baseline(rounds)
        latest = rounds.get(latest_kind, {}) if latest_kind else {}
        if baseline:
            for standard_id, level in latest.items():
                if standard_id in baseline:
                    differences[standard_id].append(level - baseline[standard_id])
        rows.append(
            SchoolRow(
                enrolment=enrolment,
                status=enrolment_progress_status(milestones, today),
                milestones_met=sum(1 for m in milestones if m.is_met),
                milestones_total=len(milestones),
                baseline_average=_average(list(baseline.values())),
                latest_average=_average(list(latest.values())),
                staff_trained=enrolment.staff_trained,  # type: ignore[attr-defined]
                meetings=enrolment.meeting_count,  # type: ignore[attr-defined]
                open_actions=enrolment.open_action_count,  # type: ignore[attr-defined]
                survey=survey_status(
                    enrolment.family_survey,
                    enrolment.survey_responses,  # type: ignore[attr-defined]
                ),
            )
        )
    standards = Standard.objects.in_framework(cohort.programme.framework_id).select_related("area")
    movement = [
        StandardMovement(
            standard=standard,
            schools=len(differences[standard.pk]),
            average=_average(differences[standard.pk]),
        )
        for standard in standards
    ]
    training = list(
        TrainingModule.objects.filter(programme_id=cohort.programme_id).annotate(
            staff=Coalesce(
                Sum("records__staff_completed", filter=Q(records__enrolment__cohort=cohort)), 0
            ),
            schools=Count(
                "records",
                filter=Q(records__enrolment__cohort=cohort, records__staff_completed__gt=0),
            ),
        )
    )
    status_counts = {status.label: 0 for status in ProgressStatus}
    for row in rows:
        status_counts[row.status.label] += 1
    return CohortOverview(
        schools=rows, movement=movement, training=training, status_counts=status_counts
    )


@dataclass(frozen=True)
class GroupSummary:
    meetings: list[GroupMeeting]
    young_people_by_band: list[tuple[str, int]]
    themes: list[tuple[str, int]]
    quotes: int

    @property
    def young_people(self) -> int:
        return sum(count for _, count in self.young_people_by_band)


def group_summary(cohort: Cohort) -> GroupSummary:
    """A young people's group: its meetings, young people by age band over all of them (counts,
    never people), how often each theme was explored, and how many quotes were shared."""
    meetings = list(GroupMeeting.objects.filter(cohort=cohort).for_listing())
    by_band: dict[str, int] = defaultdict(int)
    themes: dict[str, int] = defaultdict(int)
    quotes = 0
    for meeting in meetings:
        for row in meeting.attendance.all():
            by_band[row.age_band] += row.count
        for theme in meeting.themes.all():
            themes[theme.name] += 1
        quotes += len(meeting.quotes.all())
    return GroupSummary(
        meetings=meetings,
        young_people_by_band=[(band.label, by_band[band.value]) for band in AgeBand],
        themes=sorted(themes.items(), key=lambda item: (-item[1], item[0])),
        quotes=quotes,
    )


@dataclass(frozen=True)
class FeedbackCount:
    text: str
    picture: Picture | None
    count: int


@dataclass(frozen=True)
class FeedbackQuestionCounts:
    text: str
    options: list[FeedbackCount]


@dataclass(frozen=True)
class FeedbackResults:
    """How many young people sent the form and how many chose each picture. Counts only: the
    form has no free text, and no answer is shown on its own."""

    sent: int
    questions: list[FeedbackQuestionCounts]


def _picture(question_index: int, option_index: int) -> Picture | None:
    if question_index < len(feedback.QUESTIONS):
        options = feedback.QUESTIONS[question_index].options
        if option_index < len(options):
            return options[option_index].picture
    return None


def feedback_results(consultation: Consultation) -> FeedbackResults:
    """The feedback form's counts, in three queries."""
    questions = list(
        Question.objects.filter(section__consultation=consultation)
        .prefetch_related("choices")
        .order_by("section__position", "position", "pk")
    )
    chosen = dict(
        AnswerChoice.objects.filter(
            answer__response__consultation=consultation,
            answer__response__submitted_at__isnull=False,
        )
        .values_list("choice_id")
        .annotate(n=Count("pk"))
        .values_list("choice_id", "n")
    )
    sent = Response.objects.submitted().filter(consultation=consultation).count()
    return FeedbackResults(
        sent=sent,
        questions=[
            FeedbackQuestionCounts(
                text=question.text,
                options=[
                    FeedbackCount(choice.text, _picture(q_index, c_index), chosen.get(choice.pk, 0))
                    for c_index, choice in enumerate(question.choices.all())
                ],
            )
            for q_index, question in enumerate(questions)
        ],
    )


def feedback_form_questions(
    consultation: Consultation,
) -> list[tuple[Question, list[tuple[Choice, Picture | None]]]]:
    """The form's questions with each option's picture, for the shared-device page. Two
    queries."""
    questions = list(
        Question.objects.filter(section__consultation=consultation)
        .prefetch_related("choices")
        .order_by("section__position", "position", "pk")
    )
    return [
        (
            question,
            [
                (choice, _picture(q_index, c_index))
                for c_index, choice in enumerate(question.choices.all())
            ],
        )
        for q_index, question in enumerate(questions)
    ]


@dataclass(frozen=True)
class SurveyStatus:
    """A school's family survey as its page and the cohort page show it."""

    consultation: Consultation
    responses: str

    @property
    def status(self) -> str:
        return self.consultation.get_status_display()


def survey_status(consultation: Consultation | None, responses: int) -> SurveyStatus | None:
    """The survey's state, with its number of responses suppressed when small (families of one
    school are few enough to be recognised)."""
    if consultation is None:
        return None
    return SurveyStatus(consultation=consultation, responses=suppress_count(responses))


def family_survey_status(enrolment: Enrolment) -> SurveyStatus | None:
    if enrolment.family_survey_id is None:
        return None
    survey = Consultation.objects.get(pk=enrolment.family_survey_id)
    return survey_status(survey, Response.objects.submitted().filter(consultation=survey).count())
