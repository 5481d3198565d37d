# ruff: noqa: S603, S607  (the service's own programs, started with fixed arguments)
"""Benchmark: building and queueing the weekly digest for every member, as the hourly task does
on Monday at 9am, with a real Celery worker (one process) on a Redis of the benchmark's own.

    BENCH_DB=coproduce_bench .venv/bin/python bench/digest_bench.py    # database from seed_scale

``seed_scale`` gives every forum news from two days ago, so each member (100,000 at scale 1) is
due a digest. The scheduler's task (``notifications.digests_send``) is run here, for next
Monday at 9am London time: it queues one task per 500 people; the worker builds each person's
digest and writes it to the outbox. Sending is the outbox's own work, measured elsewhere: here
emails wait in their own queue (bench/settings.py), which this worker does not take.

Reports digests queued per second (from queueing the first chunk to the last digest written),
the worker's peak resident memory and the total time; writes bench/results/digest_<label>.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack

REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6391"))


def next_monday_9am() -> datetime:
    from notifications.services import LONDON

    today = datetime.now(LONDON).date()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    return datetime(monday.year, monday.month, monday.day, 9, 0, tzinfo=LONDON)


def queue_length(name: str) -> int:
    answer = subprocess.run(
        ["redis-cli", "-p", str(REDIS_PORT), "-n", "0", "llen", name],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(answer.stdout.strip() or 0)


def main() -> dict[str, Any]:
    database = os.environ.get("BENCH_DB", "coproduce_bench")
    label = os.environ.get("BENCH_LABEL", database)
    limit = float(os.environ.get("BENCH_SECONDS", "900"))
    env = stack.production_env(database=database, redis_url=f"redis://127.0.0.1:{REDIS_PORT}/0")
    stack.use_env(env)
    import django

    django.setup()
    from django.db import connection

    from core.models import OutboxEmail
    from forums.models import Membership
    from notifications import tasks
    from notifications.models import Preferences

    members = Membership.objects.active().values("user_id").distinct().count()
    # A second run in the same database starts again from nobody having had this week's digest.
    OutboxEmail.objects.filter(kind="notifications/digest").delete()
    Preferences.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    redis = stack.redis_server_start(REDIS_PORT)
    worker = None
    try:
        at = next_monday_9am()
        worker = stack.worker_start(env, name="digest", queues="celery")
        time.sleep(3)  # the worker connects before work arrives
        started = time.monotonic()
        chunks = tasks.digests_send(at=at.isoformat())
        peak = 0.0
        last_count, last_change = -1, time.monotonic()
        while time.monotonic() - started < limit:
            time.sleep(1)
            peak = max(peak, stack.peak_rss_mb(worker.pid))
            count = OutboxEmail.objects.filter(kind="notifications/digest").count()
            if count != last_count:
                last_count, last_change = count, time.monotonic()
            if queue_length("celery") == 0 and time.monotonic() - last_change > 5:
                break
        peak = max(peak, stack.peak_rss_mb(worker.pid))
        rows = OutboxEmail.objects.filter(kind="notifications/digest")
        queued = rows.count()
        first = rows.order_by("created_at").values_list("created_at", flat=True).first()
        last = rows.order_by("-created_at").values_list("created_at", flat=True).first()
        building = (last - first).total_seconds() if first and last else 0.0
        total = time.monotonic() - started
    finally:
        if worker is not None:
            stack.stop(worker)
        stack.stop(redis)
    result = {
        "label": label,
        "database": database,
        "members": members,
        "chunk_tasks": chunks,
        "digests_queued": queued,
        "total_s": round(total, 1),
        "first_to_last_digest_s": round(building, 1),
        "digests_per_s": round(queued / total, 1) if total else 0.0,
        "worker_peak_rss_mb": round(peak, 1),
        "worker_processes": 1,
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
    }
    stack.RESULTS.mkdir(parents=True, exist_ok=True)
    (stack.RESULTS / f"digest_{label}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"Digests on {label}: {queued:,} of {members:,} members in {total:.1f} s "
        f"({result['digests_per_s']}/s), worker peak RSS {peak:.0f} MB, {chunks} chunk tasks"
    )
    return result


if __name__ == "__main__":
    main()
