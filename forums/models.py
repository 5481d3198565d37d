from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import AccessLog


class Region(models.Model):
    """One of England's regions. Regions change when councils reorganise, so they are data."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncilArea(models.Model):
    """A local authority area. Each has one Parent Carer Forum."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="council_areas")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A town, village or suburb in a council area, so that a person can find their forum by
    the place they live. Loaded from forums/data/places.csv; a name belongs to one area only."""

    name = models.CharField(max_length=100, unique=True)
    council_area = models.ForeignKey(CouncilArea, on_delete=models.CASCADE, related_name="places")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    MEMBER = "member", "Member"
    REPRESENTATIVE = "representative", "Representative"
    STEERING_GROUP = "steering_group", "Steering group"
    LEAD = "lead", "Lead"


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "Asked to join"
    ACTIVE = "active", "Member"
    DECLINED = "declined", "Not accepted"
    LEFT = "left", "Left"


class ForumQuerySet(models.QuerySet["Forum"]):
    def with_public_counts(self) -> ForumQuerySet:
        return self.annotate(
            active_members=Count("memberships", filter=Q(memberships__status="active"))
        )

    def for_listing(self) -> ForumQuerySet:
        return self.select_related("region").prefetch_related(
            Prefetch("council_areas", queryset=CouncilArea.objects.order_by("name"))
        )


class Forum(models.Model):
    """A Parent Carer Forum: parent-led, independent, covering one or more council areas."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="forums")
    council_areas = models.ManyToManyField(CouncilArea, related_name="forums")
    description = models.TextField(blank=True)
    contact_email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    logo = models.ImageField(upload_to="forum-logos/", blank=True)
    independence_statement = models.TextField(
        blank=True,
        help_text="How the forum stays independent of the council and the NHS.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Every export of its member list (who, when, how many rows).
    access_log = GenericRelation(AccessLog)

    objects = ForumQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=MembershipStatus.ACTIVE)

    def leads(self) -> MembershipQuerySet:
        return self.active().filter(role=MembershipRole.LEAD)

    def with_waiting_requests(self) -> MembershipQuerySet:
        """Annotate each membership with its forum's join requests waiting for a decision."""
        waiting = (
            Membership.objects.filter(
                forum=models.OuterRef("forum"), status=MembershipStatus.PENDING
            )
            .values("forum")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(waiting_requests=models.Subquery(waiting))

    def waiting_first(self) -> MembershipQuerySet:
        """Requests waiting for a decision first, then members, then the rest, by name."""
        order = models.Case(
            models.When(status=MembershipStatus.PENDING, then=0),
            models.When(status=MembershipStatus.ACTIVE, then=1),
            default=2,
        )
        return self.order_by(order, "user__full_name", "pk")

    def search(self, text: str) -> MembershipQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(user__full_name__icontains=text) | Q(user__email__icontains=text))


class Membership(models.Model):
    """A person's place in a forum. One row per person and forum; its status records the story."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    request_message = models.TextField(blank=True)
    decision_message = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # When the leads were last emailed about this person's request to join. Kept on the row
    # (which outlives leaving and asking again) so that the limit holds across restarts.
    lead_emailed_at = models.DateTimeField(null=True, blank=True)

    # Personal data: changes are kept (core.history), and forgotten with the person.
    history = HistoricalRecords()
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("user",)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["forum", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="one_membership_per_forum")
        ]
        indexes = [models.Index(fields=["forum", "status", "role"])]

    def __str__(self) -> str:
        return (
            f"{self.user} in {self.forum} ({self.get_role_display()}, {self.get_status_display()})"
        )

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_lead(self) -> bool:
        return self.is_active and self.role == MembershipRole.LEAD


# How long an invitation's link works after it was last sent.
INVITATION_LIFETIME = timedelta(days=14)


class InvitationStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    ACCEPTED = "accepted", "Accepted"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"


def invitation_status_filters() -> dict[InvitationStatus, Q]:
    """Which invitations are in each status, as filters: the rule ``Invitation.status`` applies
    to one invitation, written once for querysets."""
    live = Q(accepted_at__isnull=True, cancelled_at__isnull=True)
    cutoff = timezone.now() - INVITATION_LIFETIME
    return {
        InvitationStatus.PENDING: live & Q(sent_at__gt=cutoff),
        InvitationStatus.EXPIRED: live & Q(sent_at__lte=cutoff),
        InvitationStatus.ACCEPTED: Q(accepted_at__isnull=False),
        InvitationStatus.CANCELLED: Q(accepted_at__isnull=True, cancelled_at__isnull=False),
    }


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Invitations whose latest link still works: not accepted, not cancelled, not expired."""
        return self.filter(invitation_status_filters()[InvitationStatus.PENDING])

    def status_counts(self) -> dict[str, int]:
        """How many invitations are in each status, in one query."""
        counts = self.aggregate(
            **{
                str(status): Count("pk", filter=rule)
                for status, rule in invitation_status_filters().items()
            }
        )
        return {key: int(value) for key, value in counts.items()}


