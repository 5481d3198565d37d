"""Benchmark: the service under load, as deployed (gunicorn, 2 workers, production settings)
on loopback against PostgreSQL and Redis, with a database filled by ``seed_scale``.

    BENCH_DB=coproduce_bench .venv/bin/python bench/load_bench.py          # database seeded already
    BENCH_SEED_SCALE=0.01 BENCH_DB=coproduce_bench_quick .venv/bin/python bench/load_bench.py

Simulated people (BENCH_USERS, 20) each run at most BENCH_ITERATIONS rounds, and stop after
BENCH_SECONDS whatever happens, pausing BENCH_THINK seconds (on average) between requests. A
round: their forum's page; the ceiling, a bare view doing one authenticated read and one insert
(bench/urls.py), which is not part of the service; the session list; answering one open
consultation of their forum (start, the question page, saving it, sending); booking an upcoming
session; a lead's results page; a commissioner's dashboard overview (signed in with their
authenticator code). Each person is signed in by a session made here, as a sign-in would make it.

For each page: the latency percentiles seen by the client, requests per second in the run, the
mean server time (from the X-Bench-Time header; queueing excluded), the number of queries, and
throughput as a share of the ceiling's: the ceiling's mean server time over the page's, which
is the share of the ceiling's requests per second the page would reach on its own. Writes
bench/results/load_<label>.json and a latency chart next to it.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import re
import secrets
import statistics
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack

PAGES = [
    "forum page",
    "session list",
    "answer start",
    "answer page",
    "answer save",
    "answer submission",
    "booking",
    "results page",
    "dashboard overview",
    "ceiling",
]
EXPECTED = {
    "forum page": 200,
    "session list": 200,
    "answer start": 302,
    "answer page": 200,
    "answer save": 302,
    "answer submission": 200,  # anonymous answers: the page with the reference, in reply
    "booking": 302,
    "results page": 200,
    "dashboard overview": 200,
    "ceiling": 200,
}
# What a page must say to count as done, where its status alone does not tell.
CONFIRMS = {"answer submission": 'id="reference"'}


@dataclass
class Task:
    """What one simulated person does in one round."""

    member_cookie: str
    forum_slug: str
    consultation: int | None
    session: int
    lead_cookie: str
    results_consultation: int


@dataclass
class Sample:
    page: str
    seconds: float
    server: float
    queries: int
    status: int
    ok: bool


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class Browser:
    """One person's requests: their session cookie and a CSRF cookie of their own, no redirects
    followed (each POST is measured on its own)."""

    def __init__(self, base: str, session_cookie: str, recorder: Recorder) -> None:
        self.host = urllib.parse.urlsplit(base).netloc
        self.csrf = secrets.token_hex(16)  # 32 characters: an unmasked CSRF secret
        self.cookie = f"sessionid={session_cookie}; csrftoken={self.csrf}"
        self.recorder = recorder

    def request(
        self,
        page: str,
        method: str,
        path: str,
        form: dict[str, str] | list[tuple[str, str]] | None = None,
    ) -> tuple[int, str, str]:
        headers = {"Cookie": self.cookie, "Host": self.host}
        body = None
        if method == "POST":
            fields = list(form.items()) if isinstance(form, dict) else list(form or [])
            body = urllib.parse.urlencode([("csrfmiddlewaretoken", self.csrf), *fields])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        status, text, location, server, queries = 0, "", "", 0.0, 0
        try:
            connection = http.client.HTTPConnection(self.host, timeout=60)
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            status = answer.status
            location = answer.getheader("Location", "")
            server = float(answer.getheader("X-Bench-Time", "0") or 0)
            queries = int(answer.getheader("X-Bench-Queries", "0") or 0)
            connection.close()
        except OSError:
            status = 0
        seconds = time.perf_counter() - started
        ok = status == EXPECTED[page] and CONFIRMS.get(page, "") in text
        self.recorder.add(Sample(page, seconds, server, queries, status, ok))
        return status, text, location


FIELD = re.compile(r'<(input|textarea)\b[^>]*\bname="(q\d+)"[^>]*>', re.S)
VALUE = re.compile(r'\bvalue="([^"]*)"')
TYPE = re.compile(r'\btype="([^"]*)"')


def answers_from(page: str) -> list[tuple[str, str]]:
    """Fill in the question page as a person might: the first option of each choice, a line of
    text in each text box."""
    answers: dict[str, str] = {}
    for match in FIELD.finditer(page):
        tag, name = match.group(1), match.group(2)
        if name in answers:
            continue
        if tag == "textarea":
            answers[name] = "More places in holiday clubs, please."
            continue
        kind = TYPE.search(match.group(0))
        value = VALUE.search(match.group(0))
        if kind and kind.group(1) in {"radio", "checkbox"} and value:
            answers[name] = value.group(1)
        elif kind and kind.group(1) in {"text", "number"}:
            answers[name] = "3"
    return list(answers.items())


def session_cookie(user: Any, *, second_step: bool = False) -> str:
    """A signed-in session for this person, as signing in makes it (and, for a commissioner,
    the record that they gave their authenticator code)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    if second_step:
        from django.test import Client

        from tests.accounts.factories import second_step_record

        client = Client()
        client.force_login(user)
        second_step_record(client, user)
        return str(client.cookies["sessionid"].value)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return str(store.session_key)


