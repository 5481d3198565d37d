"""Matters a forum raises early with the partners who can act, and the clock on their answers.

The clock counts working days (``raised.working_days``): weekends and England and Wales bank
holidays (``BankHoliday``, loaded from raised/data/bank_holidays.csv) do not count. Which
matters a person may see is ``raised.permissions``; what counts as overdue is
``Matter.is_overdue`` with ``working_days``, used by every list and by the flagging task.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from consultations.models import Action, Answer, Theme
from forums.models import CouncilArea, EngagementEntry, Forum


class BankHoliday(models.Model):
    """A bank holiday in England and Wales. Data, kept in raised/data/bank_holidays.csv."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name} ({self.date})"


class PartnerKind(models.TextChoices):
    COUNCIL = "council", "Council SEND service"
    ICB = "icb", "Integrated care board"
    HOSPITAL = "hospital", "Hospital or community health trust"
    SCHOOL_TRUST = "school_trust", "School or academy trust"
    VOLUNTARY = "voluntary", "Voluntary organisation"
    OTHER = "other", "Other organisation"


DEFAULT_RESPONSE_DAYS = 20


class Partner(models.Model):
    """An organisation a forum works with, with the named person who answers for it."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=PartnerKind.choices)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="partner_contacts"
    )
    response_days = models.PositiveSmallIntegerField(
        "Agreed working days to a first response", default=DEFAULT_RESPONSE_DAYS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "name"], name="one_partner_name_per_forum"),
            models.CheckConstraint(
                condition=Q(response_days__gte=1, response_days__lte=120),
                name="partner_response_days_1_to_120",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AreaOfLife(models.TextChoices):
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    SOCIAL_CARE = "social_care", "Social care"
    TRANSITIONS = "transitions", "Moving to adult services"
    SHORT_BREAKS = "short_breaks", "Short breaks"
    OTHER = "other", "Something else"


class MatterStatus(models.TextChoices):
    RAISED = "raised", "Raised"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESPONDED = "responded", "Responded"
    ACTION_AGREED = "action_agreed", "Action agreed"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed without action"


OPEN_STATUSES = (
    MatterStatus.RAISED,
    MatterStatus.ACKNOWLEDGED,
    MatterStatus.RESPONDED,
    MatterStatus.ACTION_AGREED,
)


class MatterVisibility(models.TextChoices):
    PARTNERS = "partners", "The forum's members and the partner"
    PUBLIC = "public", "Also everyone, once the partner has responded"


class MatterQuerySet(models.QuerySet["Matter"]):
    def open(self) -> MatterQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def published(self) -> MatterQuerySet:
        """Matters anyone may read: public, and answered by the partner."""
        return self.filter(visibility=MatterVisibility.PUBLIC, first_response_at__isnull=False)

    def for_listing(self) -> MatterQuerySet:
        return self.select_related("partner", "forum", "council_area").order_by("-raised_at", "-pk")


class Matter(models.Model):
    """Something families are facing, raised by a forum with a partner who can act."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="matters")
    title = models.CharField(max_length=150)
    description = models.TextField()
    area_of_life = models.CharField(max_length=20, choices=AreaOfLife.choices)
    council_area = models.ForeignKey(CouncilArea, on_delete=models.PROTECT, related_name="+")
    # How many families have raised it, and since when. Never who.
    families = models.PositiveIntegerField()
    families_since = models.DateField()
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="matters")
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=MatterStatus.choices, default=MatterStatus.RAISED
    )
    closed_reason = models.TextField(blank=True)
    visibility = models.CharField(
        max_length=10, choices=MatterVisibility.choices, default=MatterVisibility.PARTNERS
    )
    first_response_at = models.DateTimeField(null=True, blank=True)
    action_agreed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # When the overdue matter was flagged to the partner's contact, then to commissioners.
    flagged_partner_at = models.DateTimeField(null=True, blank=True)
    flagged_commissioners_at = models.DateTimeField(null=True, blank=True)
    # The evidence already in Coproduce.
    themes = models.ManyToManyField(Theme, blank=True, related_name="+")
    engagement_entries = models.ManyToManyField(EngagementEntry, blank=True, related_name="+")
    quotes = models.ManyToManyField(Answer, blank=True, related_name="+")
    # The "You said, we did" action the agreed action became.
    action = models.OneToOneField(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="raised_matter"
    )

    objects = MatterQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["forum", "status"]),
            models.Index(fields=["partner", "status"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class UpdateSide(models.TextChoices):
    FORUM = "forum", "Forum"
    PARTNER = "partner", "Partner"


class MatterUpdate(models.Model):
    """One dated entry in a matter's thread: what the forum or the partner said, and any change
    of status it made."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="updates")
    side = models.CharField(max_length=10, choices=UpdateSide.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    status = models.CharField(max_length=20, choices=MatterStatus.choices, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Update on {self.matter}"
