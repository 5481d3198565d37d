from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.models import AccessLog
from forums.models import Forum, Region

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


class Audience(models.TextChoices):
    MEMBERS = "members", "Members of chosen forums"
    OPEN_LINK = "open_link", "Anyone with the link, without an account"


class RespondentTypes(models.TextChoices):
    PARENT_CARERS = "parent_carers", "Parent carers"
    PRACTITIONERS = "practitioners", "Practitioners"
    BOTH = "both", "Parent carers and practitioners"


class IdentityMode(models.TextChoices):
    NAMED = "named", "Named: we know who answered"
    ANONYMOUS = "anonymous", "Anonymous: once sent, answers keep no link to the person"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SCHEDULED = "scheduled", "Scheduled"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    PUBLISHED = "published", "Results published"


class ResultsAudience(models.TextChoices):
    MEMBERS = "members", "Members of the forum"
    PUBLIC = "public", "Everyone"


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def launched(self) -> ConsultationQuerySet:
        return self.filter(launched_at__isnull=False)

    def open_now(self) -> ConsultationQuerySet:
        now = timezone.now()
        return self.launched().filter(opens_at__lte=now, closes_at__gt=now)

    def for_respondent(self, user: User | AnonymousUser | None) -> ConsultationQuerySet:
        """Open consultations this person may answer (the rule is
        consultations.permissions.answerable_by)."""
        from consultations.permissions import answerable_by  # it filters this model

        return self.open_now().filter(answerable_by(user))

    def with_impact(self) -> ConsultationQuerySet:
        return self.filter(
            Q(results_published_at__isnull=False) | Q(actions__isnull=False)
        ).distinct()