def plan(users: int, iterations: int, seed: int = 7) -> tuple[list[list[Task]], str, int]:
    """Each simulated person's rounds, from the seeded data: members who have not answered an
    open consultation of their forum, upcoming sessions open to everyone, leads' closed
    consultations. Returns the rounds, the commissioner's cookie and the number of sessions made."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Role, User
    from consultations.models import Consultation, Participation
    from forums.models import Membership, MembershipRole
    from peer_network.models import Reach, Session, SessionStatus

    rng = random.Random(seed)
    now = timezone.now()
    open_by_forum: dict[int, list[int]] = {}
    for pk, forum_id in Consultation.objects.open_now().values_list("pk", "forum_id"):
        open_by_forum.setdefault(forum_id, []).append(pk)
    closed: dict[int, int] = {}
    for forum_id, pk in (
        Consultation.objects.filter(closes_at__lte=now, forum__isnull=False)
        .order_by("forum_id", "pk")
        .values_list("forum_id", "pk")
    ):
        closed.setdefault(forum_id, pk)
    forums = sorted(set(open_by_forum) & set(closed))
    if not forums:
        raise SystemExit("No forum has both an open and a closed consultation: seed first.")
    leads = {
        m.forum_id: m
        for m in Membership.objects.filter(
            role=MembershipRole.LEAD, forum_id__in=forums
        ).select_related("user", "forum")
    }
    taken = Participation.objects.filter(
        consultation__in=[c for f in forums for c in open_by_forum[f]]
    ).values("user_id")
    sessions = list(
        Session.objects.filter(
            reach=Reach.NETWORK, status=SessionStatus.SCHEDULED, starts_at__gt=now
        ).values_list("pk", flat=True)
    )
    rng.shuffle(sessions)
    made = 0
    lead_cookies: dict[int, str] = {}
    rounds: list[list[Task]] = []
    members_needed = users * iterations
    per_forum = min(members_needed, 20)  # people from several forums, 20 at most from each
    pool: list[tuple[Any, int]] = []  # (member, forum)
    for forum_id in forums:
        chosen = (
            Membership.objects.filter(forum_id=forum_id, role=MembershipRole.MEMBER)
            .exclude(user_id__in=taken)
            .select_related("user")
            .order_by("user_id")[:per_forum]
        )
        pool.extend((m.user, forum_id) for m in chosen)
        if len(pool) >= members_needed:
            break
    rng.shuffle(pool)
    for person in range(users):
        tasks = []
        for round_ in range(iterations):
            member, forum_id = pool[(person * iterations + round_) % len(pool)]
            lead = leads[forum_id]
            if forum_id not in lead_cookies:
                lead_cookies[forum_id] = session_cookie(lead.user)
                made += 1
            tasks.append(
                Task(
                    member_cookie=session_cookie(member),
                    forum_slug=lead.forum.slug,
                    consultation=rng.choice(open_by_forum[forum_id]),
                    session=sessions[(person * iterations + round_) % len(sessions)],
                    lead_cookie=lead_cookies[forum_id],
                    results_consultation=closed[forum_id],
                )
            )
            made += 1
        rounds.append(tasks)
    commissioner = User.objects.filter(role=Role.COMMISSIONER).order_by("pk").first()
    if commissioner is None:
        raise SystemExit("No commissioner: seed first.")
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_ceiling "
            "(id bigserial PRIMARY KEY, user_id bigint NOT NULL, at timestamptz NOT NULL)"
        )
    return rounds, session_cookie(commissioner, second_step=True), made + 1


def round_steps(
    base: str, task: Task, commissioner: str, recorder: Recorder, pause: Callable[[], None]
) -> list[Callable[[], object]]:
    """One round of one person's requests, in order."""
    member = Browser(base, task.member_cookie, recorder)
    lead = Browser(base, task.lead_cookie, recorder)
    boss = Browser(base, commissioner, recorder)
    pk = task.consultation

    def answer() -> None:
        status, _, _ = member.request("answer start", "POST", f"/consultations/{pk}/", {})
        if status != 302:
            return
        pause()
        status, page, _ = member.request("answer page", "GET", f"/consultations/{pk}/page/1/")
        if status != 200:
            return
        pause()
        status, _, _ = member.request(
            "answer save", "POST", f"/consultations/{pk}/page/1/", answers_from(page)
        )
        if status != 302:
            return
        pause()
        member.request(
            "answer submission", "POST", f"/consultations/{pk}/check/", {"quote_consent": "no"}
        )

    return [
        lambda: member.request("forum page", "GET", f"/forums/{task.forum_slug}/"),
        lambda: member.request("ceiling", "POST", "/bench/ceiling/", {}),
        lambda: member.request("session list", "GET", "/peer-network/"),
        answer,
        lambda: member.request(
            "booking", "POST", f"/peer-network/sessions/{task.session}/book/", {"access_needs": ""}
        ),
        lambda: lead.request(
            "results page", "GET", f"/consultations/{task.results_consultation}/manage/results/"
        ),
        lambda: boss.request("dashboard overview", "GET", "/dashboards/"),
    ]


