"""Every kind of question in one table: what the lead must give, the form fields a respondent
fills in, how an answer is read back from the form, shown on "Check your answers", put in an
export and counted in the results.

A new kind of question is one new class here and one entry in ``KINDS``; nothing else branches
on ``Question.kind``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString

from consultations.models import (
    AGREEMENT_CHOICES,
    YES_NO_CHOICES,
    Answer,
    Question,
    QuestionKind,
)
from core.forms import revealed_under

OTHER = "other"
ORDINALS = ["1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th"]

# What an export cell holds: text, a number, or nothing.
Cell = str | int | None


class FormErrors:
    """What a kind's cleaning needs of the form: to add an error and see which fields have one."""

    def __init__(self, add_error: Callable[[str, str], None], errors: Mapping[str, Any]) -> None:
        self.add = add_error
        self.errors = errors


@dataclass(frozen=True)
class AnswerValue:
    """What a person answered to one question, in the shape Answer stores."""

    text: str = ""
    number: int | None = None
    other_text: str = ""
    choice_ids: tuple[int, ...] = ()  # in rank order for priorities
    empty: bool = False


@dataclass(frozen=True)
class Counts:
    """Counts of a consultation's answers, grouped by the database, for the results rows."""

    scale: Mapping[tuple[int, int | None], int]  # (question, point) -> answers
    choice_ranks: Mapping[tuple[int, int], dict[int | None, int]]  # (question, option) -> by place


@dataclass(frozen=True)
class ResultRow:
    key: str
    label: str
    count: int
    by_rank: dict[int | None, int]


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def scale_label(question: Question, value: int) -> str:
    """A point on a rating scale, with the words the lead gave for its two ends."""
    if value == question.scale_min and question.scale_min_label:
        return f"{value} – {question.scale_min_label}"
    if value == question.scale_max and question.scale_max_label:
        return f"{value} – {question.scale_max_label}"
    return str(value)


@dataclass(frozen=True)
class StoredAnswer:
    """A sent answer as exports read it: plain values, and the texts of the options picked, in
    rank order. Exports build these from rows read in bulk, without a model object each."""

    text: str = ""
    number: int | None = None
    other_text: str = ""
    picked: tuple[str, ...] = ()

    @classmethod
    def of(cls, answer: Answer) -> StoredAnswer:
        """From a stored answer (``selected`` prefetched with its choice, or read here)."""
        return cls(answer.text, answer.number, answer.other_text, tuple(picked(answer)))


def picked(answer: Answer) -> list[str]:
    """The options an answer picked, in rank order (``selected`` prefetched with its choice)."""
    return [s.choice.text for s in answer.selected.all()]


@dataclass(frozen=True)
class Field:
    """What the answering form needs to build one question's fields."""

    question: Question
    name: str
    label: str
    hint: SafeString | str
    choices: list[tuple[str, str]]

    @property
    def common(self) -> dict[str, Any]:
        return {"label": self.label, "help_text": self.hint, "required": False}


