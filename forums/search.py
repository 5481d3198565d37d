"""Finding a forum by what a person types: their council area, the forum's name, or a town or
village in the area, spelt roughly ("gatshead", "Gateshead Council", "Blaydon").

Every name a forum can be found by is a candidate, scored by trigram similarity: how much of
what was typed appears in the name, or how much of the name appears, word for word, in what was
typed. PostgreSQL scores the candidates in the database with pg_trgm; other databases (SQLite in
development) score the same trigrams in Python, over the few hundred names held. Either way,
one rule, `is_match`, decides what matches, and results come best match first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import TrigramStrictWordSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import BigIntegerField, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Cast, Greatest

from forums.models import CouncilArea, Forum, Place

# Words people add around a place's name that say nothing about where it is.
STOP_PHRASES = (
    "parent carers forum",
    "parent carer forum",
    "parent carers",
    "parent carer",
    "royal borough of",
    "borough of",
    "city of",
    "county of",
)
STOP_WORDS = frozenset(
    {
        "council",
        "borough",
        "city",
        "county",
        "metropolitan",
        "district",
        "the",
        "pcf",
        "forum",
        "mbc",
    }
)
# Half of what was typed, or of the name, in common: enough for a letter missed or swapped in
# a town's name ("gatshead" scores 0.58, "hexam" 0.5), not for most other towns ("leeds").
MATCH_THRESHOLD = 0.5
# Names that match far worse than the best match are left out: "Blaydon" finds Blaydon, not
# also Haydon Bridge.
CLOSE_TO_BEST = 0.8
# PostgreSQL sends back only the best candidates: a page of forums, not the whole table.
CANDIDATE_LIMIT = 50
# A place explains a result; a few are enough ("Seaton Delaval and Seaton Sluice ...").
PLACES_PER_AREA = 3

AREA, PLACE, FORUM = "area", "place", "forum"


def normalise(text: str) -> str:
    """What a person typed, reduced to the words that name a place: lower case, no accents or
    punctuation, without "council", "borough", "parent carer forum" and the like."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    text = " ".join(_words(text.replace("&", " and ")))
    for phrase in STOP_PHRASES:
        text = re.sub(rf"\b{phrase}\b", " ", text)
    return " ".join(word for word in text.split() if word not in STOP_WORDS)


def is_match(score: float, best: float) -> bool:
    """The one rule for what matches, whichever database scored the candidate: close enough to
    what was typed, and not far behind the best candidate."""
    return score >= MATCH_THRESHOLD and score >= best * CLOSE_TO_BEST


# Scoring in Python: the same trigrams as pg_trgm ---------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _trigrams(word: str) -> list[str]:
    padded = f"  {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def _trigram_set(text: str) -> set[str]:
    return {trigram for word in _words(text) for trigram in _trigrams(word)}


def _best_extent(needle: str, pieces: Sequence[Sequence[str]]) -> float:
    """The best similarity between the needle's trigrams and any run of consecutive pieces of
    the haystack (each piece a list of trigrams), as pg_trgm measures it."""
    wanted = _trigram_set(needle)
    best = 0.0
    if not wanted:
        return best
    for start in range(len(pieces)):
        extent: set[str] = set()
        for piece in pieces[start:]:
            extent.update(piece)
            common = len(wanted & extent)
            best = max(best, common / (len(wanted) + len(extent) - common))
    return best


def word_similarity(needle: str, haystack: str) -> float:
    """pg_trgm's word_similarity: the needle against the closest part of the haystack."""
    return _best_extent(needle, [[t] for word in _words(haystack) for t in _trigrams(word)])


def strict_word_similarity(needle: str, haystack: str) -> float:
    """pg_trgm's strict_word_similarity: the needle against the closest run of whole words."""
    return _best_extent(needle, [_trigrams(word) for word in _words(haystack)])


def score(query: str, name: str) -> float:
    """How well a name matches a normalised query: the query within the name ("gatshead" in
    "Gateshead"), or the name's whole words within the query ("Blaydon" in "blaydon on tyne").
    Rounded as the database's scores are, so that both decide alike at the edges."""
    if not _trigram_set(query) & _trigram_set(name):
        return 0.0  # nothing in common: most names, for any query
    return round(max(word_similarity(query, name), strict_word_similarity(name, query)), 3)


# Candidates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A name a forum can be found by, and how well it matches what was typed."""

    kind: str
    name: str
    area_id: int | None
    forum_id: int | None
    score: float


