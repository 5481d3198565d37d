"""Forms for results, coding, publishing and actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from consultations.models import (
    ActionStatus,
    OwnerType,
    Question,
    RespondentType,
    ResultsAudience,
    Theme,
)
from consultations.selectors import SHOW_ALL, SHOW_UNCODED
from core.forms import (
    GovDateField,
    IdChoiceField,
    IdListField,
    IdMultipleChoiceField,
    SingleLineField,
)
from forums.models import Forum


class ResultsFilterForm(forms.Form):
    forum = IdChoiceField(
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


# Refusing a theme id that is not one of the consultation's themes (another consultation's, a
# deleted one, or not a number at all): an error, never a crash or a silent change.
OWN_THEMES_ONLY = {
    "invalid_choice": "Choose themes from this consultation",
    "invalid_pk_value": "Choose themes from this consultation",
    "invalid_list": "Choose themes from this consultation",
}


class CodingFilterForm(forms.Form):
    """Which of a question's answers the coding page lists: not yet coded (the default), all,
    or those coded with one theme. A stale or made-up choice falls back to the default."""

    show = forms.ChoiceField(label="Show", required=False)

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["show"].choices = [  # type: ignore[attr-defined]
            (SHOW_UNCODED, "Answers not yet coded"),
            (SHOW_ALL, "All answers"),
            *((str(t.pk), f"Coded as “{t.name}” ({getattr(t, 'n', 0)})") for t in themes),
        ]

    def shown(self) -> str:
        if self.is_valid() and self.cleaned_data["show"]:
            return str(self.cleaned_data["show"])
        return SHOW_UNCODED


class ThemeCodingForm(forms.Form):
    """Ticked answers, and the themes to add to them or take off them. Answer ids are checked
    by the service (answers_code, answers_uncode); theme ids must be the consultation's own."""

    ADD = "add"
    REMOVE = "remove"

    answers = IdListField(
        label="Answers", required=False, error_messages={"invalid": "Tick answers from this page"}
    )
    themes = IdMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages=OWN_THEMES_ONLY,
    )
    new_theme = SingleLineField(label="Add a new theme", max_length=150, required=False)
    # The button pressed. Enter in the new theme box sends the form without one: that adds.
    action = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, themes: QuerySet[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = themes  # type: ignore[attr-defined]

    def clean_action(self) -> str:
        return self.REMOVE if self.cleaned_data.get("action") == self.REMOVE else self.ADD

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        removing = cleaned.get("action") == self.REMOVE  # absent when the action was refused
        if not cleaned.get("answers") and "answers" not in self.errors:
            self.add_error(
                "answers",
                "Tick the answers to remove themes from"
                if removing
                else "Tick the answers to code",
            )
        chosen = cleaned.get("themes") or cleaned.get("new_theme") or "themes" in self.errors
        if removing and cleaned.get("new_theme"):
            self.add_error(
                "new_theme", "A new theme is not on any answers yet: tick the themes to remove"
            )
        elif removing and not cleaned.get("themes") and "themes" not in self.errors:
            self.add_error("themes", "Tick the themes to remove")
        elif not chosen:
            # With no themes yet, the box for a new one is the only place to fix it.
            has_themes = self.fields["themes"].queryset.exists()  # type: ignore[attr-defined]
            self.add_error(
                "themes" if has_themes else "new_theme", "Tick a theme, or add a new one"
            )
        return cleaned

    def ticked(self, name: str) -> set[str]:
        """What was ticked for a field, as sent, so a page shown again with errors keeps it."""
        return {str(value) for value in self[name].value() or []} if self.is_bound else set()


class AnswerQuoteForm(forms.Form):
    quote = forms.TypedChoiceField(
        choices=[("yes", "Quote it"), ("no", "Stop quoting it")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Choose whether to quote the answer"},
    )


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
    questions = IdMultipleChoiceField(
        label="Which questions does it answer?",
        queryset=Question.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = IdMultipleChoiceField(
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
