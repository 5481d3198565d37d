"""Every national-scale benchmark in turn, then their tables: ``make bench`` (small, a few minutes)
or ``BENCH_FULL=1 .venv/bin/python bench/run.py`` (the figures in bench/README.md).

Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis: the load run uses
BENCH_REDIS_URL (redis://127.0.0.1:6379/8 unless given); the digest and storm benchmarks start a
redis-server of their own on port 6391. Databases: <prefix>_small and <prefix>_large for the
load run at two sizes, <prefix>_storm for the storm (prefix BENCH_DB_PREFIX, coproduce_bench).
Each is emptied and filled with ``seed_scale`` first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import stack

FULL = os.environ.get("BENCH_FULL") == "1"
PREFIX = os.environ.get("BENCH_DB_PREFIX", "coproduce_bench")
# (small scale, large scale, load rounds, load seconds, storm submissions, storm people)
SIZES = (0.01, 1.0, 10, 240, 10_000, 200) if FULL else (0.002, 0.01, 2, 60, 120, 30)


def bench(script: str, **env: str) -> None:
    subprocess.run(  # noqa: S603 (this project's own scripts)
        [sys.executable, str(stack.ROOT / "bench" / script)],
        env={**os.environ, **env},
        check=True,
        cwd=stack.ROOT,
    )


def result(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((stack.RESULTS / name).read_text())
    return data


def main() -> None:
    small, large, rounds, seconds, submissions, people = SIZES
    label = "full" if FULL else "quick"
    started = time.monotonic()
    common = {"BENCH_USERS": "20", "BENCH_THINK": "0.2"}
    bench(
        "load_bench.py",
        BENCH_DB=f"{PREFIX}_small",
        BENCH_LABEL=f"{label}_small",
        BENCH_SEED_SCALE=str(small),
        BENCH_ITERATIONS="1",
        BENCH_SECONDS="40",
        **common,
    )
    load_env = {"BENCH_DB": f"{PREFIX}_large", "BENCH_LABEL": f"{label}_large"}
    if not (FULL and os.environ.get("BENCH_SEEDED") == "1"):
        load_env["BENCH_SEED_SCALE"] = str(large)
    bench(
        "load_bench.py",
        BENCH_ITERATIONS=str(rounds),
        BENCH_SECONDS=str(seconds),
        **load_env,
        **common,
    )
    bench("digest_bench.py", BENCH_DB=f"{PREFIX}_large", BENCH_LABEL=label)
    bench(
        "storm_bench.py",
        BENCH_DB=f"{PREFIX}_storm",
        BENCH_LABEL=label,
        BENCH_SUBMISSIONS=str(submissions),
        BENCH_PEOPLE=str(people),
    )
    print_tables(label)
    print(f"\nAll benchmarks took {time.monotonic() - started:.0f} s.")


def print_tables(label: str) -> None:
    small, large = result(f"load_{label}_small.json"), result(f"load_{label}_large.json")
    print(
        f"\n== Load: {large['answers_in_database']:,} answers, {large['users']} people, "
        f"{large['requests']} requests in {large['duration_s']} s, {large['errors']} errors"
    )
    print(
        f"{'page':<20}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}{'errors':>8}"
        f"{'server ms':>11}{'x ceiling':>11}"
    )
    for page, row in large["pages"].items():
        print(
            f"{page:<20}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['p99_ms']:>9.1f}"
            f"{row['requests_per_s']:>8.2f}{row['errors']:>8.0f}{row['server_mean_ms']:>11.1f}"
            f"{row['share_of_ceiling']:>11.3f}"
        )
    print(
        f"\n== Queries per page at two sizes ({small['answers_in_database']:,} and "
        f"{large['answers_in_database']:,} answers)"
    )
    print(f"{'page':<20}{'small':>8}{'large':>8}")
    for page in large["pages"]:
        before = small["pages"].get(page, {}).get("queries", "-")
        print(f"{page:<20}{before!s:>8}{large['pages'][page]['queries']!s:>8}")
    digest = result(f"digest_{label}.json")
    print(
        f"\n== Digests: {digest['digests_queued']:,} queued for {digest['members']:,} members in "
        f"{digest['total_s']} s = {digest['digests_per_s']}/s; worker peak RSS "
        f"{digest['worker_peak_rss_mb']} MB"
    )
    storm = result(f"storm_{label}.json")
    print(
        f"\n== Storm: {storm['acknowledged']:,} of {storm['submissions_planned']:,} submissions "
        f"acknowledged, {storm['stored']:,} stored, {storm['lost']} lost, {storm['duplicated']} "
        f"duplicated, {storm['gave_up']} given up; {storm['submissions_per_s']}/s"
    )
    for fault in storm["faults"]:
        print(f"   {fault}")
    print(
        f"   booking emails: {storm['booking_emails_in_outbox']} in the outbox for "
        f"{storm['bookings_acknowledged']} bookings, {storm['booking_emails_delivered_once']} "
        f"delivered once, {storm['booking_emails_delivered_twice_or_more']} more than once, "
        f"{storm['booking_emails_not_delivered']} not delivered"
    )


if __name__ == "__main__":
    main()
