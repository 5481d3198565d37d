"""Finding a forum by what a person types: the normaliser, the matching rule on whichever database
the suite runs on, the places file, and the search page."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.text import slugify
from pytest_django import DjangoAssertNumQueries

from forums import services
from forums.demo import NORTH_EAST_AREAS
from forums.models import CouncilArea, Forum, Place
from forums.places import place_rows
from forums.search import (
    forum_search,
    normalise,
    regions_phrase,
    score,
    scored_in_database,
    scored_in_python,
    strict_word_similarity,
    word_similarity,
)
from tests.forums.factories import CouncilAreaFactory, ForumFactory, RegionFactory


@pytest.fixture
def north_east(db: None) -> dict[str, Forum]:
    """The North East's twelve forums, set up as the demo and region set-up do (with places)."""
    region = services.region_ensure(name="North East")
    return {
        area: services.forum_ensure_for_area(region=region, area_name=area)
        for area in NORTH_EAST_AREAS
    }


def _results(client: Client, text: str) -> str:
    page = client.get(reverse("forums:list"), {"q": text}).content.decode()
    return page.split('id="results"')[1].split("Forums by region")[0]


# The normaliser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("Gateshead Council", "gateshead"),
        ("  GATESHEAD   council ", "gateshead"),
        ("Gateshead Metropolitan Borough Council", "gateshead"),
        ("Gateshead MBC", "gateshead"),
        ("Gateshead Parent Carer Forum", "gateshead"),
        ("Gateshead Parent Carers' Forum", "gateshead"),
        ("Gateshead PCF", "gateshead"),
        ("City of Sunderland", "sunderland"),
        ("Newcastle City Council", "newcastle"),
        ("Durham County Council", "durham"),
        ("The Borough of Darlington", "darlington"),
        ("Royal Borough of Greenwich", "greenwich"),
        ("Herefordshire, County of", "herefordshire"),
        ("Stockton-on-Tees Borough Council", "stockton on tees"),
        ("Redcar & Cleveland", "redcar and cleveland"),
        ("St John's Chapel", "st john s chapel"),
        ("Isle of Wight Council", "isle of wight"),
        ("Pénrith, Cumbria!", "penrith cumbria"),
        ("North Tyneside District", "north tyneside"),
        ("the council", ""),
        ("!!!", ""),
    ],
)
def test_the_normaliser_keeps_only_the_words_that_name_a_place(typed: str, normalised: str) -> None:
    assert normalise(typed) == normalised


def test_python_trigrams_score_as_pg_trgm_documents() -> None:
    # The examples in PostgreSQL's pg_trgm documentation.
    assert word_similarity("word", "two words") == pytest.approx(0.8)
    assert strict_word_similarity("word", "two words") == pytest.approx(0.571, abs=0.001)
    assert score("gatshead", "Gateshead") == pytest.approx(0.583, abs=0.001)
    assert score("blaydon on tyne", "Blaydon") == 1
    assert score("leeds", "Lemington") < 0.5


def test_regions_read_as_a_sentence() -> None:
    assert regions_phrase(["North East"]) == "the North East"
    assert regions_phrase(["London", "North East"]) == "London and the North East"
    assert (
        regions_phrase(["East of England", "Yorkshire and the Humber", "West Midlands"])
        == "the East of England, Yorkshire and the Humber and the West Midlands"
    )
    assert regions_phrase([]) == ""


# Matching, on whichever database the suite runs on --------------------------------------------


def _found(text: str) -> list[str]:
    return [result.forum.name for result in forum_search(text).results]


@pytest.mark.parametrize(
    ("typed", "forum"),
    [
        ("Gateshead", "Gateshead"),
        ("gatshead", "Gateshead"),
        ("Gatehead", "Gateshead"),
        ("gatesh", "Gateshead"),
        ("Gateshead Council", "Gateshead"),
        ("Blaydon", "Gateshead"),
        ("blaydon on tyne", "Gateshead"),
        ("Jarrow", "South Tyneside"),
        ("Jarrow, South Tyneside", "South Tyneside"),
        ("Hexham", "Northumberland"),
        ("hexam", "Northumberland"),
        ("Washington", "Sunderland"),
        ("Houghton le Spring", "Sunderland"),
        ("Durham County Council", "County Durham"),
        ("Stockton", "Stockton-on-Tees"),
        ("Middlesborough", "Middlesbrough"),
        ("Saltburn", "Redcar and Cleveland"),
    ],
)
def test_misspellings_council_words_and_towns_find_the_forum(
    north_east: dict[str, Forum], typed: str, forum: str
) -> None:
    assert _found(typed) == [f"{forum} Parent Carer Forum"]


