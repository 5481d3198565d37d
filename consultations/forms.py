from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from consultations.models import (
    ActionStatus,
    Audience,
    IdentityMode,
    OwnerType,
    Question,
    QuestionKind,
    RespondentType,
    RespondentTypes,
    ResultsAudience,
    Section,
    Theme,
)
from consultations.services import AnswerValue
from core.forms import SingleLineField
from core.widgets import numeric_input
from forums.models import Forum
from glossary.markup import KnownTerms, mark_up_inline, term_link, terms_in

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"})


def _at_midnight(value: Any) -> datetime:
    return timezone.make_aware(datetime.combine(value, time(0, 0)))


def _at_end_of_day(value: Any) -> datetime:
    return timezone.make_aware(datetime.combine(value, time(23, 59)))


# Building ---------------------------------------------------------------------------------------


class DatesForm(forms.Form):
    """When a consultation opens (at the start of a day) and closes (at the end of one)."""

    opens_on = forms.DateField(
        label="Opens on",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the opening date", "invalid": "Enter a real date"},
    )
    closes_on = forms.DateField(
        label="Closes at the end of",
        widget=DATE_WIDGET,
        error_messages={"required": "Enter the closing date", "invalid": "Enter a real date"},
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
    audience_forums = forms.ModelMultipleChoiceField(
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
            self.fields["audience_forums"].queryset = forums
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


# Answering --------------------------------------------------------------------------------------

OTHER = "other"
ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th"]


def field_name(question: Question) -> str:
    return f"q{question.pk}"


class SectionAnswersForm(forms.Form):
    """One page of a consultation. Fields are made from its questions; nothing here is required
    by the browser, so a person can save a half-answered page and come back to it."""

    def __init__(
        self,
        *args: Any,
        section: Section,
        questions: list[Question],
        enforce_required: bool = True,
        terms: KnownTerms | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        self.questions = questions
        self.enforce_required = enforce_required
        self.terms = terms or KnownTerms(None, {})
        self.explained: set[int] = set()
        for question in questions:
            self._add_fields(question)

    def _hint(self, question: Question) -> str:
        """The hint, escaped, with glossary terms explained: those in the hint itself, and those
        used in the question (a label cannot hold a button, so they are explained here)."""
        used = terms_in(question.text, self.terms, self.explained)
        hint = mark_up_inline(question.help_text, self.terms, self.explained)
        if used:
            links = ", ".join(term_link(term, shown) for term, shown in used)
            hint = mark_safe(f'{hint} <span class="cp-hint-terms">What words mean: {links}</span>')  # noqa: S308
        return hint

    def _add_fields(self, question: Question) -> None:
        name = field_name(question)
        hint = self._hint(question)
        label = escape(question.text + ("" if question.required else " (optional)"))
        common = {"label": label, "help_text": hint, "required": False}
        choices = [(str(c.pk), c.text) for c in question.choices.all()]
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.AGREEMENT, QuestionKind.YES_NO):
            if question.allow_other:
                choices.append((OTHER, "Other"))
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select one of the options"},
                **common,
            )
            if question.allow_other:
                self.fields[f"{name}_other"] = forms.CharField(
                    label="If other, please say",
                    max_length=500,
                    required=False,
                    error_messages={"max_length": "Use 500 characters or fewer"},
                )
        elif kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Select from the options given"},
                **common,
            )
        elif kind == QuestionKind.SCALE:
            values = [(str(v), label_for(question, v)) for v in question.scale_values]
            self.fields[name] = forms.ChoiceField(
                choices=values,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select a point on the scale"},
                **common,
            )
        elif kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            limit = question.text_limit
            widget = (
                forms.Textarea(attrs={"rows": 5})
                if kind == QuestionKind.LONG_TEXT
                else forms.TextInput
            )
            self.fields[name] = forms.CharField(
                max_length=limit,
                widget=widget,
                error_messages={
                    "max_length": f"Use {limit} characters or fewer. You have used %(show_value)d."
                },
                **{
                    **common,
                    "help_text": format_html("{} You can use up to {} characters.", hint, limit),
                },
            )
        elif kind == QuestionKind.PRIORITIES:
            top = question.max_choices or 3
            for n in range(top):
                self.fields[f"{name}_{n + 1}"] = forms.ChoiceField(
                    label=format_html("{}: your {} choice", label, ORDINALS[n])
                    if n == 0
                    else f"Your {ORDINALS[n]} choice",
                    help_text=hint if n == 0 else "",
                    choices=[("", "Choose an option"), *choices],
                    required=False,
                    error_messages={"invalid_choice": "Select one of the options"},
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            name = field_name(question)
            if question.kind == QuestionKind.PRIORITIES:
                picked = [cleaned.get(f"{name}_{n + 1}") for n in range(question.max_choices or 3)]
                chosen = [p for p in picked if p]
                if len(chosen) != len(set(chosen)):
                    self.add_error(f"{name}_2", "Choose each option only once")
                if question.required and self.enforce_required and not chosen:
                    self.add_error(f"{name}_1", f"Choose your {ORDINALS[0]} priority")
                continue
            value = cleaned.get(name)
            if (
                question.kind == QuestionKind.MULTIPLE
                and question.max_choices
                and value
                and len(value) > question.max_choices
            ):
                self.add_error(name, f"Select up to {question.max_choices} options")
            if (
                question.allow_other
                and value == OTHER
                and not cleaned.get(f"{name}_other", "").strip()
            ):
                self.add_error(f"{name}_other", "Say what your other answer is")
            if (
                question.required
                and self.enforce_required
                and not value
                and name not in self.errors
            ):
                self.add_error(name, required_message(question))
        return cleaned

    def answers(self) -> dict[Question, AnswerValue]:
        """The answers that are valid, in the service's shape: kept even when another question
        on the page has an error, so that nothing typed is lost."""
        data = self.cleaned_data
        values: dict[Question, AnswerValue] = {}
        for question in self.questions:
            name = field_name(question)
            kind = question.kind
            if kind == QuestionKind.PRIORITIES:
                keys = [f"{name}_{n + 1}" for n in range(question.max_choices or 3)]
                if any(key in self.errors for key in keys):
                    continue
                picked = [int(data[k]) for k in keys if data.get(k)]
                values[question] = AnswerValue(choice_ids=tuple(picked), empty=not picked)
                continue
            if name in self.errors or f"{name}_other" in self.errors or name not in data:
                continue
            value = data[name]
            if kind == QuestionKind.MULTIPLE:
                values[question] = AnswerValue(
                    choice_ids=tuple(int(v) for v in value), empty=not value
                )
            elif kind == QuestionKind.SCALE:
                values[question] = (
                    AnswerValue(number=int(value), empty=not value)
                    if value
                    else AnswerValue(empty=True)
                )
            elif question.is_text:
                values[question] = AnswerValue(text=value.strip(), empty=not value.strip())
            elif value == OTHER:
                values[question] = AnswerValue(other_text=data.get(f"{name}_other", "").strip())
            else:
                values[question] = AnswerValue(
                    choice_ids=(int(value),) if value else (), empty=not value
                )
        return values


def required_message(question: Question) -> str:
    if question.is_text:
        return "Enter your answer"
    if question.kind == QuestionKind.MULTIPLE:
        return "Select at least one option"
    return "Select an answer"


def label_for(question: Question, value: int) -> str:
    if value == question.scale_min and question.scale_min_label:
        return f"{value} – {question.scale_min_label}"
    if value == question.scale_max and question.scale_max_label:
        return f"{value} – {question.scale_max_label}"
    return str(value)


class SubmitForm(forms.Form):
    quote_consent = forms.ChoiceField(
        label="Can we quote what you wrote, without your name?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        required=False,
    )


class ChangeAnswersForm(forms.Form):
    reference = forms.CharField(
        label="Your reference",
        help_text="It starts with CP, for example CP-ABCD-EFGH.",
        max_length=20,
        error_messages={"required": "Enter your reference"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    change_code = forms.CharField(
        label="Your change code",
        help_text="12 letters and numbers, for example ABCD-EFGH-JKLM.",
        max_length=30,
        error_messages={"required": "Enter your change code"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class CarryOnForm(forms.Form):
    code = forms.CharField(
        label="Your code to carry on",
        help_text="12 letters and numbers, for example ABCD-EFGH-JKLM.",
        max_length=30,
        error_messages={"required": "Enter your code to carry on"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


# Results, coding, publishing, actions ------------------------------------------------------------


class ResultsFilterForm(forms.Form):
    forum = forms.ModelChoiceField(
        queryset=Forum.objects.none(), required=False, empty_label="All forums", label="Forum"
    )
    respondent_type = forms.ChoiceField(
        label="Respondents", choices=[("", "Everyone"), *RespondentType.choices], required=False
    )

    def __init__(self, *args: Any, forums: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums


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
        self.fields["themes"].queryset = themes


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
    due_date = forms.DateField(
        label="Due date (optional)",
        widget=DATE_WIDGET,
        required=False,
        error_messages={"invalid": "Enter a real date"},
    )
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
        self.fields["questions"].queryset = questions
        self.fields["themes"].queryset = themes
