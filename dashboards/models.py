"""Which council areas each commissioner's figures cover. Staff set it; dashboards.scope reads
it, and nothing else decides what a commissioner may see."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from forums.models import CouncilArea, Region


class CommissionerScope(models.Model):
    """A commissioner's scope: a whole region (every council area in it, including any added
    later), or some council areas."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commissioner_scope"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    council_areas = models.ManyToManyField(CouncilArea, blank=True, related_name="+")
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__email"]

    def __str__(self) -> str:
        return f"Scope of {self.user}"


class Summary(models.Model):
    """A summary table: one dashboard page's tables for one scope (a set of council areas), one
    view of it (all its areas, or one area) and one of the usual times, worked out by the
    periodic job (dashboards.summaries) and read by the page instead of counting live records.
    ``tables`` holds the shown texts only, already suppressed: no count a page would hide is
    stored."""

    scope_key = models.CharField(max_length=64)  # SHA-256 of the sorted area ids
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    view = models.CharField(max_length=20)  # "all", or a council area's id
    page = models.CharField(max_length=50)
    computed_at = models.DateTimeField()
    tables = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "period_start", "period_end", "view", "page"],
                name="summary_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.page} ({self.view}) as of {self.computed_at:%Y-%m-%d %H:%M}"
