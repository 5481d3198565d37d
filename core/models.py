"""Records every app shares. They point at app objects through content types, so core imports
no app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class AccessKind(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    EXPORTED = "exported", "Exported"
    LIMITED = "limited", "Stopped by a limit"


class AccessWhat(models.TextChoices):
    """What was looked at. Each kind of personal data a lead or staff member can open is one
    entry, so the review page can filter by it."""

    MEMBERS = "members", "Forum members"
    ANSWERS = "answers", "Consultation answers"
    ACCESS_NEEDS = "access_needs", "Bookings and access needs"
    SCHOOL_PROGRESS = "school_progress", "Schools' progress and contacts"
    DASHBOARD = "dashboard", "Dashboard table"
    CONSULTATION_SUBMIT = "consultation_submit", "Sending consultation answers"
    OPEN_LINK_START = "open_link_start", "Starting an open-link consultation"
    INVITATION_SEND = "invitation_send", "Sending invitations"
    BOOKING = "booking", "Booking sessions"


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def for_object(self, subject: models.Model) -> AccessLogQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )

    def exports(self) -> AccessLogQuerySet:
        return self.filter(kind=AccessKind.EXPORTED)


class AccessLog(models.Model):
    """Every time a lead or staff member views or exports personal data (a forum's members, a
    consultation's answers, a session's access needs), and every time a limit stops someone:
    who, what, which object, when and from which network. Apps reach their own entries with a
    GenericRelation. Written by core.access only."""

    kind = models.CharField(max_length=10, choices=AccessKind.choices)
    what = models.CharField(max_length=30, choices=AccessWhat.choices)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    # The network, never the address: the last part of an IPv4 address and all but the first
    # 48 bits of an IPv6 one are dropped (core.access.network_of), so a household cannot be
    # picked out but a run of requests from one place still shows.
    network = models.CharField(max_length=50, blank=True)
    file_format = models.CharField(max_length=10, blank=True)
    row_count = models.PositiveIntegerField(null=True, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-at"], name="core_access_content_idx"
            ),
            models.Index(fields=["person", "-at"], name="core_access_person_idx"),
            models.Index(fields=["-at"], name="core_access_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_what_display()} {self.get_kind_display().lower()} at {self.at:%Y-%m-%d %H:%M}"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SUPPRESSED = "suppressed", "Not sent (the person turned these off)"


class OutboxEmail(models.Model):
    """One email the service sends, and what became of it (core/outbox.py sends them).

    Every email is a row written in the transaction of the change that caused it, so a change
    rolled back emails nobody, and a mail server or broker that is down loses nothing: the row
    waits and is sent later. ``key`` is unique, so the same email is never queued twice."""

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField(max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="outbox_emails",
    )
    kind = models.CharField(max_length=100)
    category = models.CharField(max_length=30, default="essential")
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    # Some emails carry something that must not be kept once sent (a code to carry on an
    # answer that is anonymous): their address and body are blanked after sending.
    forget_after_sending = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    send_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "outbox email"
        indexes = [
            models.Index(fields=["status", "send_after"]),
            models.Index(fields=["to"]),
            models.Index(fields=["user", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.to or 'a forgotten address'} ({self.get_status_display()})"