def _candidate_rows(found_score: Any) -> QuerySet[Any, Any]:
    """Areas, places and forums' names in one query, each with its area or forum."""
    # A typed NULL, so that PostgreSQL can put the three kinds' columns in one result.
    none = Cast(Value(None), output_field=BigIntegerField())
    fields = ("found_kind", "name", "found_area", "found_forum", "found_score")
    kinds: list[tuple[QuerySet[Any, Any], str, Any, Any]] = [
        (CouncilArea.objects.all(), AREA, F("pk"), none),
        (Place.objects.all(), PLACE, F("council_area_id"), none),
        (Forum.objects.all(), FORUM, none, F("pk")),
    ]
    rows = [
        queryset.order_by()
        .annotate(
            found_kind=Value(kind),
            found_area=area,
            found_forum=forum,
            found_score=found_score,
        )
        .values_list(*fields)
        for queryset, kind, area, forum in kinds
    ]
    union: QuerySet[Any, Any] = rows[0].union(*rows[1:], all=True)
    return union


def scored_in_database(query: str) -> list[Candidate]:
    found_score = Greatest(
        TrigramWordSimilarity(query, "name"),
        # Django takes an expression first as well as a string; its type stubs say only str.
        TrigramStrictWordSimilarity(F("name"), Value(query)),  # type: ignore[arg-type]
        output_field=FloatField(),
    )
    rows = _candidate_rows(found_score).order_by("-found_score", "name")[:CANDIDATE_LIMIT]
    return [
        Candidate(kind, name, area, forum, round(found, 3))
        for kind, name, area, forum, found in rows
    ]


def scored_in_python(query: str) -> list[Candidate]:
    rows = _candidate_rows(Value(0.0, output_field=FloatField()))
    return [
        Candidate(kind, name, area_id, forum_id, score(query, name))
        for kind, name, area_id, forum_id, _ in rows
    ]


def scored_candidates(query: str) -> list[Candidate]:
    """Every candidate worth deciding on for a normalised query, with its score."""
    if connection.vendor == "postgresql":
        return scored_in_database(query)
    return scored_in_python(query)


# Results ------------------------------------------------------------------------------------


@dataclass
class ForumMatch:
    """A forum found, how well it matched, and the places that explain why it was found."""

    forum: Forum
    score: float = 0.0
    places: dict[str, list[str]] = field(default_factory=dict)  # area name -> places

    @property
    def reasons(self) -> list[str]:
        """ "Blaydon is in Gateshead", "Seaton Delaval and Seaton Sluice are in Northumberland"."""
        return [
            f"{and_list(places)} {'is' if len(places) == 1 else 'are'} in {area}"
            for area, places in self.places.items()
        ]


@dataclass(frozen=True)
class ForumSearch:
    text: str
    results: list[ForumMatch]

    @property
    def only_close_matches(self) -> bool:
        """Nothing matched exactly: the results are guesses at a misspelling, or elsewhere."""
        return bool(self.results) and self.results[0].score < 1


def and_list(items: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def regions_phrase(names: Sequence[str]) -> str:
    """Regions as a sentence reads them: "the North East", "London", "the North East and
    London"."""
    compass = {"north", "south", "east", "west"}
    return and_list(
        [f"the {name}" if name.split()[0].lower() in compass else name for name in names]
    )


def _matches_for(forum: Forum, matches: Iterable[Candidate]) -> ForumMatch:
    areas = {area.pk: area.name for area in forum.council_areas.all()}
    mine = [match for match in matches if match.forum_id == forum.pk or match.area_id in areas]
    result = ForumMatch(forum=forum, score=max(match.score for match in mine))
    named = max((m.score for m in mine if m.kind != PLACE), default=0.0)
    # A place explains the result when it matched better than the forum's own names.
    for match in sorted(mine, key=lambda m: (-m.score, m.name)):
        if match.kind == PLACE and match.score > named and match.area_id is not None:
            places = result.places.setdefault(areas[match.area_id], [])
            if len(places) < PLACES_PER_AREA:
                places.append(match.name)
    return result


def forum_search(text: str) -> ForumSearch:
    """Forums matching what a person typed, best match first. Three queries, however many
    forums match: the candidates, the forums, and their council areas."""
    query = normalise(text)
    if not query:
        return ForumSearch(text=text, results=[])
    candidates = scored_candidates(query)
    best = max((candidate.score for candidate in candidates), default=0.0)
    matches = [candidate for candidate in candidates if is_match(candidate.score, best)]
    if not matches:
        return ForumSearch(text=text, results=[])
    area_ids = {match.area_id for match in matches if match.area_id is not None}
    forum_ids = {match.forum_id for match in matches if match.forum_id is not None}
    forums = (
        Forum.objects.filter(Q(pk__in=forum_ids) | Q(council_areas__in=area_ids))
        .distinct()
        .for_listing()
    )
    results = [_matches_for(forum, matches) for forum in forums]
    results.sort(key=lambda result: (-result.score, result.forum.name))
    return ForumSearch(text=text, results=results)
