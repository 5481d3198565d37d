from __future__ import annotations

from datetime import datetime

from django import template

from core import dates

register = template.Library()


@register.filter
def gov_datetime(moment: datetime | None) -> str:
    return dates.gov_datetime(moment) if moment else ""


@register.filter
def gov_closing(moment: datetime | None) -> str:
    return dates.gov_closing(moment) if moment else ""


@register.filter
def gov_time(moment: datetime | None) -> str:
    return dates.gov_time(moment) if moment else ""
