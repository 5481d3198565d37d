"""Background work goes through a real Celery worker and the configured broker."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.db import OperationalError

from front.models import WorkerHeartbeat
from front.tasks import heartbeat_record


def _wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            # SQLite's in-memory test database locks a table while the worker's thread writes
            # to it: read again a moment later. PostgreSQL never gets here.
            pass
        time.sleep(0.1)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_round_trips_through_a_real_worker(celery_worker: object) -> None:
    heartbeat_record.delay(source="round-trip")
    assert _wait_for(lambda: WorkerHeartbeat.objects.filter(source="round-trip").exists())


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_run_twice_is_harmless(celery_worker: object) -> None:
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


def test_a_task_lost_with_its_worker_is_taken_by_another_within_minutes() -> None:
    """With Redis, a task whose worker is killed outright stays unacknowledged until the broker's
    visibility timeout has passed. It must outlast the longest task (or a slow task still running
    would be started again), and not be an hour, or a reminder waits that long. The settings are
    read in a fresh interpreter with REDIS_URL set, since this one may use the filesystem broker."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import json; from coproduce.celery import app; "
        "print(json.dumps([app.conf.broker_url, app.conf.broker_transport_options, "
        "app.conf.task_time_limit]))"
    )
    env = {**os.environ, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    env.pop("CELERY_BROKER_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    broker_url, options, time_limit = json.loads(result.stdout.strip().splitlines()[-1])
    assert broker_url.startswith("redis://")
    assert time_limit < options["visibility_timeout"] <= 15 * 60
