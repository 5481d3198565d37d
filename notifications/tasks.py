from __future__ import annotations

from datetime import datetime

from celery import shared_task
from django.utils import timezone

from notifications import digests, reminders


@shared_task(name="notifications.reminders_send")
def reminders_send() -> dict[str, int]:
    """Every hour: each reminder that is due. Safe to run twice (each email has its key)."""
    return reminders.reminders_send()


@shared_task(name="notifications.digests_send")
def digests_send(at: str | None = None) -> int:
    """Every hour: queue one task per chunk of people whose daily or weekly digest is due now.
    Returns how many chunk tasks were queued."""
    now = datetime.fromisoformat(at) if at else timezone.now()
    queued = 0
    for period in digests.PERIODS:
        for first, last in digests.digest_ranges(period, now):
            digest_batch.delay(period, first, last, now.isoformat())
            queued += 1
    return queued


@shared_task(name="notifications.digest_batch")
def digest_batch(period: str, first_id: int, last_id: int, at: str) -> int:
    """One chunk of people's digests. Safe to run twice: each digest's key is (person, period)."""
    return digests.digest_batch(period, first_id, last_id, datetime.fromisoformat(at))
