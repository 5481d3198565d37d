"""Benchmark: coding free-text answers into themes, with 10,000 answers to one question.

Run against a scratch database (it is created, filled and left for inspection):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/coding_bench.py

It prints the time to code 50 answers with 3 themes and to take them off again (median of 5,
fresh answers each time), and the time and queries of the coding page and the themes page.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
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
    from consultations.models import Consultation, Question

RESPONSES = int(os.environ.get("BENCH_RESPONSES", "10000"))
TITLE = "Coding bench"


def build() -> tuple[Consultation, Question, User]:
    from consultations import services
    from consultations.models import Consultation, Question
    from consultations.selectors import codable_answers
    from tests.consultations.factories import consultation_with_responses

    forum, lead = bench_forum_lead()
    existing = Consultation.objects.filter(forum=forum, title=TITLE).first()
    if existing:
        existing.delete()
    started = time.perf_counter()
    # The tests' two-page consultation: every response answers its one long-text question
    # (references made from seed 50, apart from the results benchmark's).
    consultation = consultation_with_responses(
        forum, lead, responses=RESPONSES, seed=50, title=TITLE, summary="Bench"
    )
    question = Question.objects.select_related("section__consultation__forum").get(
        section__consultation=consultation, kind="long_text"
    )
    themes = [
        services.theme_create(consultation=consultation, edited_by=lead, name=name)
        for name in ("Waiting times", "Support at school", "Short breaks", "Being listened to")
    ]
    # A third of the answers coded already, so "not yet coded" has work to do.
    ids = list(codable_answers(consultation).values_list("pk", flat=True)[: RESPONSES // 3])
    for start in range(0, len(ids), 1000):
        services.answers_code(
            question=question,
            edited_by=lead,
            answer_ids=ids[start : start + 1000],
            themes=themes[:2],
        )
    print(
        f"built {RESPONSES} responses and coded {len(ids)} in {time.perf_counter() - started:.1f}s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would after a load this size
            cursor.execute("ANALYZE")
    return consultation, question, lead


def median_ms(run: Callable[[], object], times: int) -> tuple[float, int]:
    """The median time of ``times`` runs in ms, and the queries of one more."""
    timings = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        run()
    return statistics.median(timings) * 1000, len(queries)


@override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=True)
def measure(consultation: Consultation, question: Question, lead: User) -> None:
    from consultations import services
    from consultations.selectors import codable_answers

    themes = list(consultation.themes.order_by("name")[:3])
    uncoded = list(
        codable_answers(consultation)
        .filter(question=question, themes__isnull=True)
        .values_list("pk", flat=True)[:600]
    )
    batches = iter([uncoded[n : n + 50] for n in range(0, len(uncoded), 50)])
    code_ms, code_queries = median_ms(
        lambda: services.answers_code(
            question=question, edited_by=lead, answer_ids=next(batches), themes=themes
        ),
        5,
    )
    coded = uncoded[:50]
    uncode_ms, uncode_queries = median_ms(
        lambda: services.answers_uncode(
            question=question, edited_by=lead, answer_ids=coded, themes=themes
        ),
        5,
    )
    print(f"database: {connection.vendor}, answers to the question: {RESPONSES}")
    print(f"code 50 answers x 3 themes: median {code_ms:.1f} ms, {code_queries} queries")
    print(f"uncode 50 answers x 3 themes: median {uncode_ms:.1f} ms, {uncode_queries} queries")

    client = Client()
    client.force_login(lead)
    coding_url = reverse("consultations:theme_coding", args=[consultation.pk, question.pk])
    pages = {
        "coding page, not yet coded, page 1": coding_url,
        "coding page, all, page 1": f"{coding_url}?show=all",
        "coding page, all, page 150": f"{coding_url}?show=all&page=150",
        "coding page, one theme, page 1": f"{coding_url}?show={themes[0].pk}",
        "themes page (progress of every question)": reverse(
            "consultations:themes", args=[consultation.pk]
        ),
    }
    for label, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        page_ms, page_queries = median_ms(partial(client.get, url), 5)
        print(f"{label}: median {page_ms:.0f} ms, {page_queries} queries")


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    measure(*build())
