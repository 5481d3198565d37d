"""Forms for results, coding, publishing and actions."""

from __future__ import annotations

from typing import Any

from django import forms

from consultations.models import (
    ActionStatus,
    OwnerType,
    Question,
    RespondentType,
    ResultsAudience,
    Theme,
)
from core.forms import GovDateField
from forums.models import Forum


class ResultsFilterForm(forms.Form):
    forum = forms.ModelChoiceField(
        queryset=Forum.objects.none(), required=False, empty_label="All forums", label="Forum"
    )
    respondent_type = forms.ChoiceField(
        label="Respondents", choices=[("", "Everyone"), *RespondentType.choices], required=False
    )

    def __init__(self, *args: Any, forums: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums  # type: ignore[attr-defined]


class ThemeForm(forms.Form):
    name = forms.CharField(
        label="New theme", max_length=150, error_messages={"required": "Enter a name for the theme"}
    )


class AnswerCodingForm(forms.Form):
    """The themes ticked for one answer. Ids come from the page, so anything that is not one of
    the consultation's own themes (another consultation's, a deleted one, or not a number at
    all) is an error, never a crash or a silent change."""

    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": "Choose themes from this consultation",
            "invalid_pk_value": "Choose themes from this consultation",
            "invalid_list": "Choose themes from this consultation",
        },
    )
    featured = forms.BooleanField(required=False)

    def __init__(self, *args: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]


class PublishForm(forms.Form):
    audience = forms.ChoiceField(
        label="Who can see the results?",
        choices=ResultsAudience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see the results"},
    )
    you_said = forms.CharField(
        label="“You said”: what you heard",
        help_text="A short summary in plain English, built from the themes. It is shown above the results.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        error_messages={"required": "Write the “You said” summary"},
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="New status",
        choices=ActionStatus.choices,
        error_messages={"required": "Choose a status", "invalid_choice": "Choose a status"},
    )
    not_possible_reason = forms.CharField(
        label="If it was not possible, why?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_url = forms.URLField(
        label="Link to evidence (optional)",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        error_messages={"invalid": "Enter a web address, like https://www.example.org"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("status") == ActionStatus.NOT_POSSIBLE
            and not cleaned.get("not_possible_reason", "").strip()
        ):
            self.add_error("not_possible_reason", "Say why it was not possible")
        return cleaned


class ActionForm(ActionStatusForm):
    """A new action: what, who, when, and what it answers; its status as in ActionStatusForm."""

    title = forms.CharField(
        label="What will be done, or was done",
        max_length=200,
        error_messages={"required": "Enter the action"},
    )
    description = forms.CharField(
        label="More detail (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
    )
    owner_type = forms.ChoiceField(
        label="Who owns it?",
        choices=OwnerType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who owns it"},
    )
    owner_name = forms.CharField(
        label="Name of the organisation",
        max_length=200,
        error_messages={"required": "Enter the organisation's name"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a status"},
    )
    due_date = GovDateField(label="Due date (optional)", what="due date", required=False)
    questions = forms.ModelMultipleChoiceField(
        label="Which questions does it answer?",
        queryset=Question.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.ModelMultipleChoiceField(
        label="Which themes does it answer?",
        queryset=Question.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    field_order = [
        "title",
        "description",
        "owner_type",
        "owner_name",
        "status",
        "not_possible_reason",
        "due_date",
        "evidence_url",
        "questions",
        "themes",
    ]

    def __init__(self, *args: Any, questions: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions  # type: ignore[attr-defined]
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]