class Invitation(models.Model):
    """A lead's invitation to join, sent by email as a signed link that expires.

    Each sending makes a new link and makes the ones before it stop working: the link carries
    ``times_sent``, and works only while that is still the invitation's own."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(
        max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # When the latest link was emailed, and how many links have been emailed in all.
    sent_at = models.DateTimeField(default=timezone.now)
    times_sent = models.PositiveSmallIntegerField(default=1)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Personal data: changes are kept (core.history), and forgotten with the person.
    history = HistoricalRecords()
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("email", "accepted_by")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.email} for {self.forum}"

    @property
    def expires_at(self) -> datetime:
        return self.sent_at + INVITATION_LIFETIME

    @property
    def status(self) -> InvitationStatus:
        if self.accepted_at is not None:
            return InvitationStatus.ACCEPTED
        if self.cancelled_at is not None:
            return InvitationStatus.CANCELLED
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    def get_status_display(self) -> str:
        return str(self.status.label)


class NewsVisibility(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Members only"


class NewsPostQuerySet(models.QuerySet["NewsPost"]):
    def public(self) -> NewsPostQuerySet:
        return self.filter(visibility=NewsVisibility.PUBLIC)

    def visible_to(self, *, is_member: bool) -> NewsPostQuerySet:
        return self if is_member else self.public()


class NewsPost(models.Model):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="news")
    title = models.CharField(max_length=200)
    body = models.TextField()
    visibility = models.CharField(
        max_length=10, choices=NewsVisibility.choices, default=NewsVisibility.PUBLIC
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set when a lead changes the post after publishing it; readers see "Last updated".
    updated_at = models.DateTimeField(null=True, blank=True)
    # The key of the form that created the post: sending that form again finds this post
    # instead of publishing a second copy.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = NewsPostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title


class RepresentativeRole(models.Model):
    """A seat a forum representative holds on a partnership board or group."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representative_roles"
    )
    board = models.CharField(max_length=200)
    term_start = models.DateField()
    term_end = models.DateField(null=True, blank=True)
    declared_interests = models.TextField(blank=True)

    class Meta:
        ordering = ["board", "term_start"]

    def __str__(self) -> str:
        return f"{self.user} on {self.board}"

    @property
    def is_current(self) -> bool:
        return self.term_end is None or self.term_end >= timezone.localdate()


class EngagementMethod(models.TextChoices):
    SURVEY = "survey", "Survey"
    COFFEE_MORNING = "coffee_morning", "Coffee morning"
    FOCUS_GROUP = "focus_group", "Focus group"
    EVENT = "event", "Event"
    SOCIAL_MEDIA = "social_media", "Social media group"
    MEETING = "meeting", "Meeting with services"
    OTHER = "other", "Other"


class LadderRung(models.IntegerChoices):
    """The Ladder of co-production (Think Local Act Personal), from the bottom rung up."""

    COERCION = 1, "Coercion"
    EDUCATING = 2, "Educating"
    INFORMING = 3, "Informing"
    CONSULTATION = 4, "Consultation"
    ENGAGEMENT = 5, "Engagement"
    CO_DESIGN = 6, "Co-design"
    CO_PRODUCTION = 7, "Co-production"


class EngagementEntry(models.Model):
    """One way the forum gathered views offline: the evidence of its reach."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="engagement_entries")
    date = models.DateField()
    method = models.CharField(max_length=20, choices=EngagementMethod.choices)
    title = models.CharField(max_length=200)
    participants = models.PositiveIntegerField(help_text="How many parent carers took part")
    themes = models.TextField(help_text="The themes raised, one per line")
    ladder_rung = models.PositiveSmallIntegerField(choices=LadderRung.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name_plural = "engagement entries"

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"

    @property
    def theme_list(self) -> list[str]:
        return [line.strip() for line in self.themes.splitlines() if line.strip()]
