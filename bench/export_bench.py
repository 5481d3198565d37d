"""Benchmark: exporting a consultation's responses as CSV and XLSX, streamed.

Builds the results benchmark's consultation (20 questions over 4 pages, every kind) with
BENCH_RESPONSES sent responses (default 10,000), then exports it through the export view in a
fresh process for each format, reading the whole file as a browser would, and reports the
time, the file's size, the number of queries and the process's peak memory (RSS). Results are
written to bench/results/export_bench.json.

    createdb -h 127.0.0.1 -U postgres coproduce_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/export_bench.py
    # 100,000 responses: BENCH_RESPONSES=100000 …

With BENCH_EXPORT_JOB=1 it also (or, with BENCH_STREAMED=0, only) measures the background job
that writes large exports: a real Celery worker is started in its own process (REDIS_URL must
be set; the queue is the benchmark's own), the job is queued as the export page queues it, and
the time from queueing to the file being ready, the file's size and the worker's peak RSS
(VmHWM) are reported, for CSV and XLSX. The consultation is its own ("Export bench"), so that
the results benchmark can grow its one in the same database meanwhile.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import django_ready  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def measure(consultation_id: int, lead_id: int, file_format: str) -> dict[str, object]:
    """In a fresh process: one export, read to the end."""
    django_ready()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(pk=lead_id))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    size = 0
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("consultations:export", args=[consultation_id, file_format]))
        for part in response.streaming_content:  # type: ignore[attr-defined]
            size += len(part)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "format": file_format,
        "seconds": round(seconds, 2),
        "bytes": size,
        "queries": len(queries),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "rss_before_export_mb": round(before / 1024, 1),
    }


def _peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux's VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    raise RuntimeError("No VmHWM: this measure needs Linux")


def _cpu_seconds(pid: int) -> float:
    """User and system time the process has used (Linux's /proc/<pid>/stat), which a busy
    machine stretches far less than the wall-clock time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_job(consultation_id: int, lead_id: int, file_format: str) -> dict[str, object]:
    """One export written by a real worker, started for this export alone."""
    import uuid

    from accounts.models import User
    from consultations import exports
    from consultations.models import Consultation, ExportJob, ExportStatus
    from coproduce.celery import app
    from front.models import WorkerHeartbeat

    queue = f"bench-export-{uuid.uuid4().hex[:8]}"
    env = {key: value for key, value in os.environ.items() if key != "TESTING"}
    env["EXPORTS_DIR"] = str(exports.exports_dir())  # where this process looks for the file
    worker = subprocess.Popen(  # noqa: S603 (the project's own worker)
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "coproduce",
            "worker",
            "-P",
            "solo",
            "-Q",
            queue,
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        # Ready once it has run a heartbeat: its start is not counted in the export's time.
        app.send_task("coproduce.heartbeat_record", kwargs={"source": queue}, queue=queue)
        while not WorkerHeartbeat.objects.filter(source=queue).exists():
            time.sleep(0.2)
        idle_rss = _peak_rss_mb(worker.pid)
        idle_cpu = _cpu_seconds(worker.pid)
        # The job as export_job_start leaves it (which, with tasks run eagerly as here, would
        # also run it in this process): queued, for the worker's queue alone.
        consultation = Consultation.objects.get(pk=consultation_id)
        job = ExportJob.objects.create(
            consultation=consultation,
            requested_by=User.objects.get(pk=lead_id),
            file_format=file_format,
            rows_total=consultation.responses.submitted().count(),
        )
        queued = time.perf_counter()
        app.send_task("consultations.export_job_run", args=[job.pk], queue=queue)
        started = None
        while True:
            status = ExportJob.objects.filter(pk=job.pk).values_list("status", flat=True).get()
            if started is None and status != ExportStatus.QUEUED:
                started = time.perf_counter()
            if status in (ExportStatus.READY, ExportStatus.FAILED):
                break
            time.sleep(0.1)
        finished = time.perf_counter()
        cpu = _cpu_seconds(worker.pid) - idle_cpu
        job.refresh_from_db()
        path = exports.exports_dir() / job.file_name
        return {
            "format": file_format,
            "mode": "background job",
            "status": job.status,
            "rows": job.rows_done,
            "seconds": round(finished - (started or queued), 2),
            "seconds_from_queueing": round(finished - queued, 2),
            "worker_cpu_seconds": round(cpu, 2),
            "bytes": path.stat().st_size if job.file_name else 0,
            "worker_peak_rss_mb": _peak_rss_mb(worker.pid),
            "worker_idle_rss_mb": idle_rss,
        }
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--measure":
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])))
        return
    django_ready()
    from bench.results_bench import RESPONSES, build

    consultation, lead = build(RESPONSES, title="Export bench", seed=10_000)
    figures = []
    if os.environ.get("BENCH_EXPORT_JOB") == "1":
        for file_format in os.environ.get("BENCH_FORMATS", "csv,xlsx").split(","):
            result = measure_job(consultation.pk, lead.pk, file_format)
            figures.append(result)
            print(
                f"{RESPONSES} responses, {file_format} by a worker: {result['seconds']} s, "
                f"{result['bytes']} bytes, "
                f"worker peak RSS {result['worker_peak_rss_mb']} MB"
            )
    for file_format in ("csv", "xlsx") if os.environ.get("BENCH_STREAMED") != "0" else ():
        out = subprocess.run(  # noqa: S603 (this script, with its own arguments)
            [
                sys.executable,
                __file__,
                "--measure",
                str(consultation.pk),
                str(lead.pk),
                file_format,
            ],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        figures.append(result)
        print(
            f"{RESPONSES} responses, {file_format}: {result['seconds']} s, "
            f"{result['bytes'] / 1e6:.1f} MB file, {result['queries']} queries, "
            f"peak RSS {result['peak_rss_mb']} MB ({result['rss_before_export_mb']} MB before)"
        )
    RESULTS.mkdir(exist_ok=True)
    name = (
        "export_bench.json"
        if os.environ.get("BENCH_EXPORT_JOB") != "1"
        else "export_job_bench.json"
    )
    (RESULTS / name).write_text(
        json.dumps({"responses": RESPONSES, "exports": figures}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
