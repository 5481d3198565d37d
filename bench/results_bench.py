"""Benchmark: a consultation's results page with 10,000 responses to 20 questions (or, with
BENCH_SIZES, at each of several sizes, growing one consultation from the smallest to the
largest).

Run against a scratch database (it is created, filled and left for inspection):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/results_bench.py
    BENCH_SIZES=1000,10000,100000,300000 DATABASE_URL=… .venv/bin/python bench/results_bench.py

It prints the time to count the results (median of 5), the number of queries, the peak
Python memory while counting and while rendering the page, and the page's median and 95th
percentile over BENCH_PAGE_RUNS loads (20 by default) of the lead's view and of a view
filtered by respondent type. With BENCH_SIZES the figures go to
bench/results/results_bench.json.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import bench_forum_lead, django_ready

django_ready()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

if TYPE_CHECKING:
    from accounts.models import User
    from consultations.models import Consultation

RESPONSES = int(os.environ.get("BENCH_RESPONSES", "10000"))
PAGE_RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "20"))
RESULTS = Path(__file__).resolve().parent / "results"


def build(
    responses: int = RESPONSES, *, grow: bool = False, title: str = "Bench", seed: int = 0
) -> tuple[Consultation, User]:
    """The bench consultation with ``responses`` sent responses. With ``grow``, a smaller one
    is topped up rather than built again (a thousand at a time, each batch its own seed)."""
    from consultations.models import Consultation
    from tests.consultations.factories import consultation_with_responses, responses_add

    forum, lead = bench_forum_lead()
    existing = Consultation.objects.filter(forum=forum, title=title).first()
    count = existing.responses.count() if existing else 0
    if existing and count == responses:
        return existing, lead
    started = time.perf_counter()
    if existing and grow and count < responses and count % 1000 == 0:
        responses_add(existing, responses - count, seed=seed + count // 1000 + 1)
        consultation = existing
    else:
        if existing:
            existing.delete()
        # The tests' builder: 4 pages of 5 questions, every kind, sent answers written in bulk.
        consultation = consultation_with_responses(
            forum, lead, responses=responses, pages=4, seed=seed, title=title, summary="Bench"
        )
    print(f"inserted {responses - count} responses in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would after a load this size
            cursor.execute("ANALYZE")
    return consultation, lead


def _percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=True)
def measure(consultation: Consultation, lead: User) -> dict[str, object]:
    from consultations.results import consultation_results

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        consultation_results(consultation)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        consultation_results(consultation)
    counting_queries = len(queries)
    tracemalloc.start()
    consultation_results(consultation)
    _, counting_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    client = Client()
    client.force_login(lead)
    url = reverse("consultations:results", args=[consultation.pk])
    page_timings = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        response = client.get(url)
        page_timings.append(time.perf_counter() - started)
    assert response.status_code == 200, response.status_code
    tracemalloc.start()
    with CaptureQueriesContext(connection) as page_queries:
        client.get(url)
    page_query_count = len(page_queries)
    _, page_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    filtered_timings = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        client.get(url, {"respondent_type": "practitioner"})
        filtered_timings.append(time.perf_counter() - started)
    print(
        f"database: {connection.vendor}, responses: {consultation.responses.count()}, questions: 20"
    )
    print(
        f"consultation_results: median {statistics.median(timings) * 1000:.0f} ms, {counting_queries} queries, peak {counting_peak / 1e6:.1f} MB"
    )
    print(
        f"results page: median {statistics.median(page_timings) * 1000:.0f} ms, p95 {_percentile(page_timings, 0.95) * 1000:.0f} ms, {page_query_count} queries, peak {page_peak / 1e6:.1f} MB, {len(response.content) / 1e3:.0f} kB of HTML"
    )
    print(
        f"filtered page: median {statistics.median(filtered_timings) * 1000:.0f} ms, p95 {_percentile(filtered_timings, 0.95) * 1000:.0f} ms"
    )
    return {
        "database": connection.vendor,
        "responses": consultation.responses.count(),
        "consultation_results_median_ms": round(statistics.median(timings) * 1000, 1),
        "consultation_results_queries": counting_queries,
        "page_median_ms": round(statistics.median(page_timings) * 1000, 1),
        "page_p95_ms": round(_percentile(page_timings, 0.95) * 1000, 1),
        "filtered_page_median_ms": round(statistics.median(filtered_timings) * 1000, 1),
        "filtered_page_p95_ms": round(_percentile(filtered_timings, 0.95) * 1000, 1),
        "page_queries": page_query_count,
        "page_peak_python_mb": round(page_peak / 1e6, 1),
    }


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    sizes = os.environ.get("BENCH_SIZES", "")
    if not sizes:
        measure(*build())
    else:
        figures = []
        RESULTS.mkdir(exist_ok=True)
        for size in sizes.split(","):
            figures.append(measure(*build(int(size), grow=True)))
            # Written after each size, so a long run's figures so far are kept.
            (RESULTS / "results_bench.json").write_text(
                json.dumps({"questions": 20, "runs": PAGE_RUNS, "sizes": figures}, indent=2) + "\n"
            )
