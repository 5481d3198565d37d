"""Records every app shares. They point at app objects through content types, so core imports
no app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class ExportLogQuerySet(models.QuerySet["ExportLog"]):
    def for_object(self, subject: models.Model) -> ExportLogQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )


class ExportLog(models.Model):
    """Every export of personal data (a forum's members, a consultation's answers): who, when,
    in what format and how many rows. Apps reach their own with a GenericRelation."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    exported_at = models.DateTimeField(default=timezone.now)
    file_format = models.CharField(max_length=10)
    row_count = models.PositiveIntegerField()

    objects = ExportLogQuerySet.as_manager()

    class Meta:
        ordering = ["-exported_at"]
        indexes = [models.Index(fields=["content_type", "object_id", "-exported_at"])]

    def __str__(self) -> str:
        return f"{self.file_format} export of {self.content_type} {self.object_id} at {self.exported_at:%Y-%m-%d %H:%M}"


def export_log_record(
    *, subject: models.Model, exported_by: AbstractBaseUser, file_format: str, row_count: int
) -> ExportLog:
    """Record an export. Call it inside the transaction that builds the file."""
    return ExportLog.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        exported_by_id=exported_by.pk,
        file_format=file_format,
        row_count=row_count,
    )


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
