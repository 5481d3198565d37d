"""Benchmark: a consultation's results page with 10,000 responses to 20 questions.

Run against a scratch database (it is created, filled and left for inspection):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/results_bench.py

It prints the time to count the results (median of 5), the number of queries, and the peak
Python memory while counting and while rendering the page.
"""

from __future__ import annotations

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


def build() -> tuple[Consultation, User]:
    from consultations.models import Consultation
    from tests.consultations.factories import consultation_with_responses

    forum, lead = bench_forum_lead()
    existing = Consultation.objects.filter(forum=forum, title="Bench").first()
    if existing and existing.responses.count() == RESPONSES:
        return existing, lead
    if existing:
        existing.delete()
    started = time.perf_counter()
    # The tests' builder: 4 pages of 5 questions, every kind, sent answers written in bulk.
    consultation = consultation_with_responses(
        forum, lead, responses=RESPONSES, pages=4, seed=0, title="Bench", summary="Bench"
    )
    print(f"inserted {RESPONSES} responses in {time.perf_counter() - started:.1f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would after a load this size
            cursor.execute("ANALYZE")
    return consultation, lead


@override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=True)
def measure(consultation: Consultation, lead: User) -> None:
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
    for _ in range(3):
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
    print(
        f"database: {connection.vendor}, responses: {consultation.responses.count()}, questions: 20"
    )
    print(
        f"consultation_results: median {statistics.median(timings) * 1000:.0f} ms, {counting_queries} queries, peak {counting_peak / 1e6:.1f} MB"
    )
    print(
        f"results page: median {statistics.median(page_timings) * 1000:.0f} ms, {page_query_count} queries, peak {page_peak / 1e6:.1f} MB, {len(response.content) / 1e3:.0f} kB of HTML"
    )


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    measure(*build())
