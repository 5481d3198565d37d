from __future__ import annotations

from celery import shared_task

from dashboards import summaries


@shared_task(name="dashboards.summaries_refresh")
def summaries_refresh() -> int:
    """Every 30 minutes: the dashboards' summary tables for every scope in use."""
    return summaries.summaries_refresh()