class Consultation(models.Model):
    """A forum's (or, run by staff, a region's) set of questions to its community."""

    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.CASCADE, related_name="consultations"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField(max_length=200)
    summary = models.TextField()
    easy_read_summary = models.TextField(blank=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    audience = models.CharField(max_length=20, choices=Audience.choices, default=Audience.MEMBERS)
    audience_forums = models.ManyToManyField(Forum, blank=True, related_name="audience_for")
    respondent_types = models.CharField(
        max_length=20, choices=RespondentTypes.choices, default=RespondentTypes.PARENT_CARERS
    )
    identity_mode = models.CharField(
        max_length=20, choices=IdentityMode.choices, default=IdentityMode.ANONYMOUS
    )
    consent_statement = models.TextField(
        blank=True,
        help_text="What respondents agree to about quoting their words. Without it, no quotes are published.",
    )
    open_link_token = models.CharField(max_length=40, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    launched_at = models.DateTimeField(null=True, blank=True)
    you_said = models.TextField(blank=True)
    results_published_at = models.DateTimeField(null=True, blank=True)
    results_audience = models.CharField(max_length=10, choices=ResultsAudience.choices, blank=True)

    # Every export of its answers (who, when, in what format, how many rows).
    access_log = GenericRelation(AccessLog)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forum__isnull=False) | Q(region__isnull=False),
                name="consultation_has_owner",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        if self.launched_at is None:
            return Status.DRAFT
        if self.results_published_at is not None:
            return Status.PUBLISHED
        now = timezone.now()
        if now < self.opens_at:
            return Status.SCHEDULED
        if now < self.closes_at:
            return Status.OPEN
        return Status.CLOSED

    def get_status_display(self) -> str:
        return Status(self.status).label

    @property
    def is_draft(self) -> bool:
        return self.launched_at is None

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def has_closed(self) -> bool:
        return self.launched_at is not None and timezone.now() >= self.closes_at

    @property
    def is_anonymous(self) -> bool:
        return self.identity_mode == IdentityMode.ANONYMOUS

    @property
    def owner_name(self) -> str:
        if self.forum is not None:
            return self.forum.name
        return f"{self.region.name} region" if self.region is not None else ""


class Section(models.Model):
    """One page of questions."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice"
    SCALE = "scale", "Rating scale"
    AGREEMENT = "agreement", "Agree or disagree statement"
    YES_NO = "yes_no", "Yes, no or not sure"
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    PRIORITIES = "priorities", "Priorities: pick and order your top choices"


AGREEMENT_CHOICES = [
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
]
YES_NO_CHOICES = ["Yes", "No", "Not sure"]


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    text = models.CharField(max_length=500)
    help_text = models.TextField(blank=True)
    required = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    allow_other = models.BooleanField(
        default=False, help_text="Single choice: add “Other, please say”"
    )
    max_choices = models.PositiveSmallIntegerField(null=True, blank=True)
    scale_min = models.SmallIntegerField(default=1)
    scale_max = models.SmallIntegerField(default=5)
    scale_min_label = models.CharField(max_length=60, blank=True)
    scale_max_label = models.CharField(max_length=60, blank=True)
    max_length = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["section__position", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_choice(self) -> bool:
        from consultations.question_kinds import kind_of  # the table imports this module

        return kind_of(self).is_choice

    @property
    def is_text(self) -> bool:
        from consultations.question_kinds import kind_of

        return kind_of(self).is_text

    @property
    def is_ranked(self) -> bool:
        from consultations.question_kinds import kind_of

        return kind_of(self).ranked

    @property
    def change_anchor(self) -> str:
        """Where "Change" on Check your answers takes the person: the question's first field."""
        from consultations.question_kinds import kind_of

        return f"id_q{self.pk}{kind_of(self).change_anchor_suffix}"

    @property
    def text_limit(self) -> int:
        from consultations.question_kinds import kind_of

        return self.max_length or kind_of(self).default_text_limit

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class RespondentType(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent carer"
    PRACTITIONER = "practitioner", "Practitioner"
    PUBLIC = "public", "Answered by open link"


def random_id() -> int:
    """A random positive 63-bit number, so that an id says nothing about when a row was written."""
    return secrets.randbelow(2**63 - 1) + 1


class RandomIdField(models.BigIntegerField):  # type: ignore[type-arg]
    """A primary key chosen at random rather than counted up.

    Counted-up ids put rows in the order they were written, which lines up answers with other
    records of when people were active. On SQLite the column is declared ``integer`` so that it
    is the table's rowid: with any other type SQLite keeps a hidden rowid that counts up.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("primary_key", True)
        kwargs.setdefault("default", random_id)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "sqlite":
            return "integer"
        return super().db_type(connection)


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(submitted_at__isnull=False)

    def drafts(self) -> ResponseQuerySet:
        return self.filter(submitted_at__isnull=True)


class Response(models.Model):
    """One person's answers to one consultation.

    Named consultations keep ``respondent`` throughout. For anonymous ones, a draft is linked to
    whoever is writing it (``respondent`` for a member; ``draft_key``, a hash of a secret only
    their browser or session holds, without an account or while changing sent answers). Sending
    copies the answers into new rows with random ids, no person, no key, and dates cut to the
    day; the draft is deleted. See docs/anonymous-answers.md.
    """

    id = RandomIdField()
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    draft_key = models.CharField(max_length=64, blank=True)
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A draft of changes to sent anonymous answers.",
    )
    respondent_type = models.CharField(max_length=20, choices=RespondentType.choices)
    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=20, unique=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    quote_consent = models.BooleanField(default=False)
    change_code_hash = models.CharField(max_length=128, blank=True)
    change_attempts_failed = models.PositiveSmallIntegerField(default=0)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "respondent"],
                condition=Q(respondent__isnull=False),
                name="one_response_per_person",
            ),
            models.UniqueConstraint(
                fields=["draft_key"], condition=~Q(draft_key=""), name="one_draft_per_key"
            ),
        ]
        indexes = [
            # Counting answers still being written (shown beside the results) reads only drafts.
            models.Index(
                fields=["consultation"],
                condition=Q(submitted_at__isnull=True),
                name="response_drafts",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class Participation(models.Model):
    """That a member has taken part in an anonymous consultation, so they cannot send twice.

    Written when they start (while their draft is openly theirs), never when they send. Kept
    apart from the answers on purpose: no link to the response, no date, a random id.
    """

    id = RandomIdField()
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="participations"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="one_participation_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"Taken part in {self.consultation_id}"


class Answer(models.Model):
    id = RandomIdField()
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    number = models.SmallIntegerField(null=True, blank=True)
    other_text = models.CharField(max_length=500, blank=True)
    featured = models.BooleanField(default=False, help_text="Chosen by a lead as a published quote")
    themes: models.ManyToManyField[Theme, Any] = models.ManyToManyField(
        "Theme", blank=True, related_name="answers"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]
        indexes = [
            # Published results read the chosen quotes: a handful among every answer.
            models.Index(fields=["question"], condition=Q(featured=True), name="featured_answers")
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question_id}"


class AnswerChoice(models.Model):
    id = RandomIdField()
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="selected")
    choice = models.ForeignKey(Choice, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        # By the option, not the (random) id, so unranked picks keep the question's order.
        ordering = ["rank", "choice_id"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "choice"], name="choice_once_per_answer")
        ]

    def __str__(self) -> str:
        return f"Choice {self.choice_id}" + (f" ranked {self.rank}" if self.rank else "")


class Theme(models.Model):
    """A theme a lead codes free-text answers into."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="unique_theme_name")
        ]

    def __str__(self) -> str:
        return self.name


class OwnerType(models.TextChoices):
    COUNCIL = "council", "Council"
    NHS = "nhs", "NHS board"
    SCHOOL = "school", "School or college"
    FORUM = "forum", "Parent Carer Forum"
    OTHER = "other", "Other organisation"


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    NOT_POSSIBLE = "not_possible", "Not possible"


class Action(models.Model):
    """“We did / we will”: what a partner did about what families said."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_type = models.CharField(max_length=20, choices=OwnerType.choices)
    owner_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    not_possible_reason = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    evidence_url = models.URLField(blank=True)
    questions = models.ManyToManyField(Question, blank=True, related_name="actions")
    themes = models.ManyToManyField(Theme, blank=True, related_name="actions")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class ImpactUpdate(models.Model):
    """A change to an action, recorded for the consultation's respondents. Delivered by the
    notifications service: named respondents by email, everyone on the impact page."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="impact_updates"
    )
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    message = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message


