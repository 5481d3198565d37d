"""Writes for school development programmes. Views fetch objects through
programmes.permissions; these functions check permission again, so that no caller can skip it.

A self-assessment round is saved under a row lock, so a round submitted in one tab cannot be
changed from another, and submitting twice is refused with a message rather than an error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from consultations import services as consultation_services
from consultations.models import Audience, Consultation, Question
from consultations.permissions import can_edit
from consultations.question_kinds import AnswerValue
from core.access import access_log_record
from core.dates import gov_date
from core.models import AccessKind, AccessWhat
from core.spreadsheet import csv_bytes
from forums.models import CouncilArea, Forum
from programmes import feedback, framework_data
from programmes.models import (
    ROUND_ORDER,
    ActionItem,
    ActionStatus,
    AgeBand,
    Area,
    AssessmentRound,
    Cohort,
    ContactRole,
    Enrolment,
    Framework,
    GroupAttendance,
    GroupMeeting,
    Level,
    Milestone,
    MilestoneKind,
    ParentGroupMeeting,
    Programme,
    ProgrammeKind,
    Quote,
    Rating,
    RoundKind,
    RoundStatus,
    School,
    SchoolContact,
    Standard,
    Theme,
    TrainingModule,
    TrainingRecord,
)
from programmes.permissions import (
    is_cohort_lead,
    is_programme_lead,
    is_school_contact,
    may_build_frameworks,
    may_change_framework,
    may_edit_school,
    may_record_meetings,
)


def autism_inclusion_framework_ensure() -> Framework:
    """The framework Coproduce ships with, with its areas and standards. Idempotent: areas and
    standards already held are left as they are, missing ones are added."""
    with transaction.atomic():
        framework, _ = Framework.objects.get_or_create(
            slug=framework_data.AUTISM_INCLUSION_SLUG,
            defaults={
                "name": framework_data.AUTISM_INCLUSION_NAME,
                "description": framework_data.AUTISM_INCLUSION_DESCRIPTION,
            },
        )
        for area_order, (area_name, standards) in enumerate(
            framework_data.AUTISM_INCLUSION_AREAS, start=1
        ):
            area, _ = Area.objects.get_or_create(
                framework=framework, name=area_name, defaults={"order": area_order}
            )
            for order, (code, title, descriptor) in enumerate(standards, start=1):
                Standard.objects.get_or_create(
                    area=area,
                    code=code,
                    defaults={"title": title, "descriptor": descriptor, "order": order},
                )
    return framework


def framework_create(*, name: str, description: str, created_by: User) -> Framework:
    """A new, empty framework for a programme lead or staff to fill with areas and standards."""
    if not may_build_frameworks(created_by):
        raise PermissionDenied("Only programme leads can add a framework.")
    slug = slugify(name)
    if not slug or Framework.objects.filter(Q(slug=slug) | Q(name__iexact=name)).exists():
        raise ValidationError("There is already a framework with this name")
    return Framework.objects.create(
        name=name, slug=slug, description=description, created_by=created_by
    )


def _framework_change_check(framework: Framework, user: User) -> None:
    if not may_change_framework(user, framework):
        raise PermissionDenied("Only the lead who made this framework can change it.")
    if framework.programmes.exists():
        raise ValidationError(
            "A programme uses this framework, so its areas and standards can no longer change"
        )


def area_add(*, framework: Framework, added_by: User, name: str) -> Area:
    """An area at the end of the framework. Refused once a programme uses the framework."""
    _framework_change_check(framework, added_by)
    if framework.areas.filter(name__iexact=name).exists():
        raise ValidationError("The framework already has an area with this name")
    order = framework.areas.count() + 1
    return Area.objects.create(framework=framework, name=name, order=order)


def standard_add(*, area: Area, added_by: User, title: str, descriptor: str) -> Standard:
    """A standard at the end of the area, numbered area.position (for example 2.3)."""
    _framework_change_check(area.framework, added_by)
    position = area.standards.count() + 1
    return Standard.objects.create(
        area=area,
        code=f"{area.order}.{position}",
        title=title,
        descriptor=descriptor,
        order=position,
    )


def school_create(
    *, name: str, urn: str, council_area: CouncilArea, phase: str, school_type: str
) -> School:
    """A school, with its URN checked (6 numbers, held once)."""
    school = School(
        name=name, urn=urn.strip(), council_area=council_area, phase=phase, school_type=school_type
    )
    school.full_clean()
    school.save()
    return school


def school_ensure(
    *, name: str, urn: str, council_area: CouncilArea, phase: str, school_type: str
) -> School:
    """The school with this URN, made if it is not held yet. Idempotent."""
    existing = School.objects.filter(urn=urn).first()
    if existing is not None:
        return existing
    return school_create(
        name=name, urn=urn, council_area=council_area, phase=phase, school_type=school_type
    )


# Which of the cohort's dates each milestone takes.
MILESTONE_DATES = {
    MilestoneKind.BASELINE: "baseline_due_on",
    MilestoneKind.TRAINING: "training_due_on",
    MilestoneKind.PARENT_GROUP: "parent_group_due_on",
    MilestoneKind.REVIEW: "review_due_on",
    MilestoneKind.FAMILY_SURVEY: "family_survey_on",
}

# The milestone a submitted round meets.
ROUND_MILESTONES = {
    RoundKind.BASELINE: MilestoneKind.BASELINE,
    RoundKind.REVIEW: MilestoneKind.REVIEW,
}


def enrolment_create(*, cohort: Cohort, school: School, enrolled_on: date) -> Enrolment:
    """Place a school in a cohort, with its milestones from the cohort's schedule. Idempotent:
    a school already in the cohort keeps its enrolment and milestones."""
    with transaction.atomic():
        enrolment, _ = Enrolment.objects.get_or_create(
            cohort=cohort, school=school, defaults={"enrolled_on": enrolled_on}
        )
        for kind, attribute in MILESTONE_DATES.items():
            Milestone.objects.get_or_create(
                enrolment=enrolment, kind=kind, defaults={"due_on": getattr(cohort, attribute)}
            )
    return enrolment


def _milestone_meet(enrolment: Enrolment, kind: str, on: date) -> None:
    Milestone.objects.filter(enrolment=enrolment, kind=kind, met_on__isnull=True).update(met_on=on)


def round_kind_refusal(enrolment: Enrolment, kind: str) -> str | None:
    """Why this round cannot be started yet, in words for the school; None if it can. Rounds go
    in order: a review follows a submitted baseline, a follow-up a submitted review."""
    if kind not in ROUND_ORDER:
        return "There is no such self-assessment."
    position = ROUND_ORDER.index(RoundKind(kind))
    if position == 0:
        return None
    before = ROUND_ORDER[position - 1]
    if not AssessmentRound.objects.filter(
        enrolment=enrolment, kind=before, status=RoundStatus.SUBMITTED
    ).exists():
        return f"Submit the {before.label.lower()} self-assessment before starting this one."
    return None


@dataclass(frozen=True)
class RatingValue:
    level: int | None
    evidence: str = ""


class RoundLocked(ValidationError):
    """The round was submitted, so it cannot be changed."""


def round_save(
    *,
    enrolment: Enrolment,
    kind: str,
    saved_by: User,
    ratings: Mapping[int, RatingValue],
    submit: bool = False,
) -> AssessmentRound:
    """Save a school's self-assessment (``ratings`` by standard id) as a draft, or submit it.

    Only the school's contacts may. A submitted round is read-only: saving or submitting it
    again raises ``RoundLocked`` and changes nothing. A level outside the scale, or a standard
    from another framework, is refused. Submitting needs a level for every standard, and meets
    the matching milestone. Saving the same draft twice is harmless.
    """
    if not is_school_contact(saved_by, enrolment.school_id):
        raise PermissionDenied("Only the school's own contacts can change its self-assessment.")
    refusal = round_kind_refusal(enrolment, kind)
    if refusal:
        raise ValidationError(refusal)
    framework_id = enrolment.cohort.programme.framework_id
    standards = {s.pk: s for s in Standard.objects.in_framework(framework_id)}
    errors = []
    for standard_id, value in ratings.items():
        if standard_id not in standards:
            errors.append("Rate only the standards on this page")
        elif value.level is not None and value.level not in Level.values:
            errors.append(
                f"Choose a level from 1 to 4 for {standards[standard_id].code} "
                f"{standards[standard_id].title}"
            )
    if errors:
        raise ValidationError(sorted(set(errors)))
    with transaction.atomic():
        round_, _ = AssessmentRound.objects.get_or_create(
            enrolment=enrolment, kind=kind, defaults={"started_by": saved_by}
        )
        round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
        if round_.is_submitted:
            when = f" on {gov_date(round_.submitted_at)}" if round_.submitted_at else ""
            raise RoundLocked(
                f"This {round_.get_kind_display().lower()} self-assessment was submitted{when}, "
                "so it cannot be changed."
            )
        held = {rating.standard_id: rating for rating in round_.ratings.all()}
        for standard_id, value in ratings.items():
            rating = held.get(standard_id)
            if rating is None:
                Rating.objects.create(
                    round=round_,
                    standard_id=standard_id,
                    level=value.level,
                    evidence=value.evidence,
                )
            elif (rating.level, rating.evidence) != (value.level, value.evidence):
                rating.level = value.level
                rating.evidence = value.evidence
                rating.save(update_fields=["level", "evidence"])
        missing: list[Standard] = []
        if submit:
            rated = set(
                round_.ratings.filter(level__isnull=False).values_list("standard_id", flat=True)
            )
            missing = [standards[pk] for pk in standards if pk not in rated]
        if submit and not missing:
            round_.status = RoundStatus.SUBMITTED
            round_.submitted_by = saved_by
            round_.submitted_at = timezone.now()
            milestone = ROUND_MILESTONES.get(RoundKind(kind))
            if milestone:
                _milestone_meet(enrolment, milestone, timezone.localdate())
        round_.save()
    if missing:
        # The draft is saved; only the submission is refused.
        raise RoundIncomplete(
            {s.pk: f"Choose a level for {s.code} {s.title}" for s in missing}, round_=round_
        )
    return round_


class RoundIncomplete(ValidationError):
    """Submitting needs a level for every standard. Raised after the draft is saved."""

    def __init__(self, missing: dict[int, str], *, round_: AssessmentRound) -> None:
        super().__init__(list(missing.values()))
        self.missing = missing
        self.round = round_


@dataclass(frozen=True)
class ActionDetails:
    standard_id: int
    action: str
    owner: str
    due_on: date
    status: str = ActionStatus.NOT_STARTED


def _action_check(enrolment: Enrolment, details: ActionDetails) -> None:
    standards = Standard.objects.in_framework(enrolment.cohort.programme.framework_id)
    if not standards.filter(pk=details.standard_id).exists():
        raise ValidationError("Choose a standard from the list")
    if details.status not in ActionStatus.values:
        raise ValidationError("Choose a status from the list")


def action_create(*, enrolment: Enrolment, created_by: User, details: ActionDetails) -> ActionItem:
    """Add an item to the school's action plan. Only the school's contacts may."""
    if not is_school_contact(created_by, enrolment.school_id):
        raise PermissionDenied("Only the school's own contacts can change its action plan.")
    _action_check(enrolment, details)
    return ActionItem.objects.create(
        enrolment=enrolment,
        standard_id=details.standard_id,
        action=details.action,
        owner=details.owner,
        due_on=details.due_on,
        status=details.status,
    )


def action_update(*, item: ActionItem, edited_by: User, details: ActionDetails) -> ActionItem:
    """Change an action-plan item, its status included. Only the school's contacts may."""
    if not is_school_contact(edited_by, item.enrolment.school_id):
        raise PermissionDenied("Only the school's own contacts can change its action plan.")
    _action_check(item.enrolment, details)
    item.standard_id = details.standard_id
    item.action = details.action
    item.owner = details.owner
    item.due_on = details.due_on
    item.status = details.status
    item.save()
    return item


