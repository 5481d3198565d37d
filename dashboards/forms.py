"""The dashboards' filters (time and area, read from the address) and the staff form that sets a
commissioner's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import GovDateField, IdChoiceField, IdMultipleChoiceField
from dashboards.scope import Scope
from forums.models import CouncilArea, Region

PERIODS = [("3", "Last 3 months"), ("6", "Last 6 months"), ("12", "Last 12 months")]
CUSTOM = "custom"
DEFAULT_PERIOD = "12"
# A custom range goes back no further than this: older records are not kept in the figures.
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # the start of the day after the last day
    label: str

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()


def months_back(months: int, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    # The same day of the month, or the month's last day when it is shorter.
    day = today.day
    while True:
        try:
            start = date(year, month + 1, day) + timedelta(days=1)
            break
        except ValueError:
            day -= 1
    return _period(start, today, f"the last {months} months")


def _period(first: date, last: date, label: str) -> Period:
    zone = timezone.get_current_timezone()
    return Period(
        start=datetime.combine(first, time.min, tzinfo=zone),
        end=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
        label=label,
    )


class FilterForm(forms.Form):
    period = forms.ChoiceField(
        label="Time",
        choices=[*PERIODS, (CUSTOM, "Dates I choose")],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose a time from the list"},
    )
    start = GovDateField(
        label="From", help_text="For example, 1 4 2026", what="start date", required=False
    )
    end = GovDateField(
        label="To", help_text="For example, 31 3 2027", what="end date", required=False
    )
    area = forms.ChoiceField(
        label="Area",
        required=False,
        error_messages={"invalid_choice": "Choose an area from the list: only areas you can see"},
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope = scope
        choices = [("", "All areas you can see")]
        choices += [(str(area.pk), area.name) for area in scope.areas]
        self.fields["area"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") == CUSTOM and not self.errors:
            start, end = data.get("start"), data.get("end")
            if start is None:
                self.add_error("start", "Enter the start date")
            if end is None:
                self.add_error("end", "Enter the end date")
            if start and end:
                if start > end:
                    self.add_error(
                        "end", "The end date must be the same as or after the start date"
                    )
                elif start < EARLIEST:
                    self.add_error("start", f"The start date must be after {EARLIEST:%-d %B %Y}")
                elif end > timezone.localdate():
                    self.add_error("end", "The end date must be today or in the past")
        return data

    def chosen_period(self) -> Period:
        data = self.cleaned_data
        if data.get("period") == CUSTOM:
            start, end = data["start"], data["end"]
            return _period(start, end, f"{start:%-d %B %Y} to {end:%-d %B %Y}")
        return months_back(int(data.get("period") or DEFAULT_PERIOD))

    def chosen_area(self) -> CouncilArea | None:
        value = self.cleaned_data.get("area")
        if not value:
            return None
        return next(area for area in self.scope.areas if str(area.pk) == value)


class ScopeForm(forms.Form):
    region = IdChoiceField(
        label="A whole region",
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label="Not a whole region",
        help_text="Every council area in the region, including any added later.",
    )
    council_areas = IdMultipleChoiceField(
        label="Or some council areas",
        queryset=CouncilArea.objects.select_related("region").order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose council areas from the list"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            if data.get("region") and data.get("council_areas"):
                raise ValidationError("Choose a whole region or some council areas, not both")
            if not data.get("region") and not data.get("council_areas"):
                raise ValidationError("Choose a whole region or at least one council area")
        return data
