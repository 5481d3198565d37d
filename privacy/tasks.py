from __future__ import annotations

from celery import shared_task

from privacy import retention, services


@shared_task(name="privacy.data_export_build")
def data_export_build(export_id: int) -> bool:
    """Build a person's data download and email them the link. Safe to run twice."""
    return services.data_export_build(export_id=export_id) is not None


@shared_task(name="privacy.retention_apply")
def retention_apply() -> dict[str, int]:
    """Every night: delete or unlink what has been kept as long as the settings allow."""
    return retention.retention_apply()