def training_save(*, enrolment: Enrolment, recorded_by: User, counts: Mapping[int, int]) -> None:
    """How many staff completed each training module (``counts`` by module id). The training
    milestone is met once every module has at least one member of staff. Safe to repeat."""
    if not may_record_meetings(recorded_by, enrolment):
        raise PermissionDenied("Only the school's contacts and the cohort's leads can record this.")
    modules = set(
        TrainingModule.objects.filter(programme_id=enrolment.cohort.programme_id).values_list(
            "pk", flat=True
        )
    )
    if not set(counts) <= modules:
        raise ValidationError("Record only the modules on this page")
    if any(count < 0 for count in counts.values()):
        raise ValidationError("The number of staff cannot be below 0")
    with transaction.atomic():
        for module_id, count in counts.items():
            TrainingRecord.objects.update_or_create(
                enrolment=enrolment, module_id=module_id, defaults={"staff_completed": count}
            )
        completed = TrainingRecord.objects.filter(
            enrolment=enrolment, staff_completed__gt=0
        ).count()
        if modules and completed == len(modules):
            _milestone_meet(enrolment, MilestoneKind.TRAINING, timezone.localdate())


def meeting_record(
    *, enrolment: Enrolment, recorded_by: User, held_on: date, attendance: int, themes: str
) -> ParentGroupMeeting:
    """A parent carer group meeting held in the school; the first one meets the milestone."""
    if not may_record_meetings(recorded_by, enrolment):
        raise PermissionDenied("Only the school's contacts and the cohort's leads can record this.")
    if held_on > timezone.localdate():
        raise ValidationError("The meeting date must be today or in the past")
    with transaction.atomic():
        meeting = ParentGroupMeeting.objects.create(
            enrolment=enrolment,
            held_on=held_on,
            attendance=attendance,
            themes=themes,
            recorded_by=recorded_by,
        )
        _milestone_meet(enrolment, MilestoneKind.PARENT_GROUP, held_on)
    return meeting


