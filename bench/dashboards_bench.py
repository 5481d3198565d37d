"""Benchmark: the commissioner dashboards at national scale.

Run against a scratch PostgreSQL database (it is filled and left for inspection):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/dashboards_bench.py

It makes BENCH_FORUMS forums (150) in one region, each with its own council area, and spreads
over them BENCH_MEMBERS members (100,000), BENCH_CONSULTATIONS consultations (1,000) with
BENCH_RESPONSES_EACH submitted responses each (100), BENCH_SESSIONS peer sessions (5,000) with
three attendances each, and a raised matter and an action for every second consultation. Rows
are written in bulk. It prints, for each dashboard page, the median time of the page through
the test client (5 runs) and its number of queries, for staff (every area) and for a
commissioner scoped to one council area.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import django_ready

django_ready()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Consent, Role, User  # noqa: E402
from consultations.models import Action, Consultation, Response  # noqa: E402
from dashboards.models import CommissionerScope  # noqa: E402
from dashboards.pages import PAGES  # noqa: E402
from forums import services as forum_services  # noqa: E402
from forums.models import Forum, Membership  # noqa: E402
from peer_network.models import Booking, Session  # noqa: E402
from raised.models import Matter, Partner  # noqa: E402
from tests.accounts.factories import second_step_record, totp_enable  # noqa: E402

FORUMS = int(os.environ.get("BENCH_FORUMS", "150"))
MEMBERS = int(os.environ.get("BENCH_MEMBERS", "100000"))
CONSULTATIONS = int(os.environ.get("BENCH_CONSULTATIONS", "1000"))
RESPONSES_EACH = int(os.environ.get("BENCH_RESPONSES_EACH", "100"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "5000"))
BATCH = 5000


def fill() -> list[Forum]:
    region = forum_services.region_ensure(name="Bench dashboards region")
    forums = [
        forum_services.forum_ensure_for_area(region=region, area_name=f"Dashshire {n}")
        for n in range(FORUMS)
    ]
    if Membership.objects.filter(forum=forums[0]).count() > 1:
        return forums  # filled by an earlier run
    now = timezone.now()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"bench.member.{n}@example.org", password=unusable, last_login=now)
            for n in range(MEMBERS)
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [
            Membership(
                forum=forums[n % FORUMS],
                user=user,
                status="active",
                joined_at=now - timedelta(days=n % 360),
            )
            for n, user in enumerate(users)
        ],
        batch_size=BATCH,
    )
    lead = users[0]
    consultations = Consultation.objects.bulk_create(
        [
            Consultation(
                forum=forums[n % FORUMS],
                title=f"Consultation {n}",
                summary="For the benchmark.",
                opens_at=now - timedelta(days=60 + n % 200),
                closes_at=now - timedelta(days=30 + n % 200),
                launched_at=now - timedelta(days=60 + n % 200),
                created_by=lead,
            )
            for n in range(CONSULTATIONS)
        ],
        batch_size=BATCH,
    )
    responses = (
        Response(
            consultation=consultation,
            respondent_type="parent_carer",
            reference=f"B{consultation.pk}-{r}",
            submitted_at=consultation.closes_at - timedelta(days=1),
        )
        for consultation in consultations
        for r in range(RESPONSES_EACH)
    )
    Response.objects.bulk_create(responses, batch_size=BATCH)
    Action.objects.bulk_create(
        [
            Action(
                consultation=c,
                title="Act",
                owner_type="council",
                owner_name="Council",
                created_at=c.closes_at + timedelta(days=10),
                due_date=(now - timedelta(days=5)).date(),
            )
            for c in consultations[::2]
        ],
        batch_size=BATCH,
    )
    sessions = Session.objects.bulk_create(
        [
            Session(
                title=f"Session {n}",
                description="For the benchmark.",
                starts_at=now - timedelta(days=1 + n % 300),
                ends_at=now - timedelta(days=1 + n % 300) + timedelta(hours=1),
                forum=forums[n % FORUMS],
                region=region,
                reach="forum",
                capacity=20,
            )
            for n in range(SESSIONS)
        ],
        batch_size=BATCH,
    )
    Booking.objects.bulk_create(
        [
            Booking(
                session=session,
                user=users[(n * 3 + k) % MEMBERS],
                status="confirmed",
                seat="any",
                attended=True,
            )
            for n, session in enumerate(sessions)
            for k in range(3)
        ],
        batch_size=BATCH,
    )
    partners = Partner.objects.bulk_create(
        [
            Partner(
                forum=forum, name="SEND Service", kind="council", contact=lead, response_days=20
            )
            for forum in forums
        ]
    )
    by_forum = {p.forum_id: p for p in partners}
    areas = {f.pk: f.council_areas.get() for f in forums}
    forum_of = {f.pk: f for f in forums}
    for c in consultations:
        c.forum = forum_of[c.forum_id]  # type: ignore[index]
    Matter.objects.bulk_create(
        [
            Matter(
                forum=c.forum,
                title="Waits",
                description="For the benchmark.",
                area_of_life="health",
                council_area=areas[c.forum_id],  # type: ignore[index]
                families=10,
                families_since=now.date(),
                partner=by_forum[c.forum_id],  # type: ignore[index]
                raised_at=c.closes_at,
                raised_by=lead,
                status="raised",
                visibility="partners",
            )
            for c in consultations[::2]
        ],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return forums


def reader(email: str, **fields: object) -> Client:
    user, _ = User.objects.get_or_create(email=email, defaults=fields)
    Consent.objects.get_or_create(
        user=user, kind="privacy_notice", defaults={"version": settings.PRIVACY_NOTICE_VERSION}
    )
    if not user.authenticator_set.exists():  # type: ignore[attr-defined]
        totp_enable(user)
    client = Client()
    client.force_login(user)
    second_step_record(client, user)
    return client


def measure(client: Client, label: str) -> None:
    for slug in PAGES:
        url = "/dashboards/" if slug == "overview" else f"/dashboards/{slug}/"
        times = []
        for _ in range(5):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<24} {slug:<16} {statistics.median(times) * 1000:>8.0f} ms "
            f"{len(queries):>4} queries"
        )


def main() -> None:
    started = time.perf_counter()
    forums = fill()
    print(f"Filled in {time.perf_counter() - started:.0f} s: {FORUMS} forums, {MEMBERS} members.")
    staff = reader("bench.staff@example.org", is_staff=True)
    commissioner = reader(
        "bench.commissioner@example.org", role=Role.COMMISSIONER, role_status="approved"
    )
    user = User.objects.get(email="bench.commissioner@example.org")
    scope, _ = CommissionerScope.objects.get_or_create(user=user)
    scope.council_areas.set([forums[0].council_areas.get()])
    measure(staff, "staff (every area)")
    measure(commissioner, "commissioner (one area)")


if __name__ == "__main__":
    main()
