"""Benchmark: a storm of consultation submissions while the background worker is killed and
Redis is restarted, then a count of what was kept.

    .venv/bin/python bench/storm_bench.py        # BENCH_SUBMISSIONS=10000 BENCH_PEOPLE=200

On a database of its own (``seed_scale`` at a small scale, BENCH_DB=coproduce_bench_storm), the
forum with the most members gets enough open named consultations (one page, one question) for
each simulated person to send BENCH_SUBMISSIONS / BENCH_PEOPLE of them. Everything runs as
deployed: gunicorn (2 workers, production settings), a Celery worker, and a Redis server of the
benchmark's own on port 6391 (never the shared one). Each person also books one session, whose
confirmation email goes through the outbox.

A person sends each consultation as the browser would: start, answer the page, send. A step
that fails (an error page, a "try again" page while Redis is away, a dropped connection) is
tried again, as a person would press the button again, up to 30 times. During the storm the
worker is killed with SIGKILL and started again, and Redis is restarted (losing whatever it
held: it keeps nothing on disk). Afterwards the outbox sweeper runs and the worker drains.

Counted: submissions acknowledged (the "sent" redirect) against responses stored, lost
(acknowledged but not stored) and duplicated (more than one response for one person and
consultation); and, for the booking emails (consultation answers have no confirmation email:
see the report), how many times each was written to the mail folder. Writes
bench/results/storm_<label>.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_string
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack
from bench.load_bench import EXPECTED, Browser, Recorder, session_cookie

REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6391"))
ATTEMPTS = 30
EXPECTED.update({"storm start": 302, "storm save": 302, "storm send": 302, "storm booking": 302})


@dataclass
class Tally:
    acknowledged: set[tuple[int, int]] = field(default_factory=set)  # (user, consultation)
    gave_up: set[tuple[int, int]] = field(default_factory=set)
    retries: int = 0
    bookings_acknowledged: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def attempt(
    browser: Browser, page: str, path: str, form: dict[str, str], done: str, tally: Tally
) -> bool:
    """Press the button until the page moves on to ``done`` (a path fragment), or give up."""
    for n in range(ATTEMPTS):
        status, _, location = browser.request(page, "POST", path, form)
        if status == EXPECTED[page] and done in location:
            return True
        with tally.lock:
            tally.retries += 1
        time.sleep(min(2.0, 0.2 * (n + 1)))
    return False


def person(
    base: str,
    user_id: int,
    cookie: str,
    work: list[tuple[int, str, str]],
    session_pk: int,
    recorder: Recorder,
    tally: Tally,
    deadline: float,
) -> None:
    browser = Browser(base, cookie, recorder)
    if attempt(
        browser,
        "storm booking",
        f"/peer-network/sessions/{session_pk}/book/",
        {"access_needs": ""},
        f"/sessions/{session_pk}/",
        tally,
    ):
        with tally.lock:
            tally.bookings_acknowledged.add(user_id)
    for consultation, field_name, value in work:
        if time.monotonic() > deadline:
            return
        base_path = f"/consultations/{consultation}/"
        ok = (
            attempt(browser, "storm start", base_path, {}, "/page/1/", tally)
            and attempt(
                browser, "storm save", f"{base_path}page/1/", {field_name: value}, "/check/", tally
            )
            and attempt(
                browser,
                "storm send",
                f"{base_path}check/",
                {"quote_consent": "no"},
                "/sent/",
                tally,
            )
        )
        with tally.lock:
            (tally.acknowledged if ok else tally.gave_up).add((user_id, consultation))


def kill_worker(worker: Any) -> None:
    """SIGKILL the worker and the process it forked, as an out-of-memory kill would."""
    children = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    for pid in [worker.pid, *pids]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    worker.wait()


def setup(submissions: int, people: int) -> tuple[list[dict[str, Any]], list[int]]:
    from django.db.models import Count
    from django.utils import timezone

    from consultations import services
    from consultations.models import QuestionKind
    from forums.models import Forum, Membership, MembershipRole
    from peer_network.models import Booking, Reach, Session, SessionStatus

    forum = Forum.objects.annotate(n=Count("memberships")).order_by("-n").first()
    if forum is None:
        raise SystemExit("Seed the database first (seed_scale).")
    lead = Membership.objects.get(forum=forum, role=MembershipRole.LEAD).user
    members = list(
        Membership.objects.filter(forum=forum, role=MembershipRole.MEMBER)
        .select_related("user")
        .order_by("user_id")[:people]
    )
    if len(members) < people:
        raise SystemExit(f"{forum} has only {len(members)} members; seed a larger scale.")
    per_person = -(-submissions // people)
    now = timezone.now()
    consultations = []
    for n in range(per_person):
        consultation = services.consultation_create(
            created_by=lead,
            forum=forum,
            identity_mode="named",
            title=f"Storm {n + 1}",
            summary="One question.",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
        )
        section = services.section_add(consultation=consultation, edited_by=lead, title="Page")
        question = services.question_add(
            section=section,
            edited_by=lead,
            kind=QuestionKind.SINGLE,
            text="How are things?",
            required=True,
            choices=["Good", "Not good"],
        )
        services.consultation_launch(consultation=consultation, launched_by=lead)
        good = question.choices.values_list("pk", flat=True)[0]
        consultations.append((consultation.pk, f"q{question.pk}", str(good)))
    sessions = list(
        Session.objects.filter(
            reach=Reach.NETWORK, status=SessionStatus.SCHEDULED, starts_at__gt=now
        ).values_list("pk", flat=True)
    )
    booked = set(Booking.objects.filter(session__in=sessions).values_list("user_id", "session_id"))
    plans = []
    left = submissions
    for index, membership in enumerate(members):
        count = min(per_person, left)
        left -= count
        # A session the person has not booked, so that each booking is a new one.
        free = [
            pk
            for pk in sessions[index:] + sessions[:index]
            if (membership.user_id, pk) not in booked
        ]
        plans.append(
            {
                "user_id": membership.user_id,
                "cookie": session_cookie(membership.user),
                "work": consultations[:count],
                "session": free[0],
            }
        )
    return plans, [pk for pk, _, _ in consultations]


def main() -> dict[str, Any]:
    database = os.environ.get("BENCH_DB", "coproduce_bench_storm")
    label = os.environ.get("BENCH_LABEL", database)
    submissions = int(os.environ.get("BENCH_SUBMISSIONS", "10000"))
    people = int(os.environ.get("BENCH_PEOPLE", "200"))
    limit = float(os.environ.get("BENCH_SECONDS", "3600"))
    port = int(os.environ.get("BENCH_PORT", "8110"))
    outbox_dir = stack.LOGS / f"mail-{label}"
    shutil.rmtree(outbox_dir, ignore_errors=True)
    outbox_dir.mkdir(parents=True)
    env = stack.production_env(
        database=database, redis_url=f"redis://127.0.0.1:{REDIS_PORT}/0", outbox_dir=outbox_dir
    )
    stack.database_fresh(database)
    stack.manage(env, "migrate", "--no-input", "-v0")
    stack.manage(env, "seed_scale", "--scale", os.environ.get("BENCH_SEED_SCALE", "0.005"))
    stack.static_ready(env)
    stack.use_env(env)
    import django

    django.setup()
    from django.utils import timezone

    from consultations.models import Response
    from core.models import OutboxEmail, OutboxStatus
    from core.outbox import outbox_sweep
    from peer_network.models import Booking

    plans, consultation_ids = setup(submissions, people)
    storm_began = timezone.now()
    redis = stack.redis_server_start(REDIS_PORT)
    worker = stack.worker_start(env, name="storm")
    recorder, tally = Recorder(), Tally()
    faults: list[str] = []
    try:
        with stack.gunicorn(env, port) as base:
            started = time.monotonic()
            deadline = started + limit
            threads = [
                threading.Thread(
                    target=person,
                    args=(
                        base,
                        p["user_id"],
                        p["cookie"],
                        p["work"],
                        p["session"],
                        recorder,
                        tally,
                        deadline,
                    ),
                    daemon=True,
                )
                for p in plans
            ]
            for thread in threads:
                thread.start()

            def done() -> int:
                with tally.lock:
                    return len(tally.acknowledged) + len(tally.gave_up)

            while done() < submissions * 0.25 and any(t.is_alive() for t in threads):
                time.sleep(0.5)
            kill_worker(worker)
            faults.append(
                f"worker SIGKILLed after {done()} submissions ({time.monotonic() - started:.0f} s)"
            )
            time.sleep(2)
            worker = stack.worker_start(env, name="storm")
            faults.append(f"worker started again ({time.monotonic() - started:.0f} s)")
            while done() < submissions * 0.5 and any(t.is_alive() for t in threads):
                time.sleep(0.5)
            stack.stop(redis, signal.SIGKILL)
            faults.append(
                f"Redis killed after {done()} submissions ({time.monotonic() - started:.0f} s)"
            )
            time.sleep(3)
            redis = stack.redis_server_start(REDIS_PORT)
            faults.append(f"Redis started again, empty ({time.monotonic() - started:.0f} s)")
            for thread in threads:
                thread.join(max(1.0, deadline - time.monotonic() + 60))
            duration = time.monotonic() - started
        # The outbox sweeper hands over whatever the lost queue held; the worker sends it.
        swept = outbox_sweep()
        drain_until = time.monotonic() + 120
        while time.monotonic() < drain_until:
            waiting = OutboxEmail.objects.exclude(
                status__in=[OutboxStatus.SENT, OutboxStatus.FAILED]
            ).count()
            if not waiting:
                break
            time.sleep(2)
            swept += outbox_sweep()
    finally:
        stack.stop(worker)
        stack.stop(redis)
    stored = Response.objects.filter(
        consultation_id__in=consultation_ids, submitted_at__isnull=False
    )
    stored_pairs = Counter(stored.values_list("respondent_id", "consultation_id"))
    acknowledged = tally.acknowledged
    lost = [pair for pair in acknowledged if pair not in stored_pairs]
    duplicated = sum(n - 1 for n in stored_pairs.values() if n > 1)
    stored_without_ack = [pair for pair in stored_pairs if pair not in acknowledged]
    # Booking emails: each outbox row once, and each written to the mail folder once.
    booking_rows = OutboxEmail.objects.filter(
        kind__startswith="peer_network/", created_at__gte=storm_began
    )
    delivered: Counter[tuple[str, str]] = Counter()
    for path in outbox_dir.glob("*.log"):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                message = message_from_string(chunk.strip())
                delivered[(str(message["To"]), str(message["Subject"]))] += 1
    booking_emails = {(row.to, row.subject) for row in booking_rows}
    result = {
        "label": label,
        "people": people,
        "submissions_planned": submissions,
        "duration_s": round(duration, 1),
        "requests": len(recorder.samples),
        "retries": tally.retries,
        "submissions_per_s": round(len(acknowledged) / duration, 2),
        "faults": faults,
        "acknowledged": len(acknowledged),
        "gave_up": len(tally.gave_up),
        "stored": sum(stored_pairs.values()),
        "lost": len(lost),
        "duplicated": duplicated,
        "stored_without_acknowledgement": len(stored_without_ack),
        "submission_confirmation_emails": "none: the service sends no email when answers are sent",
        "bookings_acknowledged": len(tally.bookings_acknowledged),
        "bookings_stored": Booking.objects.filter(queued_at__gte=storm_began).count(),
        "booking_emails_in_outbox": booking_rows.count(),
        "booking_emails_sent": booking_rows.filter(status=OutboxStatus.SENT).count(),
        "booking_emails_delivered_once": sum(1 for e in booking_emails if delivered[e] == 1),
        "booking_emails_delivered_twice_or_more": sum(
            1 for e in booking_emails if delivered[e] > 1
        ),
        "booking_emails_not_delivered": sum(1 for e in booking_emails if delivered[e] == 0),
        "swept": swept,
        "error_statuses": dict(Counter(s.status for s in recorder.samples if not s.ok)),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    stack.RESULTS.mkdir(parents=True, exist_ok=True)
    (stack.RESULTS / f"storm_{label}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(f"Storm on {label}: " + json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    main()
