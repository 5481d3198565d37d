"""Dates and times read as GOV.UK writes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.dates import gov_closing, gov_datetime, gov_time


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [(17, 12, "5:12pm"), (9, 0, "9am"), (12, 0, "midday"), (0, 0, "midnight"), (0, 30, "12:30am")],
)
def test_times_are_written_the_gov_uk_way(hour: int, minute: int, shown: str) -> None:
    assert gov_time(datetime(2027, 1, 12, hour, minute, tzinfo=UTC)) == shown


def test_a_consultation_closes_at_the_end_of_a_day_unless_a_time_was_chosen() -> None:
    # Europe/London is UTC in January.
    assert gov_closing(datetime(2027, 1, 12, 23, 59, tzinfo=UTC)) == "the end of 12 January 2027"
    assert gov_closing(datetime(2027, 1, 12, 17, 12, tzinfo=UTC)) == "5:12pm on 12 January 2027"
    assert ".." not in gov_datetime(datetime(2027, 1, 12, 17, 12, tzinfo=UTC)) + "."
