"""Forms for leads building a consultation."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone

from consultations.models import (
    Audience,
    IdentityMode,
    Question,
    QuestionKind,
    RespondentTypes,
)
from core.forms import GovDateField, IdMultipleChoiceField, SingleLineField
from core.widgets import numeric_input
from forums.models import Forum


def _at_midnight(value: Any) -> datetime:
    return timezone.make_aware(datetime.combine(value, time(0, 0)))


def _at_end_of_day(value: Any) -> datetime:
    return timezone.make_aware(datetime.combine(value, time(23, 59)))


class DatesForm(forms.Form):
    """When a consultation opens (at the start of a day) and closes (at the end of one)."""

    opens_on = GovDateField(
        label="Opens on", help_text="For example, 27 3 2027", what="opening date"
    )
    closes_on = GovDateField(
        label="Closes at the end of", help_text="For example, 30 4 2027", what="closing date"
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The closing date must be on or after the opening date")
        return cleaned

    def dates(self) -> dict[str, datetime]:
        """opens_at and closes_at for the services (opens_at only if the form asks for it)."""
        dates = {"closes_at": _at_end_of_day(self.cleaned_data["closes_on"])}
        if "opens_on" in self.cleaned_data:
            dates["opens_at"] = _at_midnight(self.cleaned_data["opens_on"])
        return dates


# The good-life template asks only for its dates.
TemplateForm = DatesForm


class ConsultationDetailsForm(DatesForm):
    title = SingleLineField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    summary = forms.CharField(
        label="Summary",
        help_text="What you are asking, why, and how long it takes. Respondents see this first.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        error_messages={"required": "Enter a summary"},
    )
    easy_read_summary = forms.CharField(
        label="Easy Read summary (optional)",
        help_text="Short sentences and everyday words. Leave a blank line between ideas.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )
    audience = forms.ChoiceField(
        label="Who can answer?",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can answer"},
    )
    audience_forums = IdMultipleChoiceField(
        label="Members of which forums?",
        help_text="For a members' consultation. Your own forum is always included.",
        queryset=Forum.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    respondent_types = forms.ChoiceField(
        label="Who is it for?",
        choices=RespondentTypes.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who it is for"},
    )
    identity_mode = forms.ChoiceField(
        label="Named or anonymous?",
        choices=IdentityMode.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Anonymous: when people send their answers, the link to them is removed. You will "
            "see what was said, but not who said it."
        ),
        error_messages={"required": "Choose named or anonymous"},
    )
    consent_statement = forms.CharField(
        label="Quoting statement (optional)",
        help_text="What people agree to if they let you quote their words. Without it, no quotes are published.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        forums: Any = None,
        locked: bool = False,
        regional: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if forums is not None:
            self.fields["audience_forums"].queryset = forums  # type: ignore[attr-defined]
            if regional:
                self.fields[
                    "audience_forums"
                ].help_text = "Leave all unticked to ask every forum in the region."
        else:
            del self.fields["audience_forums"]
        if locked:
            # After launch only the wording and the closing date can change.
            for name in (
                "opens_on",
                "audience",
                "audience_forums",
                "respondent_types",
                "identity_mode",
            ):
                self.fields.pop(name, None)

    field_order = [
        "title",
        "summary",
        "easy_read_summary",
        "opens_on",
        "closes_on",
        "audience",
        "audience_forums",
        "respondent_types",
        "identity_mode",
        "consent_statement",
    ]

    def service_fields(self) -> dict[str, Any]:
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("audience_forums", "opens_on", "closes_on")
        }
        return {**data, **self.dates()}


class SectionForm(forms.Form):
    title = forms.CharField(
        label="Page title", max_length=200, error_messages={"required": "Enter a page title"}
    )
    intro = forms.CharField(
        label="Introduction (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Type of question",
        choices=QuestionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a type of question"},
    )
    text = forms.CharField(
        label="Question",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For an agree or disagree question, write the statement, like “I feel listened to”.",
        error_messages={"required": "Enter the question"},
    )
    help_text = forms.CharField(label="Hint (optional)", max_length=1000, required=False)
    required = forms.BooleanField(label="People must answer this question", required=False)
    choices = forms.CharField(
        label="Options (choice and priorities questions)",
        help_text="One option per line.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    allow_other = forms.BooleanField(
        label="Add “Other, please say” (single choice)", required=False
    )
    max_choices = forms.IntegerField(
        label="How many can people pick? (multiple choice and priorities)",
        min_value=1,
        max_value=20,
        required=False,
        widget=numeric_input(),
        error_messages={"invalid": "Enter a whole number"},
    )
    scale_min = forms.IntegerField(
        widget=numeric_input(),
        label="Lowest point (rating scale)",
        initial=1,
        required=False,
        min_value=0,
        max_value=10,
    )
    scale_max = forms.IntegerField(
        widget=numeric_input(),
        label="Highest point (rating scale)",
        initial=5,
        required=False,
        min_value=1,
        max_value=11,
    )
    scale_min_label = forms.CharField(
        label="Label for the lowest point", max_length=60, required=False
    )
    scale_max_label = forms.CharField(
        label="Label for the highest point", max_length=60, required=False
    )
    max_length = forms.IntegerField(
        widget=numeric_input(),
        label="Most characters allowed (text questions)",
        min_value=10,
        max_value=10000,
        required=False,
    )

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["choices"] = [line for line in data["choices"].splitlines() if line.strip()]
        data["scale_min"] = data["scale_min"] if data["scale_min"] is not None else 1
        data["scale_max"] = data["scale_max"] if data["scale_max"] is not None else 5
        return data

    @staticmethod
    def initial_for(question: Question) -> dict[str, Any]:
        return {
            "kind": question.kind,
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "choices": "\n".join(c.text for c in question.choices.all()),
            "allow_other": question.allow_other,
            "max_choices": question.max_choices,
            "scale_min": question.scale_min,
            "scale_max": question.scale_max,
            "scale_min_label": question.scale_min_label,
            "scale_max_label": question.scale_max_label,
            "max_length": question.max_length,
        }
