"""Background work goes through a real Celery worker and the configured broker."""

from __future__ import annotations

import time

import pytest

from front.models import WorkerHeartbeat
from front.tasks import heartbeat_record


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_a_real_worker(celery_worker) -> None:
    heartbeat_record.delay(source="round-trip")
    assert _wait_for(lambda: WorkerHeartbeat.objects.filter(source="round-trip").exists())


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_run_twice_is_harmless(celery_worker) -> None:
    heartbeat_record.delay(source="twice")
    heartbeat_record.delay(source="twice")
    assert _wait_for(lambda: WorkerHeartbeat.objects.filter(source="twice").count() == 2)


def test_celery_is_configured_to_never_drop_a_task() -> None:
    from coproduce.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


@pytest.mark.django_db
def test_the_scheduler_has_the_heartbeat_from_migrations() -> None:
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Worker heartbeat")
    assert task.task == "coproduce.heartbeat_record"
    assert task.enabled
