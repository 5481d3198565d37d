from __future__ import annotations

from celery import shared_task

from core import outbox


@shared_task(name="coproduce.outbox_send")
def outbox_send(row_id: int) -> str:
    """Send one outbox email. Safe to run twice: a sent email is not sent again."""
    return outbox.outbox_deliver(row_id)


@shared_task(name="coproduce.outbox_sweep")
def outbox_sweep() -> int:
    """Every minute: hand over emails whose task was lost or whose wait is over."""
    return outbox.outbox_sweep()
