"""Peer Network sessions and family groups, their bookings, attendance and feedback.

Who may see a session and who may book a place are rules in ``permissions.py``; how many places
a person's booking can take is decided here, by ``Session.seat_for`` and ``Session.places_for``,
and used by the booking service and by every page that shows places left.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Role, User
from forums.models import Forum, Region


class Topic(models.Model):
    """What a session or resource is about. The list is data, kept short on purpose."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SessionKind(models.TextChoices):
    PEER = "peer", "Peer network session"
    FAMILY = "family", "Family group"


class SessionFormat(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Hybrid (in person and online)"


class Reach(models.TextChoices):
    NETWORK = "network", "The whole network"
    REGION = "region", "A region"
    FORUM = "forum", "One forum"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"
    COMPLETED = "completed", "Completed"


class Seat(models.TextChoices):
    """Which places a booking takes. A session with one total has only ANY places."""

    ANY = "any", "Any"
    PARENT_CARER = "parent_carer", "Parent carer"
    PRACTITIONER = "practitioner", "Practitioner"


class SessionQuerySet(models.QuerySet["Session"]):
    def upcoming(self) -> SessionQuerySet:
        return self.filter(status=SessionStatus.SCHEDULED, ends_at__gt=timezone.now())

    def past(self) -> SessionQuerySet:
        return self.filter(ends_at__lte=timezone.now()).exclude(status=SessionStatus.CANCELLED)

    def with_place_counts(self) -> SessionQuerySet:
        """Confirmed places by seat and the waiting list's length, in the same query."""
        confirmed = Q(bookings__status=BookingStatus.CONFIRMED)
        return self.annotate(
            confirmed_any=Count("bookings", filter=confirmed & Q(bookings__seat=Seat.ANY)),
            confirmed_parent_carer=Count(
                "bookings", filter=confirmed & Q(bookings__seat=Seat.PARENT_CARER)
            ),
            confirmed_practitioner=Count(
                "bookings", filter=confirmed & Q(bookings__seat=Seat.PRACTITIONER)
            ),
            waiting_count=Count("bookings", filter=Q(bookings__status=BookingStatus.WAITING)),
        )

    def for_listing(self) -> SessionQuerySet:
        return (
            self.with_place_counts()
            .select_related("forum", "region")
            .prefetch_related("topics")
            .order_by("starts_at", "pk")
        )


class Session(models.Model):
    """A peer network session or a family group, at one time, online, in person or both."""

    title = models.CharField(max_length=150)
    description = models.TextField()
    topics = models.ManyToManyField(Topic, related_name="sessions", blank=True)
    kind = models.CharField(max_length=10, choices=SessionKind.choices, default=SessionKind.PEER)
    format = models.CharField(
        max_length=10, choices=SessionFormat.choices, default=SessionFormat.ONLINE
    )
    venue_name = models.CharField(max_length=150, blank=True)
    venue_address = models.TextField(blank=True)
    access_information = models.TextField(
        blank=True, help_text="Step-free access, parking, toilets, quiet space, hearing loop."
    )
    joining_link = models.URLField(max_length=500, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="hosted_sessions", blank=True
    )
    reach = models.CharField(max_length=10, choices=Reach.choices, default=Reach.NETWORK)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="sessions"
    )
    # The forum that runs it, if one does; its leads have the hosts' tools too.
    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    # One total, or places kept separately for parent carers and for practitioners.
    capacity = models.PositiveIntegerField(null=True, blank=True)
    parent_carer_places = models.PositiveIntegerField(null=True, blank=True)
    practitioner_places = models.PositiveIntegerField(null=True, blank=True)
    # The calendar event: one UID for the session's life, SEQUENCE raised on each change that
    # people's calendars must take (time, place, cancellation).
    calendar_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0)
    cancelled_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        capacity__isnull=False,
                        parent_carer_places__isnull=True,
                        practitioner_places__isnull=True,
                    )
                    | Q(
                        capacity__isnull=True,
                        parent_carer_places__isnull=False,
                        practitioner_places__isnull=False,
                    )
                ),
                name="session_one_total_or_split_places",
            ),
            models.CheckConstraint(
                condition=(
                    Q(reach=Reach.NETWORK)
                    | Q(reach=Reach.REGION, region__isnull=False)
                    | Q(reach=Reach.FORUM, forum__isnull=False)
                ),
                name="session_reach_names_its_place",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_family_group(self) -> bool:
        return self.kind == SessionKind.FAMILY

    @property
    def meets_in_person(self) -> bool:
        return self.format in (SessionFormat.IN_PERSON, SessionFormat.HYBRID)

    @property
    def meets_online(self) -> bool:
        return self.format in (SessionFormat.ONLINE, SessionFormat.HYBRID)

    @property
    def has_split_places(self) -> bool:
        return self.capacity is None

    @property
    def is_bookable_now(self) -> bool:
        return self.status == SessionStatus.SCHEDULED and self.starts_at > timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()

    def seat_for(self, user: User) -> Seat:
        """The places this person's booking takes: one total for everyone, or the parent
        carers' or the practitioners' places (commissioners and staff sit with practitioners)."""
        if not self.has_split_places:
            return Seat.ANY
        return Seat.PARENT_CARER if user.role == Role.PARENT_CARER else Seat.PRACTITIONER

    def places_for(self, seat: Seat) -> int:
        if seat == Seat.ANY:
            return self.capacity or 0
        if seat == Seat.PARENT_CARER:
            return self.parent_carer_places or 0
        return self.practitioner_places or 0

    def places_left(self, seat: Seat) -> int:
        """Needs ``with_place_counts()``."""
        taken: int = getattr(self, f"confirmed_{seat.value}")
        return max(self.places_for(seat) - taken, 0)

    def places_summary(self) -> list[tuple[str, int, int]]:
        """(label, places, left) for each kind of place. Needs ``with_place_counts()``."""
        if not self.has_split_places:
            return [("Places", self.places_for(Seat.ANY), self.places_left(Seat.ANY))]
        return [
            (
                "Places for parent carers",
                self.places_for(Seat.PARENT_CARER),
                self.places_left(Seat.PARENT_CARER),
            ),
            (
                "Places for practitioners",
                self.places_for(Seat.PRACTITIONER),
                self.places_left(Seat.PRACTITIONER),
            ),
        ]


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", "Place confirmed"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


class BookingQuerySet(models.QuerySet["Booking"]):
    def live(self) -> BookingQuerySet:
        return self.filter(status__in=(BookingStatus.CONFIRMED, BookingStatus.WAITING))

    def confirmed(self) -> BookingQuerySet:
        return self.filter(status=BookingStatus.CONFIRMED)

    def waiting_in_order(self) -> BookingQuerySet:
        return self.filter(status=BookingStatus.WAITING).order_by("queued_at", "pk")


class Booking(models.Model):
    """One person's place, or place in the queue, for one session. One row per person and
    session: cancelling and booking again reuse it, and join the back of the queue."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_bookings"
    )
    status = models.CharField(max_length=10, choices=BookingStatus.choices)
    seat = models.CharField(max_length=15, choices=Seat.choices)
    # Seen by the session's hosts only (permissions.get_session_for_host).
    access_needs = models.TextField(blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Marked by a host after the session: None until they do.
    attended = models.BooleanField(null=True, blank=True)

    # Personal data: changes are kept (core.history), and forgotten with the person.
    history = HistoricalRecords()
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("user",)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["session", "queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_booking_per_person")
        ]
        indexes = [models.Index(fields=["session", "status", "seat"])]

    def __str__(self) -> str:
        return f"{self.user} for {self.session} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == BookingStatus.CONFIRMED

    @property
    def is_waiting(self) -> bool:
        return self.status == BookingStatus.WAITING


class Feedback(models.Model):
    """What an attendee said after a session. Hosts see it summarised."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField()
    one_thing = models.TextField("One thing I will do differently")
    comments = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"Feedback on {self.booking.session}"


class DirectoryListing(models.Model):
    """A member's choice to appear in the network directory. No row, not listed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_listing"
    )
    about = models.CharField("What you can help with", max_length=300, blank=True)
    listed_at = models.DateTimeField(auto_now_add=True)

    # Personal data: changes are kept (core.history), and forgotten with the person.
    history = HistoricalRecords()
    HISTORY_PERSON_FIELDS: ClassVar[tuple[str, ...]] = ("user",)

    def __str__(self) -> str:
        return str(self.user)
