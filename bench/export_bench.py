"""Benchmark: exporting a consultation's responses as CSV and XLSX, streamed.

Builds the results benchmark's consultation (20 questions over 4 pages, every kind) with
BENCH_RESPONSES sent responses (default 10,000), then exports it through the export view in a
fresh process for each format, reading the whole file as a browser would, and reports the
time, the file's size, the number of queries and the process's peak memory (RSS). Results are
written to bench/results/export_bench.json.

    createdb -h 127.0.0.1 -U postgres coproduce_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/export_bench.py
    # 100,000 responses: BENCH_RESPONSES=100000 …
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


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--measure":
        print(json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])))
        return
    django_ready()
    from bench.results_bench import RESPONSES, build

    consultation, lead = build()
    figures = []
    for file_format in ("csv", "xlsx"):
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
    (RESULTS / "export_bench.json").write_text(
        json.dumps({"responses": RESPONSES, "exports": figures}, indent=2) + "\n"
    )


if __name__ == "__main__":
    main()
