"""Working days in England and Wales: Monday to Friday, less bank holidays. Days are London
dates, so a matter raised at 11:30pm in British Summer Time counts from that London day, not
the UTC one."""

from __future__ import annotations

import csv
from collections.abc import Collection
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone

HOLIDAYS_FILE = Path(__file__).resolve().parent / "data" / "bank_holidays.csv"


def bank_holidays_from_file() -> list[tuple[date, str]]:
    with HOLIDAYS_FILE.open(encoding="utf-8") as file:
        return [(date.fromisoformat(row["date"]), row["name"]) for row in csv.DictReader(file)]


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def working_days_between(start: datetime, end: datetime, holidays: Collection[date]) -> int:
    """Working days after the London day of ``start``, up to and including that of ``end``:
    raised on a Friday and answered on the Monday is 1; answered the same day is 0."""
    first, last = timezone.localdate(start), timezone.localdate(end)
    count = 0
    day = first + timedelta(days=1)
    while day <= last:
        if is_working_day(day, holidays):
            count += 1
        day += timedelta(days=1)
    return count


def working_day_after(start: datetime, days: int, holidays: Collection[date]) -> date:
    """The London date ``days`` working days after the day of ``start``: the last day of a
    ``days``-day deadline."""
    day = timezone.localdate(start)
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    return day
