"""Benchmark: the commissioner dashboards at national scale.

Run against a scratch PostgreSQL database (it is filled and left for inspection):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/dashboards_bench.py

It makes BENCH_FORUMS forums (150) in one region, each with its own council area, and spreads
over them BENCH_MEMBERS members (100,000), BENCH_CONSULTATIONS consultations (1,000) with
BENCH_RESPONSES_EACH submitted responses each (100), BENCH_SESSIONS peer sessions (5,000) with
three attendances each, a raised matter and an action for every second consultation, and
BENCH_SCHOOLS schools (2,000) in cohorts of 20 with a baseline and a review self-assessment and
training records. Rows are written in bulk.

It prints and writes to bench/results/dashboards_bench[-SCALE].json, for staff (every area)
and for a commissioner scoped to one council area:

- live: each page's aggregates worked out from live records for the whole scope (median of 3),
  with its number of queries: what a page cost before the summary tables, and what the
  periodic job repeats for each area;
- refresh: the time the periodic job takes to work out and store one scope's summary for the
  usual times, worked out together (every page for the scope and each of its areas);
- pages: each page through the test client reading the summary (median of 5), with queries.

A quicker, smaller run: ``--scale 0.02`` (2% of every count, at least 3 forums), in its own
region so it does not mix with the full-size data.
"""

from __future__ import annotations

import argparse
import json
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
from dashboards.figures.context import Context  # noqa: E402
from dashboards.forms import months_back  # noqa: E402
from dashboards.models import CommissionerScope  # noqa: E402
from dashboards.pages import PAGES  # noqa: E402
from dashboards.scope import scope_for  # noqa: E402
from dashboards.summaries import summary_store, usual_periods  # noqa: E402
from forums import services as forum_services  # noqa: E402
from forums.models import Forum, Membership  # noqa: E402
from peer_network.models import Booking, Session  # noqa: E402
from programmes.models import (  # noqa: E402
    AssessmentRound,
    Cohort,
    Enrolment,
    Rating,
    School,
    Standard,
    TrainingModule,
    TrainingRecord,
)
from raised.models import Matter, Partner  # noqa: E402
from tests.accounts.factories import second_step_record, totp_enable  # noqa: E402
from tests.programmes.factories import programme_make  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--scale", type=float, default=1.0, help="a share of every count, e.g. 0.02")
ARGS = parser.parse_args()
SCALE = ARGS.scale


def _scaled(name: str, default: int, least: int = 1) -> int:
    return max(least, int(int(os.environ.get(name, str(default))) * SCALE))


FORUMS = _scaled("BENCH_FORUMS", 150, least=3)
MEMBERS = _scaled("BENCH_MEMBERS", 100000)
CONSULTATIONS = _scaled("BENCH_CONSULTATIONS", 1000)
RESPONSES_EACH = int(os.environ.get("BENCH_RESPONSES_EACH", "100"))
SESSIONS = _scaled("BENCH_SESSIONS", 5000)
SCHOOLS = _scaled("BENCH_SCHOOLS", 2000)
BATCH = 5000
SUFFIX = "" if SCALE == 1 else f"-{SCALE:g}"


def fill_schools(forums: list[Forum]) -> None:
    """Schools spread over the forums' areas, in cohorts of 20, each with a submitted baseline
    and review rating every standard, and staff trained in each module."""
    if School.objects.filter(name__startswith=f"Bench school{SUFFIX} ").exists():
        return
    programme = programme_make()
    standards = list(Standard.objects.in_framework(programme.framework_id))
    modules = list(TrainingModule.objects.filter(programme=programme))
    today = timezone.localdate()
    areas = [f.council_areas.get() for f in forums]
    schools = School.objects.bulk_create(
        [
            School(
                name=f"Bench school{SUFFIX} {n}",
                urn=f"{(900000 if SCALE == 1 else 800000) + n:06d}",
                council_area=areas[n % len(areas)],
                phase="primary",
                school_type="academy",
            )
            for n in range(SCHOOLS)
        ],
        batch_size=BATCH,
    )
    cohorts = Cohort.objects.bulk_create(
        [
            Cohort(
                programme=programme,
                name=f"Bench cohort{SUFFIX} {n}",
                starts_on=today - timedelta(days=200),
                ends_on=today + timedelta(days=200),
                baseline_due_on=today - timedelta(days=170),
                training_due_on=today - timedelta(days=110),
                parent_group_due_on=today - timedelta(days=80),
                review_due_on=today + timedelta(days=70),
                family_survey_on=today + timedelta(days=130),
            )
            for n in range((SCHOOLS + 19) // 20)
        ]
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                cohort=cohorts[n // 20], school=school, enrolled_on=today - timedelta(days=200)
            )
            for n, school in enumerate(schools)
        ],
        batch_size=BATCH,
    )
    submitted = timezone.now() - timedelta(days=30)
    rounds = AssessmentRound.objects.bulk_create(
        [
            AssessmentRound(enrolment=e, kind=kind, status="submitted", submitted_at=submitted)
            for e in enrolments
            for kind in ("baseline", "review")
        ],
        batch_size=BATCH,
    )
    Rating.objects.bulk_create(
        [
            Rating(round=r, standard=s, level=(1 if r.kind == "baseline" else 2) + (n % 2))
            for r in rounds
            for n, s in enumerate(standards)
        ],
        batch_size=BATCH,
    )
    TrainingRecord.objects.bulk_create(
        [
            TrainingRecord(enrolment=e, module=m, staff_completed=3 + n % 20)
            for n, e in enumerate(enrolments)
            for m in modules
        ],
        batch_size=BATCH,
    )


