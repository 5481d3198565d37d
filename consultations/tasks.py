from __future__ import annotations

from celery import shared_task

from consultations import exports


# A large export takes longer than the project's usual limit (coproduce/celery.py); these stay
# under the broker's visibility timeout (10 minutes), so a running export is never started twice.
@shared_task(name="consultations.export_job_run", soft_time_limit=480, time_limit=540)
def export_job_run(job_id: int) -> str:
    """Write one export's file. Safe to run twice."""
    return exports.export_job_run(job_id)


@shared_task(name="consultations.export_files_expire")
def export_files_expire() -> int:
    """Every hour: delete export files older than settings.EXPORT_RETENTION_DAYS."""
    return exports.export_files_expire()