def family_survey_record(*, enrolment: Enrolment, recorded_by: User, held_on: date) -> None:
    """The date the school's family survey ran; meets its milestone. Until the survey is a
    consultation, its date is what is held."""
    if not is_cohort_lead(recorded_by, enrolment.cohort):
        raise PermissionDenied("Only the cohort's leads can record the family survey.")
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(family_survey_held_on=held_on)
        _milestone_meet(enrolment, MilestoneKind.FAMILY_SURVEY, held_on)


def cohort_export_csv(*, cohort: Cohort, exported_by: User) -> bytes:
    """The cohort page's table as CSV, every cell made safe, recorded in the export log."""
    from programmes.selectors import cohort_overview

    if not is_cohort_lead(exported_by, cohort):
        raise PermissionDenied("Only the cohort's leads can export it.")
    overview = cohort_overview(cohort, timezone.localdate())
    header = [
        "School",
        "URN",
        "Council area",
        "Phase",
        "Status",
        "Milestones met",
        "Milestones due",
        "Baseline average",
        "Latest average",
        "Staff trained",
        "Parent group meetings",
        "Open actions",
    ]
    rows = [
        [
            row.enrolment.school.name,
            row.enrolment.school.urn,
            row.enrolment.school.council_area.name,
            row.enrolment.school.get_phase_display(),
            row.status.label,
            row.milestones_met,
            row.milestones_total,
            row.baseline_average,
            row.latest_average,
            row.staff_trained,
            row.meetings,
            row.open_actions,
        ]
        for row in overview.schools
    ]
    with transaction.atomic():
        access_log_record(
            kind=AccessKind.EXPORTED,
            what=AccessWhat.SCHOOL_PROGRESS,
            subject=cohort,
            person=exported_by,
            file_format="csv",
            row_count=len(rows),
        )
    return csv_bytes(header, rows)