class Kind:
    """The behaviour every kind shares; each kind below overrides what differs."""

    value: ClassVar[str]
    is_choice: ClassVar[bool] = False  # answers are options, stored as AnswerChoice rows
    is_text: ClassVar[bool] = False
    fixed_options: ClassVar[tuple[str, ...]] = ()  # options the service gives, not the lead
    lead_gives_options: ClassVar[bool] = False
    may_allow_other: ClassVar[bool] = False
    takes_max_choices: ClassVar[bool] = False
    ranked: ClassVar[bool] = False
    required_message: ClassVar[str] = "Select an answer"
    default_text_limit: ClassVar[int] = 0  # characters, for text kinds without their own limit
    # The id the "Change" link on Check your answers goes to.
    change_anchor_suffix: ClassVar[str] = "_1"

    # Building ---------------------------------------------------------------------------------

    def options(self, given: list[str]) -> list[str]:
        return list(self.fixed_options) or [c.strip() for c in given if c.strip()]

    def validate(
        self, *, options: list[str], max_choices: int | None, scale: tuple[int, int]
    ) -> None:
        if self.lead_gives_options and len(options) < 2:
            raise ValidationError("Give at least 2 options, one per line.")
        if max_choices and options and max_choices > len(options):
            raise ValidationError("The number to pick cannot be more than the number of options.")

    # Answering --------------------------------------------------------------------------------

    def form_fields(self, field: Field) -> dict[str, forms.Field]:
        raise NotImplementedError

    def clean(
        self, question: Question, cleaned: Mapping[str, Any], form: FormErrors, required: bool
    ) -> None:
        name = field_name(question)
        if required and not cleaned.get(name) and name not in form.errors:
            form.add(name, self.required_message)

    def answer_value(self, question: Question, data: Mapping[str, Any]) -> AnswerValue:
        value = data[field_name(question)]
        return AnswerValue(choice_ids=(int(value),) if value else (), empty=not value)

    def has_errors(self, question: Question, errors: Mapping[str, Any]) -> bool:
        name = field_name(question)
        return name in errors or f"{name}_other" in errors

    def initial(self, question: Question, answer: Answer) -> dict[str, object]:
        selected = [str(s.choice_id) for s in answer.selected.all()]
        return {field_name(question): selected[0] if selected else ""}

    # Showing and exporting --------------------------------------------------------------------

    def display(self, question: Question, answer: Answer) -> str:
        """The answer as text, one line per option, for Check your answers."""
        return "\n".join(picked(answer))

    def cell(self, question: Question, answer: StoredAnswer) -> Cell:
        return "; ".join(answer.picked)

    # Results ----------------------------------------------------------------------------------

    def result_rows(self, question: Question, counts: Counts) -> list[ResultRow]:
        """The rows of the question's results table: one per option, counted by place."""
        rows = []
        for choice in question.choices.all():
            by_rank = counts.choice_ranks.get((question.pk, choice.pk), {})
            rows.append(
                ResultRow(f"choice-{choice.pk}", choice.text, sum(by_rank.values()), by_rank)
            )
        return rows


class SingleChoice(Kind):
    value = QuestionKind.SINGLE
    is_choice = True
    lead_gives_options = True
    may_allow_other = True

    def form_fields(self, field: Field) -> dict[str, forms.Field]:
        question = field.question
        choices = [*field.choices, (OTHER, "Other")] if question.allow_other else field.choices
        fields: dict[str, forms.Field] = {
            field.name: forms.ChoiceField(
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select one of the options"},
                **field.common,
            )
        }
        if question.allow_other:
            # Shown under the "Other" option (GOV.UK conditional reveal).
            fields[f"{field.name}_other"] = revealed_under(
                forms.CharField(
                    label="Your other answer",
                    max_length=500,
                    required=False,
                    error_messages={"max_length": "Use 500 characters or fewer"},
                ),
                field.name,
                OTHER,
            )
        return fields

    def clean(
        self, question: Question, cleaned: Mapping[str, Any], form: FormErrors, required: bool
    ) -> None:
        name = field_name(question)
        if (
            question.allow_other
            and cleaned.get(name) == OTHER
            and not cleaned.get(f"{name}_other", "").strip()
        ):
            form.add(f"{name}_other", "Say what your other answer is")
        super().clean(question, cleaned, form, required)

    def answer_value(self, question: Question, data: Mapping[str, Any]) -> AnswerValue:
        name = field_name(question)
        if data[name] == OTHER:
            return AnswerValue(other_text=data.get(f"{name}_other", "").strip())
        return super().answer_value(question, data)

    def initial(self, question: Question, answer: Answer) -> dict[str, object]:
        if answer.other_text:
            name = field_name(question)
            return {name: OTHER, f"{name}_other": answer.other_text}
        return super().initial(question, answer)

    def display(self, question: Question, answer: Answer) -> str:
        return (
            f"Other: {answer.other_text}"
            if answer.other_text
            else super().display(question, answer)
        )

    def cell(self, question: Question, answer: StoredAnswer) -> Cell:
        return (
            f"Other: {answer.other_text}" if answer.other_text else super().cell(question, answer)
        )


