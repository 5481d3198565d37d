"""Forms for people answering a consultation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from consultations.models import (
    Question,
    QuestionKind,
    Section,
)
from consultations.services import AnswerValue
from glossary.markup import KnownTerms, mark_up_inline, term_link, terms_in

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
