"""School development programmes: a framework of standards, cohorts of schools, self-assessment
rounds, action plans, training and parent carer groups in schools.

The rating scale is defined once, here (``Level``). Whether a school is on track is decided once,
by ``enrolment_progress_status``; both the cohort page and its export use it.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Prefetch, Q
from simple_history.models import HistoricalRecords

from forums.models import CouncilArea


class Level(models.IntegerChoices):
    """The one scale every standard is rated on."""

    NOT_STARTED = 1, "Not yet started"
    DEVELOPING = 2, "Developing"
    ESTABLISHED = 3, "Established"
    EMBEDDED = 4, "Embedded"


LEVEL_MIN = min(Level.values)
LEVEL_MAX = max(Level.values)


class Framework(models.Model):
    """A framework of standards, grouped into areas. Frameworks are data: a lead can add one."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    # Empty for the framework Coproduce ships with; otherwise the lead who made it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AreaQuerySet(models.QuerySet["Area"]):
    def in_framework(self, framework_id: int | None) -> AreaQuerySet:
        """A programme without a framework (young people's groups) has no areas."""
        return self.none() if framework_id is None else self.filter(framework_id=framework_id)


class Area(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(max_length=150)
    order = models.PositiveSmallIntegerField(default=0)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "name"], name="area_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class StandardQuerySet(models.QuerySet["Standard"]):
    def in_framework(self, framework_id: int | None) -> StandardQuerySet:
        if framework_id is None:
            return self.none()
        return self.filter(area__framework_id=framework_id)


class Standard(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(max_length=10, help_text="For example, 1.2")
    title = models.CharField(max_length=200)
    descriptor = models.TextField(help_text="What meeting the standard looks like.")
    order = models.PositiveSmallIntegerField(default=0)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "area_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="standard_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProgrammeKind(models.TextChoices):
    SCHOOLS = "schools", "School development"
    YOUNG_PEOPLE = "young_people", "Young people's groups"


class Programme(models.Model):
    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    kind = models.CharField(
        max_length=20, choices=ProgrammeKind.choices, default=ProgrammeKind.SCHOOLS
    )
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.PROTECT, related_name="programmes"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CohortQuerySet(models.QuerySet["Cohort"]):
    def led_by(self, user_id: int) -> CohortQuerySet:
        return self.filter(leads__pk=user_id)


class Cohort(models.Model):
    """One run of a programme. Its schedule sets every enrolled school's milestones."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    name = models.CharField(max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField()
    leads = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="led_cohorts", blank=True)
    council_areas = models.ManyToManyField(CouncilArea, related_name="cohorts", blank=True)
    # The schedule.
    baseline_due_on = models.DateField()
    training_due_on = models.DateField()
    parent_group_due_on = models.DateField(
        help_text="The first parent carer group meeting in school is held by this date."
    )
    review_due_on = models.DateField()
    family_survey_on = models.DateField()

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Phase(models.TextChoices):
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special"


class SchoolType(models.TextChoices):
    ACADEMY = "academy", "Academy"
    MAINTAINED = "maintained", "Maintained by the council"
    FREE = "free", "Free school"
    INDEPENDENT = "independent", "Independent"


URN_VALIDATOR = RegexValidator(r"^[0-9]{6}$", "A URN is 6 numbers, for example 108412")


class School(models.Model):
    name = models.CharField(max_length=200)
    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        validators=[URN_VALIDATOR],
        help_text="6 numbers",
        error_messages={
            "blank": "Enter the school's URN, 6 numbers",
            "max_length": "A URN is 6 numbers, for example 108412",
            "unique": "A school with this URN already exists",
        },
    )
    council_area = models.ForeignKey(CouncilArea, on_delete=models.PROTECT, related_name="schools")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    school_type = models.CharField(max_length=20, choices=SchoolType.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(urn__regex=r"^[0-9]{6}$"), name="school_urn_6"),
        ]

    def __str__(self) -> str:
        return self.name


class ContactRole(models.TextChoices):
    SENCO = "senco", "SENCO"
    AUTISM_CHAMPION = "autism_champion", "Autism champion"
    HEADTEACHER = "headteacher", "Headteacher"
    OTHER = "other", "Other staff"


class SchoolContact(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="contacts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_contacts"
    )
    role = models.CharField(max_length=20, choices=ContactRole.choices)

    # Personal data: changes are kept (core.history), and forgotten with the person.
    history = HistoricalRecords()
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("user",)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "user"], name="school_contact_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}), {self.school}"


class MilestoneKind(models.TextChoices):
    BASELINE = "baseline", "Baseline self-assessment"
    TRAINING = "training", "Staff training"
    PARENT_GROUP = "parent_group", "Parent carer group meeting"
    REVIEW = "review", "Review self-assessment"
    FAMILY_SURVEY = "family_survey", "Family survey"


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    BEHIND = "behind", "Behind"
    ON_TRACK = "on_track", "On track"


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    def visible_to(self, user_id: int, *, is_staff: bool) -> EnrolmentQuerySet:
        """The one rule for who may see a school's work in a cohort: its contacts, the
        cohort's leads, and staff."""
        if is_staff:
            return self
        return self.filter(
            Q(school__contacts__user_id=user_id) | Q(cohort__leads__pk=user_id)
        ).distinct()

    def for_cohort_page(self) -> EnrolmentQuerySet:
        return (
            self.select_related("school", "school__council_area")
            .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_on")))
            .order_by("school__name")
        )


class Enrolment(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_on = models.DateField()
    family_survey_held_on = models.DateField(null=True, blank=True)
    # The consultation that surveys the school's families, once one is linked.
    family_survey = models.ForeignKey(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "school"], name="enrolment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.school} in {self.cohort}"


class Milestone(models.Model):
    """One step in a school's schedule, due on a date and met (or not) on another."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=20, choices=MilestoneKind.choices)
    due_on = models.DateField()
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="milestone_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.enrolment}"

    @property
    def is_met(self) -> bool:
        return self.met_on is not None


def enrolment_progress_status(milestones: list[Milestone], today: date) -> ProgressStatus:
    """Where a school stands in its cohort, from its milestones (the only rule for it):

    - **not started**: no milestone has been met yet;
    - **behind**: at least one milestone is past its due date (before ``today``) and not met;
    - **on track**: something has been met and nothing due is outstanding.

    A milestone due today is not yet late. The caller passes milestones already fetched, so
    a page of many schools makes no query per school.
    """
    if not any(milestone.is_met for milestone in milestones):
        return ProgressStatus.NOT_STARTED
    if any(not milestone.is_met and milestone.due_on < today for milestone in milestones):
        return ProgressStatus.BEHIND
    return ProgressStatus.ON_TRACK


class RoundKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    REVIEW = "review", "Review"
    FOLLOW_UP = "follow_up", "Follow-up review"


ROUND_ORDER = [RoundKind.BASELINE, RoundKind.REVIEW, RoundKind.FOLLOW_UP]


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class AssessmentRound(models.Model):
    """One self-assessment: a draft until it is submitted, then read-only."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="rounds")
    kind = models.CharField(max_length=20, choices=RoundKind.choices)
    status = models.CharField(max_length=20, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment", "started_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="round_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.enrolment}"

    @property
    def is_submitted(self) -> bool:
        return self.status == RoundStatus.SUBMITTED


class Rating(models.Model):
    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="ratings")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="ratings")
    # Empty while a draft has the evidence typed but no level chosen yet; a submitted round has
    # every level.
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=Level.choices,
        validators=[MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)],
    )
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["standard"]
        constraints = [
            models.UniqueConstraint(fields=["round", "standard"], name="rating_once"),
            models.CheckConstraint(
                condition=Q(level__gte=LEVEL_MIN, level__lte=LEVEL_MAX), name="rating_on_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code}: {self.level}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class ActionItem(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="actions")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    owner = models.CharField(max_length=150)
    due_on = models.DateField()
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.action[:60]


class TrainingModule(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="module_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class TrainingRecord(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="training")
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="records")
    staff_completed = models.PositiveIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["module"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "module"], name="training_once"),
        ]

    def __str__(self) -> str:
        return f"{self.module}: {self.staff_completed}"


