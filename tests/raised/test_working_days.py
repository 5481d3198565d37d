"""Working days across weekends, bank holidays and the clock changes."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from raised.working_days import bank_holidays_from_file, working_day_after, working_days_between

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")
HOLIDAYS = frozenset(day for day, _ in bank_holidays_from_file())


def at(year: int, month: int, day: int, hour: int = 12, tz: ZoneInfo = LONDON) -> datetime:
    return datetime(year, month, day, hour, tzinfo=tz)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (at(2026, 11, 27), at(2026, 11, 27, 17), 0),  # the same day
        (at(2026, 11, 27), at(2026, 11, 30), 1),  # Friday to Monday
        (at(2026, 11, 23), at(2026, 11, 30), 5),  # a whole week
        # Christmas 2026: Friday 25 and the substitute Boxing Day, Monday 28 December.
        (at(2026, 12, 24), at(2026, 12, 29), 1),
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March.
        (at(2027, 3, 25), at(2027, 3, 30), 1),
        # Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
        (at(2026, 3, 27), at(2026, 3, 30), 1),
        (at(2026, 10, 23), at(2026, 10, 26), 1),
    ],
)
def test_working_days_between(start: datetime, end: datetime, expected: int) -> None:
    assert working_days_between(start, end, HOLIDAYS) == expected


def test_a_time_after_midnight_in_summer_time_counts_from_the_london_day() -> None:
    # 11:30pm UTC on Thursday 25 June 2026 is already Friday in London (BST): answered on the
    # Friday is the same London day, so no working days have passed.
    after_midnight_in_london = datetime(2026, 6, 25, 23, 30, tzinfo=UTC)
    assert working_days_between(after_midnight_in_london, at(2026, 6, 26), HOLIDAYS) == 0
    # In winter London is on UTC: 11:30pm UTC on Thursday 26 November is still Thursday.
    thursday_night = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)
    assert working_days_between(thursday_night, at(2026, 11, 27), HOLIDAYS) == 1


def test_the_deadline_skips_weekends_and_bank_holidays() -> None:
    # Raised on Monday 21 December 2026: 20 working days, skipping Christmas Day, the
    # substitute Boxing Day and New Year's Day 2027.
    assert working_day_after(at(2026, 12, 21), 20, HOLIDAYS) == date(2027, 1, 21)
    assert working_day_after(at(2026, 11, 27), 1, HOLIDAYS) == date(2026, 11, 30)


def test_every_listed_holiday_is_a_weekday_and_listed_once() -> None:
    days = [day for day, _ in bank_holidays_from_file()]
    assert len(days) == len(set(days))
    assert all(day.weekday() < 5 for day in days)
