from __future__ import annotations

from django import forms


class GlossaryTermForm(forms.Form):
    term = forms.CharField(
        label="Term", max_length=100, error_messages={"required": "Enter the term"}
    )
    also_known_as = forms.CharField(
        label="Other ways of writing it (optional)",
        help_text="Separate them with semicolons (;)",
        max_length=200,
        required=False,
    )
    not_matching = forms.CharField(
        label="Phrases it must not match (optional)",
        help_text="Phrases that contain the term but mean something else. Separate them with semicolons (;)",
        max_length=300,
        required=False,
    )
    meaning = forms.CharField(
        label="What it means, in plain English",
        help_text="One or two short sentences a parent new to SEND would understand.",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what it means"},
    )


class GlossarySearchForm(forms.Form):
    q = forms.CharField(label="Search the glossary", max_length=100, required=False)
