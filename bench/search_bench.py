"""Benchmark: finding a forum by a misspelt town among ~150 forums and a few thousand places.

Run against a scratch PostgreSQL database (it is filled and left for inspection):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coproduce_bench .venv/bin/python bench/search_bench.py

The North East is set up as the demo does (its places from forums/data/places.csv); the other
forums are made-up areas in eight more regions, each with made-up towns, so that the database
scores as many names as England's forums would have. It prints, for each query, the median time
of `forum_search()` and of the whole search page, and the page's number of queries.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("TESTING", "true")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

FORUMS = int(os.environ.get("BENCH_FORUMS", "150"))
PLACES_PER_AREA = int(os.environ.get("BENCH_PLACES_PER_AREA", "25"))
QUERIES = ["gatshead", "Gateshead Council", "Blaydon", "hexam", "Leeds", "middles"]
REGIONS = [
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
STARTS = ["Ash", "Brad", "Cal", "Dun", "Elm", "Fern", "Gold", "Hol", "Kirk", "Lang", "Mar", "Nor"]
STARTS += ["Oak", "Pen", "Ross", "Sand", "Thorn", "Upper", "Wal", "Wood", "Stan", "Brom", "Chel"]
ENDS = ["by", "thorpe", "wick", "ham", "ley", "ton", "field", "burn", "mouth", "dale", "worth"]
ENDS += ["cliffe", "stead", "well", "holme", "caster", "chester", "bridge", "moor", "ford", "den"]
BEFORE = ["", "", "", "Little ", "Great ", "East ", "West ", "North ", "South ", "Lower "]


def made_up_names(count: int, rng: random.Random, taken: set[str]) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(BEFORE)}{rng.choice(STARTS)}{rng.choice(ENDS)}"
        if rng.random() < 0.3:
            name = f"{name} {rng.choice(STARTS)}{rng.choice(ENDS)}"
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


def build() -> None:
    from forums import demo, services
    from forums.models import Forum, Place

    north_east = services.region_ensure(name="North East")
    for area in demo.NORTH_EAST_AREAS:
        services.forum_ensure_for_area(region=north_east, area_name=area)
    missing = FORUMS - Forum.objects.count()
    if missing <= 0:
        return
    rng = random.Random(0)  # made-up names, not security
    taken = set(Place.objects.values_list("name", flat=True))
    areas = made_up_names(missing, rng, taken)
    places = []
    for index, area_name in enumerate(areas):
        region = services.region_ensure(name=REGIONS[index % len(REGIONS)])
        forum = services.forum_ensure_for_area(region=region, area_name=f"{area_name} shire")
        council_area = forum.council_areas.get()
        places += [
            Place(name=name, council_area=council_area)
            for name in made_up_names(PLACES_PER_AREA, rng, taken)
        ]
    Place.objects.bulk_create(places)
    with connection.cursor() as cursor:  # as autovacuum would after a load this size
        cursor.execute("ANALYZE")


@override_settings(ALLOWED_HOSTS=["testserver"])
def measure() -> None:
    from forums.models import CouncilArea, Forum, Place
    from forums.search import forum_search

    print(
        f"database: {connection.vendor}, forums: {Forum.objects.count()}, "
        f"areas: {CouncilArea.objects.count()}, places: {Place.objects.count()}"
    )
    client = Client()
    for query in QUERIES:
        timings = []
        for _ in range(7):
            started = time.perf_counter()
            search = forum_search(query)
            timings.append(time.perf_counter() - started)
        page_timings = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(reverse("forums:list"), {"q": query})
            page_timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("forums:list"), {"q": query})
        found = ", ".join(result.forum.name for result in search.results[:3]) or "nothing"
        print(
            f"{query!r}: forum_search median {statistics.median(timings) * 1000:.1f} ms, "
            f"page median {statistics.median(page_timings) * 1000:.1f} ms, "
            f"{len(queries)} queries; found {found}"
        )


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    build()
    measure()