def group_meeting_record(
    *,
    cohort: Cohort,
    recorded_by: User,
    held_on: date,
    place: str,
    council_area: CouncilArea,
    counts: Mapping[str, int],
    theme_ids: list[int],
) -> GroupMeeting:
    """A young people's group meeting: counts by age band (never names) and the themes explored,
    from the programme's list. Only the group's leads may record it."""
    if not is_cohort_lead(recorded_by, cohort):
        raise PermissionDenied("Only the group's leads can record its meetings.")
    if cohort.programme.kind != ProgrammeKind.YOUNG_PEOPLE:
        raise ValidationError("This cohort is not a young people's group")
    errors = []
    if held_on > timezone.localdate():
        errors.append("The meeting date must be today or in the past")
    if set(counts) - set(AgeBand.values) or any(n < 0 for n in counts.values()):
        errors.append("Enter the number of young people for each age band from the list")
    elif sum(counts.values()) == 0:
        errors.append("Enter how many young people came in at least one age band")
    themes = list(Theme.objects.filter(programme_id=cohort.programme_id, pk__in=theme_ids))
    if len(themes) != len(set(theme_ids)):
        errors.append("Choose themes from the list")
    areas = set(cohort.council_areas.values_list("pk", flat=True))
    if areas and council_area.pk not in areas:
        errors.append("Choose a council area this group covers")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = GroupMeeting.objects.create(
            cohort=cohort,
            held_on=held_on,
            place=place,
            council_area=council_area,
            recorded_by=recorded_by,
        )
        meeting.themes.set(themes)
        GroupAttendance.objects.bulk_create(
            GroupAttendance(meeting=meeting, age_band=band, count=count)
            for band, count in counts.items()
            if count
        )
    return meeting


