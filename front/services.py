from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from front.models import WorkerHeartbeat

HEARTBEAT_KEEP = timedelta(days=2)


def heartbeat_record(*, source: str) -> WorkerHeartbeat:
    """Write a heartbeat and drop ones older than two days. Safe to run any number of times."""
    with transaction.atomic():
        WorkerHeartbeat.objects.filter(created_at__lt=timezone.now() - HEARTBEAT_KEEP).delete()
        return WorkerHeartbeat.objects.create(source=source)