def run_person(
    base: str,
    tasks: list[Task],
    commissioner: str,
    recorder: Recorder,
    deadline: float,
    think: float,
    seed: int,
) -> None:
    rng = random.Random(seed)

    def pause() -> None:
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))

    for task in tasks:
        for step in round_steps(base, task, commissioner, recorder, pause):
            if time.monotonic() > deadline:
                return
            step()
            pause()


def summarise(samples: list[Sample], duration: float) -> dict[str, dict[str, float]]:
    by_page: dict[str, list[Sample]] = {page: [] for page in PAGES}
    for sample in samples:
        by_page[sample.page].append(sample)
    table: dict[str, dict[str, float]] = {}
    ceiling_server = (
        statistics.fmean(s.server for s in by_page["ceiling"]) if by_page["ceiling"] else 0
    )
    for page, group in by_page.items():
        if not group:
            continue
        good = [s for s in group if s.ok]
        latencies = [s.seconds * 1000 for s in good] or [0.0]
        server = statistics.fmean(s.server for s in good) if good else 0.0
        table[page] = {
            "requests": len(group),
            "errors": len(group) - len(good),
            "p50_ms": round(stack.percentile(latencies, 0.50), 1),
            "p95_ms": round(stack.percentile(latencies, 0.95), 1),
            "p99_ms": round(stack.percentile(latencies, 0.99), 1),
            "requests_per_s": round(len(group) / duration, 2),
            "server_mean_ms": round(server * 1000, 1),
            "queries": statistics.median(s.queries for s in good) if good else 0,
            "share_of_ceiling": round(ceiling_server / server, 3) if server else 0.0,
        }
    return table