def quote_record(
    *,
    meeting: GroupMeeting,
    recorded_by: User,
    text: str,
    age_band: str,
    young_person_agreed: bool,
    parent_carer_agreed: bool,
    consent_how: str,
) -> Quote:
    """A young person's own words, kept only when both they and their parent carer agreed to
    share them; the agreement is recorded with the quote. No names."""
    if not is_cohort_lead(recorded_by, meeting.cohort):
        raise PermissionDenied("Only the group's leads can record quotes.")
    if not (young_person_agreed and parent_carer_agreed):
        raise ValidationError(
            "A quote can only be kept when the young person and their parent carer both agreed"
        )
    if age_band not in AgeBand.values:
        raise ValidationError("Choose an age band from the list")
    if not consent_how.strip():
        raise ValidationError("Say how the agreement was given")
    return Quote.objects.create(
        meeting=meeting,
        text=text,
        age_band=age_band,
        young_person_agreed=True,
        parent_carer_agreed=True,
        consent_how=consent_how,
        consent_recorded_by=recorded_by,
    )


# Schools, contacts, cohorts and enrolments, changed in the service by leads and contacts ------


@dataclass(frozen=True)
class SchoolDetails:
    name: str
    urn: str
    council_area: CouncilArea
    phase: str
    school_type: str


def school_add_to_cohort(
    *, cohort: Cohort, added_by: User, details: SchoolDetails, enrolled_on: date
) -> Enrolment:
    """A new school, placed in one of the person's own cohorts (a lead adds schools only to the
    cohorts they lead). The URN is checked: 6 numbers, held by no other school."""
    if not is_cohort_lead(added_by, cohort):
        raise PermissionDenied("Only the cohort's leads can add schools to it.")
    with transaction.atomic():
        school = school_create(
            name=details.name,
            urn=details.urn,
            council_area=details.council_area,
            phase=details.phase,
            school_type=details.school_type,
        )
        return enrolment_create(cohort=cohort, school=school, enrolled_on=enrolled_on)


def school_update(*, school: School, edited_by: User, details: SchoolDetails) -> School:
    """Change a school's details: for its contacts, the leads of its cohorts and staff."""
    if not may_edit_school(edited_by, school):
        raise PermissionDenied("Only the school's contacts and its cohorts' leads can change it.")
    school.name = details.name
    school.urn = details.urn.strip()
    school.council_area = details.council_area
    school.phase = details.phase
    school.school_type = details.school_type
    school.full_clean()
    school.save()
    return school


def school_contact_add(*, school: School, added_by: User, email: str, role: str) -> SchoolContact:
    """Make the person with this email address a contact of the school (their role changes if
    they are one already, so sending twice adds nobody twice). They need an account first."""
    if not may_edit_school(added_by, school):
        raise PermissionDenied(
            "Only the school's contacts and its cohorts' leads can add contacts."
        )
    if role not in ContactRole.values:
        raise ValidationError("Choose a role from the list")
    person = User.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise ValidationError(
            "Nobody with this email address has an account. Ask them to create one, then add them"
        )
    contact, _ = SchoolContact.objects.update_or_create(
        school=school, user=person, defaults={"role": role}
    )
    return contact


def school_contact_remove(*, contact: SchoolContact, removed_by: User) -> None:
    """Remove a contact from a school. A school keeps at least one contact. Removing one already
    removed changes nothing."""
    if not may_edit_school(removed_by, contact.school):
        raise PermissionDenied("Only the school's contacts and its cohorts' leads can do this.")
    with transaction.atomic():
        others = (
            SchoolContact.objects.select_for_update()
            .filter(school_id=contact.school_id)
            .exclude(pk=contact.pk)
        )
        if not others.exists():
            raise ValidationError("A school needs at least one contact. Add another one first")
        SchoolContact.objects.filter(pk=contact.pk).delete()


@dataclass(frozen=True)
class CohortDetails:
    name: str
    starts_on: date
    ends_on: date
    baseline_due_on: date
    training_due_on: date
    parent_group_due_on: date
    review_due_on: date
    family_survey_on: date
    council_areas: tuple[CouncilArea, ...] = ()


