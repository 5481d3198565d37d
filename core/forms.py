"""Helpers for forms, shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

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
