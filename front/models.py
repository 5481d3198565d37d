from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """A row written by the background worker each time the scheduler's heartbeat task runs."""

    source = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} at {self.created_at:%Y-%m-%d %H:%M}"