class TallyMeasure(models.TextChoices):
    RESPONDENTS = "respondents", "Sent responses"
    ANSWERED = "answered", "Answers to the question"
    CHOICE = "choice", "Picks of an option, by place"
    NUMBER = "number", "Answers at a point of a scale"
    OTHER = "other", "Answers with an “other” text"
    THEME = "theme", "Answers coded with a theme"


class Tally(models.Model):
    """A running count of sent answers, kept in the same transaction as the answers it counts,
    so that results are read from a few hundred rows whatever the number of responses.

    One row per (measure, question, forum, respondent type, item, place): the results page
    filters by forum and respondent type, and sums the rest. Keys are plain numbers, 0 for
    "none", so one unique index serves the upsert (NULLs would never conflict). ``item`` is
    the option, scale point or theme; ``place`` the rank of a priorities pick.
    consultations.tallies writes them; ``manage.py tallies_rebuild`` recounts them."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    measure = models.CharField(max_length=12, choices=TallyMeasure.choices)
    question_key = models.BigIntegerField(default=0)
    forum_key = models.BigIntegerField(default=0)
    respondent_type = models.CharField(max_length=20)
    item = models.BigIntegerField(default=0)
    place = models.IntegerField(default=0)
    total = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "consultation",
                    "measure",
                    "question_key",
                    "forum_key",
                    "respondent_type",
                    "item",
                    "place",
                ],
                name="one_tally_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.question_key}/{self.item}: {self.total}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being written"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Could not be finished"


class ExportJob(models.Model):
    """A large export, written by a background job into settings.EXPORTS_DIR, for the person
    who asked for it alone. The file is deleted after settings.EXPORT_RETENTION_DAYS."""

    id = RandomIdField()
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="export_jobs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_format = models.CharField(max_length=4)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # The file's name inside EXPORTS_DIR (random, so that names say nothing).
    file_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_format} export of {self.consultation_id}"

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.READY:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.READY, ExportStatus.FAILED)
