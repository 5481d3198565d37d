from __future__ import annotations

from celery import shared_task

from raised import services


@shared_task
def overdue_matters_flag() -> tuple[int, int]:
    """Daily: flag overdue matters to partners, then commissioners. Safe to run twice."""
    return services.overdue_matters_flag()
