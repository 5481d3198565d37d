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