def fill() -> list[Forum]:
    region = forum_services.region_ensure(name=f"Bench dashboards region{SUFFIX}")
    forums = [
        forum_services.forum_ensure_for_area(region=region, area_name=f"Dashshire{SUFFIX} {n}")
        for n in range(FORUMS)
    ]
    if Membership.objects.filter(forum=forums[0]).count() > 1:
        fill_schools(forums)
        return forums  # filled by an earlier run
    now = timezone.now()
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"bench.member{SUFFIX}.{n}@example.org", password=unusable, last_login=now)
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
    fill_schools(forums)
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


def _median_ms(run: object, times: int) -> tuple[float, int]:
    spent = []
    queries = 0
    for _ in range(times):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            run()  # type: ignore[operator]
        spent.append(time.perf_counter() - started)
        queries = len(captured)
    return round(statistics.median(spent) * 1000), queries


def measure(user: User, client: Client, label: str) -> dict[str, object]:
    found = scope_for(user)
    assert found is not None
    scope, by_forum = found
    period = months_back(12)
    ctx = Context(scope=scope, period=period, now=timezone.now())
    result: dict[str, object] = {"live": {}, "pages": {}}
    for slug, page in PAGES.items():
        ms, queries = _median_ms(lambda page=page: page.tables(ctx), 3)
        result["live"][slug] = {"ms": ms, "queries": queries}  # type: ignore[index]
        print(f"{label:<24} live  {slug:<16} {ms:>8} ms {queries:>4} queries", flush=True)
    started = time.perf_counter()
    summary_store(scope, by_forum, usual_periods(), timezone.now())
    result["refresh_seconds"] = round(time.perf_counter() - started, 1)
    result["areas"] = len(scope.areas)
    print(
        f"{label:<24} refresh (3, 6 and 12 months, {len(scope.areas)} areas) {result['refresh_seconds']} s"
    )
    for slug in PAGES:
        url = "/dashboards/" if slug == "overview" else f"/dashboards/{slug}/"

        def get(url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert b"Figures as of" in response.content, url

        ms, queries = _median_ms(get, 5)
        result["pages"][slug] = {"ms": ms, "queries": queries}  # type: ignore[index]
        print(f"{label:<24} page  {slug:<16} {ms:>8} ms {queries:>4} queries", flush=True)
    return result


def main() -> None:
    started = time.perf_counter()
    forums = fill()
    print(f"Filled in {time.perf_counter() - started:.0f} s: {FORUMS} forums, {MEMBERS} members.")
    staff = reader(f"bench.staff{SUFFIX}@example.org", is_staff=True)
    email = f"bench.commissioner{SUFFIX}@example.org"
    commissioner = reader(email, role=Role.COMMISSIONER, role_status="approved")
    user = User.objects.get(email=email)
    scope, _ = CommissionerScope.objects.get_or_create(user=user)
    scope.council_areas.set([forums[0].council_areas.get()])
    results = {
        "scale": SCALE,
        "forums": FORUMS,
        "members": MEMBERS,
        "consultations": CONSULTATIONS,
        "responses": CONSULTATIONS * RESPONSES_EACH,
        "sessions": SESSIONS,
        "schools": SCHOOLS,
        "database": connection.vendor,
        "measured_at": timezone.now().isoformat(timespec="seconds"),
        "commissioner (one area)": measure(user, commissioner, "commissioner (one area)"),
        "staff (every area)": measure(
            User.objects.get(email=f"bench.staff{SUFFIX}@example.org"), staff, "staff (every area)"
        ),
    }
    out = Path(__file__).resolve().parent / "results" / f"dashboards_bench{SUFFIX}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"Written to {out}")


if __name__ == "__main__":
    main()