@pytest.mark.parametrize("typed", ["Leeds", "York", "Birmingham", "the council", "zzzz"])
def test_places_elsewhere_find_nothing(north_east: dict[str, Forum], typed: str) -> None:
    assert _found(typed) == []


def test_results_come_best_match_first(north_east: dict[str, Forum]) -> None:
    search = forum_search("middles")
    assert [result.forum.name for result in search.results] == [
        "Middlesbrough Parent Carer Forum",
        # Middleton-in-Teesdale, Middleton St George, Middle Warren: equally close, by name.
        "County Durham Parent Carer Forum",
        "Darlington Parent Carer Forum",
        "Hartlepool Parent Carer Forum",
    ]
    scores = [result.score for result in search.results]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
    assert search.only_close_matches


def test_a_place_says_which_area_it_is_in(north_east: dict[str, Forum]) -> None:
    (blaydon,) = forum_search("Blaydon").results
    assert blaydon.reasons == ["Blaydon is in Gateshead"]
    assert not forum_search("Blaydon").only_close_matches
    by_forum = {result.forum.name: result.reasons for result in forum_search("Seaton").results}
    assert by_forum == {
        "Hartlepool Parent Carer Forum": ["Seaton Carew is in Hartlepool"],
        "North Tyneside Parent Carer Forum": ["Seaton Burn is in North Tyneside"],
        "Northumberland Parent Carer Forum": [
            "Seaton Delaval and Seaton Sluice are in Northumberland"
        ],
    }
    # The area's own name needs no explanation, even when a place's name matches as well.
    (gateshead,) = forum_search("Gateshead").results
    assert gateshead.reasons == []
    (newcastle,) = forum_search("Newcastle City Council").results
    assert newcastle.reasons == []  # not "Newcastle Great Park is in Newcastle upon Tyne"


def test_a_forum_is_found_by_its_own_name(db: None) -> None:
    region = RegionFactory.create(name="North East")
    area = CouncilAreaFactory.create(name="Tees Valley", region=region)
    forum = ForumFactory.create(name="Making Changes Together", region=region)
    forum.council_areas.add(area)
    assert _found("making changes") == ["Making Changes Together"]
    assert _found("Tees Valey") == ["Making Changes Together"]


@pytest.mark.postgres
def test_python_scores_decide_as_postgresql_does(north_east: dict[str, Forum]) -> None:
    """SQLite's fallback scores the same trigrams as pg_trgm, so the one rule decides alike."""
    assert connection.vendor == "postgresql"
    for typed in ["gatshead", "Blaydon on Tyne", "hexam", "middles", "whitby", "manchester"]:
        query = normalise(typed)
        in_database = {(c.kind, c.name): c.score for c in scored_in_database(query)}
        in_python = {(c.kind, c.name): c.score for c in scored_in_python(query)}
        assert len(in_database) > 10
        for key, found in in_database.items():
            assert in_python[key] == pytest.approx(found, abs=0.002), (typed, key)


# The places file ------------------------------------------------------------------------------


def test_each_place_is_in_one_area_and_each_north_east_area_has_places() -> None:
    rows = place_rows()
    names = [normalise(row.place) for row in rows]
    assert sorted({name for name in names if names.count(name) > 1}) == []
    in_file = {row.council_area for row in rows}
    assert set(NORTH_EAST_AREAS) <= in_file
    for area in NORTH_EAST_AREAS:
        assert 15 <= sum(row.council_area == area for row in rows) <= 45, area
    # A place is never another area's name: "Sunderland" must not send people to Gateshead.
    areas = {normalise(area): area for area in in_file}
    for row in rows:
        assert areas.get(normalise(row.place), row.council_area) == row.council_area, row


