"""Widgets the GOV.UK template pack does not style itself."""

from __future__ import annotations

from django import forms


def numeric_input(width: int = 5) -> forms.TextInput:
    """A whole-number box as the GOV.UK Design System asks: text with a numeric keyboard,
    not type=number (which changes values on scroll and is read out poorly)."""
    return forms.TextInput(
        attrs={
            "class": f"govuk-input govuk-input--width-{width}",
            "inputmode": "numeric",
            "spellcheck": "false",
        }
    )
