"""Schools: the school development programmes' cohorts and schools in scope, where they stand,
movement from the baseline self-assessment in each area of the framework, and training totals.
Only aggregates: no school is named, and every count goes through core.suppression.

A school is in scope when its council area is; a cohort is in the time chosen when it runs at
some time in it. Movement compares each school's submitted baseline with its latest submitted
round after it (programmes.selectors.latest_after_baseline), submitted before the end of the
time chosen; drafts never count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum

from core.suppression import shown_average
from dashboards.figures.context import Context
from dashboards.tables import Counts, DashTable, build
from programmes.models import (
    Area,
    Enrolment,
    Milestone,
    ProgrammeKind,
    ProgressStatus,
    Rating,
    RoundKind,
    RoundStatus,
    TrainingModule,
    enrolment_progress_status,
)
from programmes.selectors import latest_after_baseline


def enrolments(ctx: Context) -> QuerySet[Enrolment]:
    """Schools in scope enrolled in school development cohorts running in the time chosen."""
    return Enrolment.objects.filter(
        school__council_area_id__in=ctx.area_ids,
        cohort__programme__kind=ProgrammeKind.SCHOOLS,
        cohort__starts_on__lte=ctx.period.last_day,
        cohort__ends_on__gte=ctx.period.start.date(),
        enrolled_on__lte=ctx.period.last_day,
    )


def _as_of(ctx: Context) -> date:
    """Where schools stand is judged on the last day chosen, or today if that is later."""
    return min(ctx.period.last_day, ctx.now.date())


def headline_counts(ctx: Context) -> dict[str, int]:
    return enrolments(ctx).aggregate(
        schools=Count("school", distinct=True), cohorts=Count("cohort", distinct=True)
    )


def by_cohort(ctx: Context) -> DashTable:
    """Schools in each cohort by where they stand: two queries (the schools, their
    milestones)."""
    rows = list(
        enrolments(ctx)
        .order_by("-cohort__starts_on", "cohort__name", "pk")
        .values_list("pk", "cohort_id", "cohort__name", "cohort__programme__name")
    )
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(enrolment_id__in=[row[0] for row in rows]).only(
        "enrolment_id", "due_on", "met_on"
    ):
        milestones[milestone.enrolment_id].append(milestone)
    statuses = list(ProgressStatus)
    counts: dict[int, list[int]] = {}
    labels: dict[int, str] = {}
    today = _as_of(ctx)
    for enrolment_id, cohort_id, cohort_name, programme_name in rows:
        labels[cohort_id] = f"{cohort_name} ({programme_name})"
        row = counts.setdefault(cohort_id, [0] * len(statuses))
        status = enrolment_progress_status(milestones[enrolment_id], today)
        row[statuses.index(status)] += 1
    return build(
        Counts(
            "cohorts",
            "Schools in each cohort, by where they stand",
            "Cohort",
            [status.label for status in statuses],
            [(labels[cohort_id], values) for cohort_id, values in counts.items()],
            row_totals=True,
            what="schools",
            note="Behind: a step in the school's schedule is past its date and not done. "
            "On track: something is done and nothing due is outstanding.",
        )
    )


def by_area(ctx: Context) -> DashTable:
    """Schools in programmes in each council area in scope, every area listed."""
    counts = enrolments(ctx).aggregate(
        **{
            f"a{area.pk}": Count("school", distinct=True, filter=Q(school__council_area=area.pk))
            for area in ctx.scope.areas
            if area.pk in ctx.scope.area_ids
        }
    )
    return build(
        Counts(
            "areas",
            "Schools in programmes by council area",
            "Council area",
            ["Schools"],
            [
                (area.name, [counts[f"a{area.pk}"]])
                for area in ctx.scope.areas
                if area.pk in ctx.scope.area_ids
            ],
            chart=True,
            what="schools",
        )
    )


def movement(ctx: Context) -> DashTable:
    """For each area of each framework: how many schools have a baseline and a later round, and
    their average level at each and the average movement, shown from 10 schools."""
    ratings = Rating.objects.filter(
        round__enrolment__in=enrolments(ctx),
        round__status=RoundStatus.SUBMITTED,
        round__submitted_at__lt=ctx.period.end,
        level__isnull=False,
    ).values_list("round__enrolment_id", "round__kind", "standard__area_id", "level")
    # enrolment -> round kind -> framework area -> levels
    levels: dict[int, dict[str, dict[int, list[int]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for enrolment_id, kind, area_id, level in ratings:
        if level is not None:
            levels[enrolment_id][kind][area_id].append(level)
    before: dict[int, list[float]] = defaultdict(list)
    after: dict[int, list[float]] = defaultdict(list)
    for rounds in levels.values():
        later = latest_after_baseline({kind: {} for kind in rounds})
        if RoundKind.BASELINE not in rounds or later is None:
            continue
        for area_id, baseline in rounds[RoundKind.BASELINE].items():
            latest = rounds[later].get(area_id)
            if latest:
                before[area_id].append(sum(baseline) / len(baseline))
                after[area_id].append(sum(latest) / len(latest))
    areas = list(
        Area.objects.filter(framework__programmes__cohorts__enrolments__in=enrolments(ctx))
        .distinct()
        .select_related("framework")
        .order_by("framework__name", "order", "pk")
    )
    changes = {
        area.pk: [b - a for a, b in zip(before[area.pk], after[area.pk], strict=True)]
        for area in areas
    }
    return build(
        Counts(
            "movement",
            "Movement from the baseline in each area",
            "Area of the framework",
            ["Schools"],
            [(f"{area.name} ({area.framework.name})", [len(changes[area.pk])]) for area in areas],
            measures={
                "Average at baseline": [_average(before[a.pk]) for a in areas],
                "Average now": [_average(after[a.pk]) for a in areas],
                "Movement": [_signed(_average(changes[a.pk])) for a in areas],
            },
            what="schools with a baseline and a later self-assessment",
            note="Levels run from 1 (not yet started) to 4 (embedded). Schools: those with a "
            "submitted baseline and a later submitted review. Averages are shown from 10 schools.",
        )
    )


def _average(values: list[float]) -> str:
    return shown_average(values) or "–"


def _signed(text: str) -> str:
    return text if text == "–" or text.startswith("-") or text == "0" else f"+{text}"


def training(ctx: Context) -> DashTable:
    """Staff trained in each module, over the schools in scope."""
    modules = (
        TrainingModule.objects.filter(
            programme__kind=ProgrammeKind.SCHOOLS,
            records__enrolment__in=enrolments(ctx),
        )
        .annotate(staff=Sum("records__staff_completed"))
        .select_related("programme")
        .order_by("programme__name", "order", "pk")
    )
    return build(
        Counts(
            "training",
            "Staff trained in each module",
            "Training module",
            ["Staff trained"],
            [(f"{module.title} ({module.programme.name})", [module.staff]) for module in modules],
            chart=True,
            what="staff trained (a person trained in two modules is counted in each)",
        )
    )


def tables(ctx: Context) -> list[DashTable]:
    return [by_cohort(ctx), by_area(ctx), movement(ctx), training(ctx)]