class Agreement(SingleChoice):
    value = QuestionKind.AGREEMENT
    lead_gives_options = False
    fixed_options = tuple(AGREEMENT_CHOICES)


class YesNo(SingleChoice):
    value = QuestionKind.YES_NO
    lead_gives_options = False
    fixed_options = tuple(YES_NO_CHOICES)


class MultipleChoice(Kind):
    value = QuestionKind.MULTIPLE
    is_choice = True
    lead_gives_options = True
    takes_max_choices = True
    required_message = "Select at least one option"

    def form_fields(self, field: Field) -> dict[str, forms.Field]:
        return {
            field.name: forms.MultipleChoiceField(
                choices=field.choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Select from the options given"},
                **field.common,
            )
        }

    def clean(
        self, question: Question, cleaned: Mapping[str, Any], form: FormErrors, required: bool
    ) -> None:
        name = field_name(question)
        value = cleaned.get(name)
        if question.max_choices and value and len(value) > question.max_choices:
            form.add(name, f"Select up to {question.max_choices} options")
            return
        super().clean(question, cleaned, form, required)

    def answer_value(self, question: Question, data: Mapping[str, Any]) -> AnswerValue:
        value = data[field_name(question)]
        return AnswerValue(choice_ids=tuple(int(v) for v in value), empty=not value)

    def initial(self, question: Question, answer: Answer) -> dict[str, object]:
        return {field_name(question): [str(s.choice_id) for s in answer.selected.all()]}


class Priorities(Kind):
    value = QuestionKind.PRIORITIES
    is_choice = True
    lead_gives_options = True
    takes_max_choices = True
    ranked = True

    def validate(
        self, *, options: list[str], max_choices: int | None, scale: tuple[int, int]
    ) -> None:
        super().validate(options=options, max_choices=max_choices, scale=scale)
        if not max_choices:
            raise ValidationError("Say how many priorities people pick.")

    @staticmethod
    def names(question: Question) -> list[str]:
        return [f"{field_name(question)}_{n + 1}" for n in range(question.max_choices or 3)]

    def form_fields(self, field: Field) -> dict[str, forms.Field]:
        return {
            name: forms.ChoiceField(
                label=format_html(
                    "{} – your {} choice", str(field.label).rstrip(" .:"), ORDINALS[n]
                )
                if n == 0
                else f"Your {ORDINALS[n]} choice",
                help_text=field.hint if n == 0 else "",
                choices=[("", "Choose an option"), *field.choices],
                required=False,
                error_messages={"invalid_choice": "Select one of the options"},
            )
            for n, name in enumerate(self.names(field.question))
        }

    def clean(
        self, question: Question, cleaned: Mapping[str, Any], form: FormErrors, required: bool
    ) -> None:
        name = field_name(question)
        chosen = [p for p in (cleaned.get(key) for key in self.names(question)) if p]
        if len(chosen) != len(set(chosen)):
            form.add(f"{name}_2", "Choose each option only once")
        if required and not chosen:
            form.add(f"{name}_1", f"Choose your {ORDINALS[0]} priority")

    def has_errors(self, question: Question, errors: Mapping[str, Any]) -> bool:
        return any(key in errors for key in self.names(question))

    def answer_value(self, question: Question, data: Mapping[str, Any]) -> AnswerValue:
        chosen = [int(data[key]) for key in self.names(question) if data.get(key)]
        return AnswerValue(choice_ids=tuple(chosen), empty=not chosen)

    def initial(self, question: Question, answer: Answer) -> dict[str, object]:
        name = field_name(question)
        selected = [str(s.choice_id) for s in answer.selected.all()]
        return {f"{name}_{n}": choice_id for n, choice_id in enumerate(selected, 1)}

    def display(self, question: Question, answer: Answer) -> str:
        return "\n".join(f"{n}. {text}" for n, text in enumerate(picked(answer), 1))

    def cell(self, question: Question, answer: StoredAnswer) -> Cell:
        return "; ".join(f"{n}. {text}" for n, text in enumerate(answer.picked, 1))