def _cohort_check(details: CohortDetails) -> None:
    errors = []
    if details.ends_on < details.starts_on:
        errors.append("The end date must be on or after the start date")
    schedule = [getattr(details, attribute) for attribute in MILESTONE_DATES.values()]
    if any(day < details.starts_on or day > details.ends_on for day in schedule):
        errors.append("Every milestone must fall between the cohort's start and end dates")
    if errors:
        raise ValidationError(errors)


def cohort_create(*, programme: Programme, created_by: User, details: CohortDetails) -> Cohort:
    """A new run of a programme, led by the person who starts it. Programme leads and staff may
    start one."""
    if not is_programme_lead(created_by):
        raise PermissionDenied("Only programme leads can start a cohort.")
    _cohort_check(details)
    with transaction.atomic():
        cohort = Cohort.objects.create(
            programme=programme,
            name=details.name,
            starts_on=details.starts_on,
            ends_on=details.ends_on,
            baseline_due_on=details.baseline_due_on,
            training_due_on=details.training_due_on,
            parent_group_due_on=details.parent_group_due_on,
            review_due_on=details.review_due_on,
            family_survey_on=details.family_survey_on,
        )
        cohort.leads.add(created_by)
        cohort.council_areas.set(details.council_areas)
    return cohort


def cohort_update(*, cohort: Cohort, edited_by: User, details: CohortDetails) -> Cohort:
    """Change a cohort's name, dates and areas. Its schedule sets its schools' milestones, so
    each milestone moves to the new date (one update per kind, whatever the number of
    schools)."""
    if not is_cohort_lead(edited_by, cohort):
        raise PermissionDenied("Only the cohort's leads can change it.")
    _cohort_check(details)
    with transaction.atomic():
        cohort.name = details.name
        cohort.starts_on = details.starts_on
        cohort.ends_on = details.ends_on
        for kind, attribute in MILESTONE_DATES.items():
            day = getattr(details, attribute)
            setattr(cohort, attribute, day)
            Milestone.objects.filter(enrolment__cohort=cohort, kind=kind).update(due_on=day)
        cohort.save()
        cohort.council_areas.set(details.council_areas)
    return cohort


def enrolment_add(
    *, cohort: Cohort, added_by: User, school: School, enrolled_on: date
) -> Enrolment:
    """Place a school already held in one of the person's own cohorts (see enrolment_create:
    idempotent)."""
    if not is_cohort_lead(added_by, cohort):
        raise PermissionDenied("Only the cohort's leads can add schools to it.")
    if cohort.programme.kind != ProgrammeKind.SCHOOLS:
        raise ValidationError("Schools join school development programmes only")
    return enrolment_create(cohort=cohort, school=school, enrolled_on=enrolled_on)


# The family survey ------------------------------------------------------------------------


def family_survey_link(
    *, enrolment: Enrolment, linked_by: User, consultation: Consultation
) -> None:
    """Make ``consultation`` the school's family survey. The cohort's leads may link a
    consultation they run (a forum's, as its lead). Once the survey has opened, its milestone
    is met on its opening day. Linking the same one again changes nothing."""
    if not is_cohort_lead(linked_by, enrolment.cohort):
        raise PermissionDenied("Only the cohort's leads can link the family survey.")
    if not (linked_by.is_staff or can_edit(linked_by, consultation)):
        raise ValidationError("Choose a consultation that a forum you lead runs")
    with transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(family_survey=consultation)
        enrolment.family_survey = consultation
        if consultation.launched_at is not None and consultation.opens_at <= timezone.now():
            opened = timezone.localdate(consultation.opens_at)
            Enrolment.objects.filter(pk=enrolment.pk).update(family_survey_held_on=opened)
            _milestone_meet(enrolment, MilestoneKind.FAMILY_SURVEY, opened)


FAMILY_SURVEY_DAYS_OPEN = 28


def family_survey_opens_on(cohort: Cohort) -> date:
    """A new family survey opens on the cohort's date for it, or today once that has passed."""
    return max(cohort.family_survey_on, timezone.localdate())


