"""The towns, villages and suburbs of each council area, kept as data in forums/data/places.csv
(columns: place, council_area). Reading the file is kept apart from loading it so that the
service and the data migration read it the same way."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import NamedTuple

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.csv"


class PlaceRow(NamedTuple):
    place: str
    council_area: str


def place_rows(path: Path = PLACES_FILE) -> list[PlaceRow]:
    """Every row of the places file, trimmed, blank lines left out."""
    with path.open(newline="", encoding="utf-8") as file:
        return [
            PlaceRow(row["place"].strip(), row["council_area"].strip())
            for row in csv.DictReader(file)
            if row["place"] and row["place"].strip()
        ]
