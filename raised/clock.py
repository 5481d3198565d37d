"""The response clock: one place that says how long a partner has taken and whether a matter is
overdue. Lists, matter pages, figures and the flagging task all call it."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from raised.models import BankHoliday, Matter
from raised.working_days import working_day_after, working_days_between

# Working days an overdue matter waits, after being flagged to the partner's contact, before
# it is flagged to the commissioners for the area.
ESCALATE_AFTER_DAYS = 5


def holidays() -> frozenset[date]:
    """Every bank holiday, in one query: read once per page or task run."""
    return frozenset(BankHoliday.objects.values_list("date", flat=True))


@dataclass(frozen=True)
class Clock:
    days_to_first_response: int | None
    days_waiting: int | None  # no first response yet: working days so far
    days_to_action: int | None
    respond_by: date
    overdue: bool
    overdue_days: int  # working days past the agreed time (0 when not overdue)


def matter_clock(
    matter: Matter, holiday_dates: frozenset[date], now: datetime | None = None
) -> Clock:
    """Needs ``matter.partner``. A matter is overdue while it is open, the partner has not yet
    answered, and more working days have passed than the partner agreed to."""
    now = now or timezone.now()
    agreed = matter.partner.response_days
    first = (
        working_days_between(matter.raised_at, matter.first_response_at, holiday_dates)
        if matter.first_response_at
        else None
    )
    waiting = (
        None
        if matter.first_response_at
        else working_days_between(matter.raised_at, now, holiday_dates)
    )
    action = (
        working_days_between(matter.raised_at, matter.action_agreed_at, holiday_dates)
        if matter.action_agreed_at
        else None
    )
    overdue_days = max((waiting or 0) - agreed, 0) if matter.is_open else 0
    return Clock(
        days_to_first_response=first,
        days_waiting=waiting,
        days_to_action=action,
        respond_by=working_day_after(matter.raised_at, agreed, holiday_dates),
        overdue=overdue_days > 0,
        overdue_days=overdue_days,
    )


@dataclass(frozen=True)
class Figures:
    open: int
    overdue: int
    median_days_to_first_response: float | None
    answered: int


def figures(
    matters: Iterable[Matter], holiday_dates: frozenset[date], now: datetime | None = None
) -> Figures:
    """Open, overdue and the median working days to a first response, over these matters
    (each with its partner)."""
    now = now or timezone.now()
    open_count = overdue = 0
    firsts: list[int] = []
    for matter in matters:
        clock = matter_clock(matter, holiday_dates, now)
        open_count += matter.is_open
        overdue += clock.overdue
        if clock.days_to_first_response is not None:
            firsts.append(clock.days_to_first_response)
    return Figures(
        open=open_count,
        overdue=overdue,
        median_days_to_first_response=statistics.median(firsts) if firsts else None,
        answered=len(firsts),
    )
