"""Forms for people answering a consultation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe

from consultations.models import (
    Question,
    Section,
)
from consultations.question_kinds import AnswerValue, Field, FormErrors, field_name, kind_of
from glossary.markup import KnownTerms, mark_up_inline, term_link, terms_in


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
        # The question each field belongs to, so the error summary can say which one a
        # message is about when a page asks several.
        self.error_subjects: dict[str, str] = {}
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
        label = escape(question.text + ("" if question.required else " (optional)"))
        field = Field(
            question=question,
            name=field_name(question),
            label=label,
            hint=self._hint(question),
            choices=[(str(c.pk), c.text) for c in question.choices.all()],
        )
        fields = kind_of(question).form_fields(field)
        self.fields.update(fields)
        self.error_subjects.update(dict.fromkeys(fields, question.text))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        errors = FormErrors(self.add_error, self.errors)
        for question in self.questions:
            required = question.required and self.enforce_required
            kind_of(question).clean(question, cleaned, errors, required)
        return cleaned

    def answers(self) -> dict[Question, AnswerValue]:
        """The answers that are valid, in the service's shape: kept even when another question
        on the page has an error, so that nothing typed is lost."""
        data = self.cleaned_data
        values: dict[Question, AnswerValue] = {}
        for question in self.questions:
            kind = kind_of(question)
            if kind.has_errors(question, self.errors):
                continue
            if not kind.ranked and field_name(question) not in data:
                continue
            values[question] = kind.answer_value(question, data)
        return values


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


class CarryOnEmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We use it to send this one email, and forget it once the email has gone.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