def chart(table: dict[str, dict[str, float]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pages = list(table)
    fig, ax = plt.subplots(figsize=(10, 5))
    width = 0.27
    for offset, key in zip((-width, 0, width), ("p50_ms", "p95_ms", "p99_ms"), strict=True):
        ax.bar(
            [i + offset for i in range(len(pages))],
            [table[p][key] for p in pages],
            width,
            label=key.replace("_ms", ""),
        )
    ax.set_xticks(range(len(pages)))
    ax.set_xticklabels(pages, rotation=30, ha="right")
    ax.set_ylabel("latency (ms)")
    ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def print_table(table: dict[str, dict[str, float]]) -> None:
    print(
        f"{'page':<20}{'reqs':>6}{'errors':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'req/s':>8}{'server ms':>11}{'queries':>9}{'x ceiling':>11}"
    )
    for page, row in table.items():
        print(
            f"{page:<20}{row['requests']:>6.0f}{row['errors']:>7.0f}{row['p50_ms']:>9.1f}"
            f"{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}{row['requests_per_s']:>8.2f}"
            f"{row['server_mean_ms']:>11.1f}{row['queries']:>9.0f}{row['share_of_ceiling']:>11.3f}"
        )


def main() -> dict[str, Any]:
    database = os.environ.get("BENCH_DB", "coproduce_bench")
    label = os.environ.get("BENCH_LABEL", database)
    users = int(os.environ.get("BENCH_USERS", "20"))
    iterations = int(os.environ.get("BENCH_ITERATIONS", "10"))
    seconds = float(os.environ.get("BENCH_SECONDS", "120"))
    think = float(os.environ.get("BENCH_THINK", "0.2"))
    port = int(os.environ.get("BENCH_PORT", "8108"))
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    env = stack.production_env(database=database, redis_url=redis_url)
    scale = os.environ.get("BENCH_SEED_SCALE")
    seeded = None
    if scale:
        stack.database_fresh(database)
        stack.manage(env, "migrate", "--no-input", "-v0")
        started = time.perf_counter()
        stack.manage(env, "seed_scale", "--scale", scale)
        seeded = round(time.perf_counter() - started, 1)
    stack.static_ready(env)
    stack.use_env(env)
    import django

    django.setup()
    from consultations.models import Answer

    answers = Answer.objects.count()
    rounds, commissioner, cookies = plan(users, iterations)
    recorder = Recorder()
    with stack.gunicorn(env, port) as base:
        started = time.monotonic()
        deadline = started + seconds
        threads = [
            threading.Thread(
                target=run_person,
                args=(base, tasks, commissioner, recorder, deadline, think, n),
                daemon=True,
            )
            for n, tasks in enumerate(rounds)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 90)
        duration = time.monotonic() - started
    table = summarise(recorder.samples, duration)
    result = {
        "label": label,
        "database": database,
        "answers_in_database": answers,
        "seed_seconds": seeded,
        "users": users,
        "iterations": iterations,
        "think_seconds": think,
        "duration_s": round(duration, 1),
        "requests": len(recorder.samples),
        "errors": sum(1 for s in recorder.samples if not s.ok),
        "error_statuses": sorted({s.status for s in recorder.samples if not s.ok}),
        "gunicorn_workers": 2,
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpus": os.cpu_count(),
        "pages": table,
    }
    stack.RESULTS.mkdir(parents=True, exist_ok=True)
    (stack.RESULTS / f"load_{label}.json").write_text(json.dumps(result, indent=2) + "\n")
    chart(
        table,
        stack.RESULTS / f"load_{label}.png",
        f"Latency per page ({label}, {answers:,} answers)",
    )
    print(
        f"Load on {label}: {answers:,} answers, {users} people, {result['requests']} requests in "
        f"{duration:.0f} s, {result['errors']} errors"
    )
    print_table(table)
    return result


if __name__ == "__main__":
    main()
