"""Dates and times in GOV.UK style: "12 January 2027", "5:12pm", "midday", "midnight"."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def gov_time(moment: datetime) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if local.hour == 12 and local.minute == 0:
        return "midday"
    if local.hour == 0 and local.minute == 0:
        return "midnight"
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def gov_date(moment: datetime) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{local.day} {local:%B %Y}"


def gov_datetime(moment: datetime) -> str:
    """ "5:12pm on 12 January 2027"."""
    return f"{gov_time(moment)} on {gov_date(moment)}"


def gov_closing(moment: datetime) -> str:
    """When something closes: "the end of 12 January 2027" for a close at 11:59pm (the usual
    case), otherwise "5:12pm on 12 January 2027"."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    if local.hour == 23 and local.minute == 59:
        return f"the end of {gov_date(local)}"
    return gov_datetime(local)
