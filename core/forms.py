"""Helpers for forms, shared by every app."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any, TypeVar

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from core.text import single_line


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal in the form's error summary, as a problem with the whole form."""
    for message in error.messages:
        form.add_error(None, message)


class SingleLineField(forms.CharField):
    """A text field for names and titles: whatever is typed or pasted is kept on one line, since
    these end up in email subjects."""

    def to_python(self, value: object) -> str | None:
        text = super().to_python(value)
        # A field built with empty_value=None gives None for an empty box.
        return None if text is None else single_line(text)


# Ids are positive 63-bit numbers (a database bigint); anything else could not be a row's id.
ID_LIMIT = 2**63


def could_be_id(value: object) -> bool:
    """Whether a submitted value could be a row's id. Too many digits is refused before int(),
    which refuses very long ones; SQLite cannot even compare a number past 63 bits."""
    text = str(value).strip()
    return (
        text.isascii()
        and text.isdigit()
        and len(text) <= len(str(ID_LIMIT))
        and 0 < int(text) < ID_LIMIT
    )


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A choice of one row (every form's model choice uses it): a value that could not be an
    id is an invalid choice before any query."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and self.to_field_name is None and not could_be_id(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A choice of several rows: values that could not be ids are invalid choices before any
    query."""

    def _check_values(self, value: Any) -> Any:
        if self.to_field_name is None:
            for item in value:
                if not could_be_id(item):
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": str(item)[:40]},
                    )
        return super()._check_values(value)  # type: ignore[misc]


class IdListField(forms.Field):
    """The ids of rows ticked on a page (checkboxes sharing one name), as a sorted list without
    repeats. It checks only that each could be an id; which rows they are, and whether the
    person may change them, is for the service to check."""

    widget = forms.CheckboxSelectMultiple  # reads every value of the name
    default_error_messages = {"invalid": "Tick items from this page"}

    def to_python(self, value: object) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = set()
        for item in values:
            if not could_be_id(item):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            ids.add(int(str(item).strip()))
        return sorted(ids)


class GovDateField(DateInputField):  # type: ignore[misc]  # crispy-forms-gds has no types
    """A date as the GOV.UK Design System asks for it: day, month and year boxes, with messages
    that name the date ("Enter the closing date", "The closing date must be a real date").

    Unlike a browser date picker, it keeps what was typed in every browser, so a form shown
    again (an edit page, a page with an error) never loses a date."""

    def __init__(self, *, what: str, required: bool = True, **kwargs: Any) -> None:
        super().__init__(required=required, **kwargs)
        self.what = what
        self.require_all_fields = False
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            field.required = required
            field.error_messages["incomplete"] = f"The {what} must include a {part}"
            field.validators = [
                RegexValidator(r"^\s*[0-9]+\s*$", f"The {what} must be a real date")
            ]
        self.error_messages["required"] = f"Enter the {what}"
        self.error_messages["incomplete"] = f"Enter the {what}"

    def compress(self, data_list: list[str]) -> date | None:
        day, month, year = (str(part or "").strip() for part in data_list)
        if not (day and month and year):
            return None
        if len(year) != 4:
            raise ValidationError(f"The {self.what}'s year must include 4 numbers")
        try:
            return date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as error:  # a day or month too big for a C int
            raise ValidationError(f"The {self.what} must be a real date") from error


# The attribute a field carries when it belongs under one option of a radios question.
REVEALED_BY = "revealed_by"
F = TypeVar("F", bound=forms.Field)


def revealed_under(field: F, radios: str, value: str) -> F:
    """Show ``field`` only under the option ``value`` of the radios field ``radios`` (the GOV.UK
    conditional reveal). It is rendered inside that option: hidden until the option is chosen
    when JavaScript runs, always shown without it. The form must still ignore the field's value
    when another option is chosen, since a person may have typed in it before changing their
    mind."""
    setattr(field, REVEALED_BY, (radios, value))
    return field


_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


class GovTimeField(forms.CharField):
    """A time of day typed as people write it: 14:30, 2:30pm, 2pm, 9.15am or 09:00. Kept as
    typed when the form is shown again, with a message that names the time."""

    def __init__(self, *, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"})
        )
        super().__init__(**kwargs)
        self.what = what
        self.error_messages["required"] = f"Enter the {what}"

    def clean(self, value: Any) -> time | None:
        text = super().clean(value)
        if not text:
            return None
        match = _TIME.match(text)
        if match is None:
            raise ValidationError(f"Enter the {self.what} like 14:30 or 2:30pm")
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        suffix = (match.group(3) or "").lower()
        if suffix:
            if not 1 <= hour <= 12:
                raise ValidationError(f"The {self.what} must be a real time")
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(f"The {self.what} must be a real time")
        return time(hour, minute)
