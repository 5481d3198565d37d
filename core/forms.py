"""Helpers for forms, shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal in the form's error summary, as a problem with the whole form."""
    for message in error.messages:
        form.add_error(None, message)
