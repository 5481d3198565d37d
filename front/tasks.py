from __future__ import annotations

from celery import shared_task

from front import services


@shared_task(name="coproduce.heartbeat_record")
def heartbeat_record(*, source: str) -> int:
    """Record that a worker ran a task; the health page and the integration tests read it."""
    return services.heartbeat_record(source=source).pk
