"""What a person asked of their own data: downloads of it, and the record that an account was
deleted (which holds nothing about the person)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def export_link_lifetime() -> timedelta:
    return timedelta(days=settings.DATA_EXPORT_LINK_DAYS)


# A download takes seconds to build; one still not built after this has lost its task.
STUCK_AFTER = timedelta(hours=1)


class ExportStatus(models.TextChoices):
    PREPARING = "preparing", "Being prepared"
    READY = "ready", "Ready to download"
    EXPIRED = "expired", "Expired"


class DataExportQuerySet(models.QuerySet["DataExport"]):
    def preparing(self) -> DataExportQuerySet:
        return self.filter(ready_at__isnull=True)

    def expired(self, now: datetime | None = None) -> DataExportQuerySet:
        """Downloads whose link has stopped working (their file is deleted by retention)."""
        return self.filter(ready_at__lte=(now or timezone.now()) - export_link_lifetime())


class DataExport(models.Model):
    """One download of a person's data: a ZIP built by a background task, kept outside the
    static and media folders (PRIVATE_FILES_ROOT) and served only to that person, signed in,
    for DATA_EXPORT_LINK_DAYS."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    # Relative to PRIVATE_FILES_ROOT; blank until built and again once deleted.
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # A second request while one is being prepared makes no second download.
            models.UniqueConstraint(
                fields=["user"], condition=Q(ready_at__isnull=True), name="one_export_preparing"
            )
        ]

    def __str__(self) -> str:
        return f"Data download {self.pk} ({self.get_status_display()})"

    @property
    def expires_at(self) -> datetime | None:
        return self.ready_at + export_link_lifetime() if self.ready_at else None

    @property
    def status(self) -> ExportStatus:
        if self.ready_at is None:
            return ExportStatus.PREPARING
        if not self.file_name or (self.expires_at and self.expires_at <= timezone.now()):
            return ExportStatus.EXPIRED
        return ExportStatus.READY

    def get_status_display(self) -> str:
        return str(self.status.label)

    @property
    def is_stuck(self) -> bool:
        """Still being prepared long after it was asked for: its task was lost (a worker
        stopped), so asking again starts it again."""
        return self.ready_at is None and self.requested_at < timezone.now() - STUCK_AFTER


# What each count in an Erasure means, in the order the staff page lists them.
ERASURE_COUNTS = {
    "answers_unlinked": "Sent named answers unlinked (still counted)",
    "drafts_deleted": "Unsent answers deleted",
    "bookings_cancelled": "Future bookings cancelled",
    "bookings_deleted": "Bookings deleted",
    "memberships_ended": "Forum memberships ended",
    "emails_deleted": "Emails deleted",
    "invitations_deleted": "Invitations deleted",
    "downloads_deleted": "Data downloads deleted",
    "sessions_ended": "Signed-in sessions ended",
    "history_rows": "Change history entries removed or unlinked",
}


class Erasure(models.Model):
    """That an account was deleted, and how much went with it. Holds no name, address, id or
    time of day of the person: only the date and counts."""

    erased_on = models.DateField()
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-erased_on", "-pk"]
        verbose_name = "account deletion"

    def __str__(self) -> str:
        return f"Account deleted on {self.erased_on:%d %B %Y}"

    def count_lines(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(key, 0)) for key, label in ERASURE_COUNTS.items()]