def test_places_ensure_loads_the_areas_places_once_and_moves_a_misplaced_one(db: None) -> None:
    region = services.region_ensure(name="North East")
    sunderland = services.forum_ensure_for_area(region=region, area_name="Sunderland")
    # A place put in the wrong area by hand moves to the area the file names.
    Place.objects.create(name="Blaydon", council_area=sunderland.council_areas.get())
    services.forum_ensure_for_area(region=region, area_name="Gateshead")
    gateshead = CouncilArea.objects.get(slug="gateshead")
    expected = {row.place for row in place_rows() if row.council_area == "Gateshead"}
    assert set(gateshead.places.values_list("name", flat=True)) == expected
    assert services.places_ensure(area=gateshead) == 0
    assert Place.objects.filter(council_area=gateshead).count() == len(expected)
    assert Place.objects.get(name="Blaydon").council_area == gateshead


def test_places_load_fills_areas_already_held(db: None) -> None:
    held = CouncilAreaFactory.create(name="Northumberland", slug="northumberland")
    call_command("places_load", stdout=StringIO())
    assert held.places.filter(name="Hexham").exists()
    out = StringIO()
    call_command("places_load", stdout=out)
    assert out.getvalue().strip() == "0 places added or moved."


def test_an_area_not_in_the_file_has_no_places(db: None) -> None:
    region = services.region_ensure(name="South West")
    forum = services.forum_ensure_for_area(region=region, area_name="Devon")
    assert forum.council_areas.get().slug == slugify("Devon")
    assert Place.objects.count() == 0


# The search page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "misspelt"), [("gatshead", True), ("Gatehead", True), ("Gateshead Council", False)]
)
def test_the_page_finds_gateshead_however_it_is_typed(
    client: Client, north_east: dict[str, Forum], typed: str, misspelt: bool
) -> None:
    results = _results(client, typed)
    assert f"1 forum for “{typed}”" in results
    assert "Gateshead Parent Carer Forum" in results
    assert f'href="{reverse("forums:detail", args=[north_east["Gateshead"].slug])}"' in results
    assert "Sunderland Parent Carer Forum" not in results
    assert " is in " not in results
    # A guess at a misspelling says so, and where the service reaches.
    closest = "This is the closest match to what you typed. Coproduce covers forums in the North East so far."
    assert (closest in results) is misspelt


@pytest.mark.parametrize(
    ("town", "area"),
    [("Blaydon", "Gateshead"), ("Jarrow", "South Tyneside"), ("Hexham", "Northumberland")],
)
def test_the_page_says_which_area_a_town_is_in(
    client: Client, north_east: dict[str, Forum], town: str, area: str
) -> None:
    results = _results(client, town)
    assert f"1 forum for “{town}”" in results
    assert results.index(f"{town} is in {area}") < results.index(f"{area} Parent Carer Forum")
    assert "closest match" not in results


def test_a_place_elsewhere_is_told_which_regions_are_covered(
    client: Client, north_east: dict[str, Forum]
) -> None:
    results = _results(client, "Leeds")
    assert "No forum found for “Leeds”" in results
    assert "Coproduce covers forums in the North East so far." in results
    assert "check the spelling" in results
    assert "try the name of your council" in results
    assert "Parent Carer Forum" not in results


def test_the_covered_regions_come_from_the_forums_held(
    client: Client, north_east: dict[str, Forum]
) -> None:
    RegionFactory.create(name="London")  # no forums yet: not covered
    devon = services.forum_ensure_for_area(
        region=services.region_ensure(name="South West"), area_name="Devon"
    )
    results = _results(client, "Leeds")
    assert "covers forums in the North East and the South West so far." in results
    devon.delete()
    assert "covers forums in the North East so far." in _results(client, "Leeds")


def test_with_no_forums_at_all_the_page_says_so(client: Client, db: None) -> None:
    results = _results(client, "Gateshead")
    assert "No forum found for “Gateshead”" in results
    assert "Coproduce does not list any forums yet." in results


def _forums_with_places(count: int) -> None:
    region = RegionFactory.create(name="North East")
    for n in range(count):
        area = CouncilAreaFactory.create(region=region)
        forum = ForumFactory.create(region=region)
        forum.council_areas.add(area)
        Place.objects.create(name=f"Seaton {n}", council_area=area)
        Place.objects.create(name=f"Other place {n}", council_area=area)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 30])
def test_search_page_query_count_does_not_grow_with_results(
    count: int, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    _forums_with_places(count)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("forums:list"), {"q": "Seaton"})
    page = response.content.decode()
    assert f"{count} forums for “Seaton”" in page
    assert page.count(" is in Council area ") == count