def family_survey_create(*, enrolment: Enrolment, created_by: User, forum: Forum) -> Consultation:
    """A draft consultation for the school's families, run by ``forum`` (which the person leads)
    and linked as the school's family survey. It opens on the cohort's family survey date (or
    today, if that has passed) for 4 weeks, by open link so the school can send it to families
    who are not forum members. Its questions are written in the consultation builder."""
    if not is_cohort_lead(created_by, enrolment.cohort):
        raise PermissionDenied("Only the cohort's leads can make the family survey.")
    day = family_survey_opens_on(enrolment.cohort)
    opens_at = timezone.make_aware(datetime.combine(day, time(9, 0)))
    with transaction.atomic():
        consultation = consultation_services.consultation_create(
            created_by=created_by,
            forum=forum,
            title=f"Family survey: {enrolment.school.name}",
            summary=(
                f"What families of {enrolment.school.name} think of how the school includes "
                "autistic pupils, as part of its development programme."
            ),
            opens_at=opens_at,
            closes_at=opens_at + timedelta(days=FAMILY_SURVEY_DAYS_OPEN),
            audience=Audience.OPEN_LINK,
        )
        family_survey_link(enrolment=enrolment, linked_by=created_by, consultation=consultation)
    return consultation


# The young people's feedback form -----------------------------------------------------------


def feedback_form_create(
    *, meeting: GroupMeeting, created_by: User, starts: time, ends: time
) -> Consultation:
    """The meeting's feedback form: an anonymous consultation by open link that takes answers
    only from ``starts`` to ``ends`` on the meeting's day (London time). Only the group's leads
    may make it. A meeting has one form: asking again gives back the one it has."""
    if not is_cohort_lead(created_by, meeting.cohort):
        raise PermissionDenied("Only the group's leads can make its feedback form.")
    if ends <= starts:
        raise ValidationError("The end time must be after the start time")
    opens_at = timezone.make_aware(datetime.combine(meeting.held_on, starts))
    closes_at = timezone.make_aware(datetime.combine(meeting.held_on, ends))
    with transaction.atomic():
        locked = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.feedback_form_id is not None:
            return Consultation.objects.get(pk=locked.feedback_form_id)
        if closes_at <= timezone.now():
            raise ValidationError(
                "That end time has passed, so the form could not take any answers. "
                "Feedback forms are for a meeting that is on today"
            )
        consultation = consultation_services.open_link_form_create(
            created_by=created_by,
            region=meeting.council_area.region,
            title=f"{feedback.TITLE}: {meeting.place}",
            summary=feedback.SUMMARY,
            easy_read_summary=feedback.EASY_READ,
            opens_at=opens_at,
            closes_at=closes_at,
            questions=feedback.form_questions(),
        )
        locked.feedback_form = consultation
        locked.save(update_fields=["feedback_form"])
        meeting.feedback_form = consultation
    return consultation


class FeedbackAlreadySent(Exception):
    """This copy of the form was sent already (a second press of the button)."""


def _form_key_cache_key(consultation: Consultation, form_key: str) -> str:
    digest = hashlib.sha256(f"{consultation.pk}:{form_key}".encode()).hexdigest()
    return f"feedback-sent:{digest}"


def feedback_send(*, consultation: Consultation, chosen: Mapping[int, int], form_key: str) -> None:
    """One young person's answers (option id by question id), sent anonymously with no account
    and no draft left behind, so the shared device is ready for the next person.

    ``form_key`` is the random key of the copy of the form they filled in: the same copy sent
    twice (a double press) is counted once and raises ``FeedbackAlreadySent``. Outside the
    meeting's time, ``ConsultationClosed`` is raised and nothing is kept."""
    questions = {
        question.pk: question
        for question in Question.objects.filter(section__consultation=consultation)
    }
    if set(chosen) - set(questions):
        raise ValidationError("That question is not part of this form")
    key = _form_key_cache_key(consultation, form_key)
    window = max(int((consultation.closes_at - timezone.now()).total_seconds()), 60)
    if not cache.add(key, 1, timeout=window + 3600):
        raise FeedbackAlreadySent
    try:
        with transaction.atomic():
            draft = consultation_services.response_start(
                consultation=consultation, draft_secret=consultation_services.new_carry_on_code()
            )
            consultation_services.response_save_answers(
                response=draft,
                answers={
                    questions[question_id]: AnswerValue(choice_ids=(choice_id,))
                    for question_id, choice_id in chosen.items()
                },
            )
            consultation_services.response_submit(response=draft, quote_consent=False)
    except Exception:
        # Not sent, so the same copy may be sent again.
        cache.delete(key)
        raise