class Scale(Kind):
    value = QuestionKind.SCALE
    required_message = "Select an answer"

    def validate(
        self, *, options: list[str], max_choices: int | None, scale: tuple[int, int]
    ) -> None:
        if not (scale[0] < scale[1] <= scale[0] + 10):
            raise ValidationError("A rating scale needs between 2 and 11 points.")

    def form_fields(self, field: Field) -> dict[str, forms.Field]:
        question = field.question
        return {
            field.name: forms.ChoiceField(
                choices=[(str(v), scale_label(question, v)) for v in question.scale_values],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select a point on the scale"},
                **field.common,
            )
        }

    def answer_value(self, question: Question, data: Mapping[str, Any]) -> AnswerValue:
        value = data[field_name(question)]
        return AnswerValue(number=int(value)) if value else AnswerValue(empty=True)

    def initial(self, question: Question, answer: Answer) -> dict[str, object]:
        return {field_name(question): str(answer.number) if answer.number is not None else ""}

    def display(self, question: Question, answer: Answer) -> str:
        return str(answer.number) if answer.number is not None else ""

    def cell(self, question: Question, answer: StoredAnswer) -> Cell:
        return answer.number

    def result_rows(self, question: Question, counts: Counts) -> list[ResultRow]:
        return [
            ResultRow(
                f"scale-{v}", scale_label(question, v), counts.scale.get((question.pk, v), 0), {}
            )
            for v in question.scale_values
        ]


class ShortText(Kind):
    value = QuestionKind.SHORT_TEXT
    is_text = True
    default_text_limit = 200
    required_message = "Enter your answer"
    change_anchor_suffix = ""

    def widget(self) -> forms.Widget:
        return forms.TextInput()

    def form_fields(self, field: Field) -> dict[str, forms.Field]:
        limit = field.question.text_limit
        box = forms.CharField(
            max_length=limit,
            widget=self.widget(),
            error_messages={
                "max_length": f"Use {limit} characters or fewer. You have used %(show_value)d."
            },
            **{**field.common, "help_text": self.hint(field.hint, limit)},
        )
        # Nothing typed or pasted is cut off in the browser: the server says what is too long.
        box.widget.attrs.pop("maxlength", None)
        return {field.name: box}

    def hint(self, hint: SafeString | str, limit: int) -> SafeString | str:
        return format_html("{} You can use up to {} characters.", hint, limit)

    def answer_value(self, question: Question, data: Mapping[str, Any]) -> AnswerValue:
        text = data[field_name(question)].strip()
        return AnswerValue(text=text, empty=not text)

    def initial(self, question: Question, answer: Answer) -> dict[str, object]:
        return {field_name(question): answer.text}

    def display(self, question: Question, answer: Answer) -> str:
        return answer.text

    def cell(self, question: Question, answer: StoredAnswer) -> Cell:
        return answer.text

    def result_rows(self, question: Question, counts: Counts) -> list[ResultRow]:
        return []


class LongText(ShortText):
    value = QuestionKind.LONG_TEXT
    default_text_limit = 5000

    def widget(self) -> forms.Widget:
        return forms.Textarea(attrs={"rows": 5})

    def hint(self, hint: SafeString | str, limit: int) -> SafeString | str:
        return hint  # the character count under the box gives the limit


KINDS: dict[str, Kind] = {
    kind.value: kind
    for kind in (
        SingleChoice(),
        MultipleChoice(),
        Scale(),
        Agreement(),
        YesNo(),
        ShortText(),
        LongText(),
        Priorities(),
    )
}
assert set(KINDS) == set(QuestionKind.values), "every kind of question needs an entry"  # noqa: S101


# The kinds whose answers are free text: the ones leads code with themes.
TEXT_KINDS = frozenset(value for value, kind in KINDS.items() if kind.is_text)


def kind_of(question: Question | str) -> Kind:
    return KINDS[question if isinstance(question, str) else question.kind]