class ParentGroupMeeting(models.Model):
    """A parent carer group meeting in the school, run by the local forum."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="parent_meetings"
    )
    held_on = models.DateField()
    attendance = models.PositiveIntegerField()
    themes = models.TextField(blank=True, help_text="What parent carers talked about.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Meeting on {self.held_on:%Y-%m-%d}"


# Young people's groups: a programme of kind YOUNG_PEOPLE whose cohorts are groups run by a
# programme lead. Young people have no accounts and are never named: a meeting holds counts by
# age band, themes from the programme's list, and quotes shared with consent.


class AgeBand(models.TextChoices):
    UNDER_11 = "under_11", "Under 11"
    AGED_11_13 = "11_13", "11 to 13"
    AGED_14_16 = "14_16", "14 to 16"
    AGED_17_19 = "17_19", "17 to 19"
    AGED_20_25 = "20_25", "20 to 25"


class Theme(models.Model):
    """Something a group explored, from the list the programme keeps."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="theme_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMeetingQuerySet(models.QuerySet["GroupMeeting"]):
    def for_listing(self) -> GroupMeetingQuerySet:
        return (
            self.select_related("council_area")
            .prefetch_related("themes", "attendance", "quotes")
            .order_by("-held_on", "-pk")
        )


class GroupMeeting(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="group_meetings")
    held_on = models.DateField()
    place = models.CharField(max_length=200)
    council_area = models.ForeignKey(
        CouncilArea, on_delete=models.PROTECT, related_name="group_meetings"
    )
    themes = models.ManyToManyField(Theme, related_name="meetings", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The young people's feedback form: an open-link consultation that takes answers only
    # while the meeting is on (its opening and closing times).
    feedback_form = models.OneToOneField(
        "consultations.Consultation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = GroupMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.place} on {self.held_on:%Y-%m-%d}"


class GroupAttendance(models.Model):
    """How many young people of one age band came. Never who."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="attendance")
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    count = models.PositiveIntegerField()

    class Meta:
        ordering = ["age_band"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "age_band"], name="attendance_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_age_band_display()}: {self.count}"


class Quote(models.Model):
    """A young person's own words, kept only with their agreement and their parent carer's,
    recorded with the quote: who recorded the agreement, when and how. No names."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField()
    age_band = models.CharField(max_length=10, choices=AgeBand.choices)
    young_person_agreed = models.BooleanField()
    parent_carer_agreed = models.BooleanField()
    consent_how = models.CharField(
        max_length=200, help_text="For example, a signed form kept by the group."
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(young_person_agreed=True, parent_carer_agreed=True),
                name="quote_needs_both_agreements",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]
