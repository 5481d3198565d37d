"""Forms for programmes. They check what was typed; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms

from core.forms import GovDateField, SingleLineField
from forums.models import CouncilArea
from programmes.models import (
    ActionStatus,
    AgeBand,
    Area,
    AssessmentRound,
    Cohort,
    Level,
    Standard,
    Theme,
    TrainingModule,
    TrainingRecord,
)
from programmes.services import ActionDetails, RatingValue

LEVEL_MESSAGE = "Choose a level from 1 to 4"
ACTION_SAVE = "save"
ACTION_SUBMIT = "submit"


def level_field(standard_id: int) -> str:
    return f"level_{standard_id}"


def evidence_field(standard_id: int) -> str:
    return f"evidence_{standard_id}"


class AssessmentForm(forms.Form):
    """A level and an evidence note for each standard. Every level may be left empty while the
    round is a draft; the service says which are missing when it is submitted."""

    action = forms.ChoiceField(
        choices=[(ACTION_SAVE, "Save as draft"), (ACTION_SUBMIT, "Submit")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(
        self,
        *args: Any,
        standards: Iterable[Standard],
        round_: AssessmentRound | None = None,
        **kwargs: Any,
    ) -> None:
        held = {r.standard_id: r for r in round_.ratings.all()} if round_ else {}
        initial: dict[str, object] = {}
        for standard_id, rating in held.items():
            initial[level_field(standard_id)] = rating.level
            initial[evidence_field(standard_id)] = rating.evidence
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.standards = list(standards)
        for standard in self.standards:
            self.fields[level_field(standard.pk)] = forms.TypedChoiceField(
                label=f"{standard.code} {standard.title}",
                help_text=standard.descriptor,
                choices=[(value, f"{value} {label.lower()}") for value, label in Level.choices],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": f"{LEVEL_MESSAGE} for {standard.code} {standard.title}"
                },
            )
            self.fields[evidence_field(standard.pk)] = forms.CharField(
                label=f"Evidence for {standard.code} (optional)",
                help_text="What you see in school that shows this level.",
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=3000,
                required=False,
            )

    def ratings(self) -> dict[int, RatingValue]:
        return {
            standard.pk: RatingValue(
                level=self.cleaned_data.get(level_field(standard.pk)),
                evidence=self.cleaned_data.get(evidence_field(standard.pk)) or "",
            )
            for standard in self.standards
        }

    def submitting(self) -> bool:
        return self.cleaned_data.get("action") == ACTION_SUBMIT

    def pairs(self, area_id: int) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """The level and evidence fields of one area's standards, in order."""
        return [
            (self[level_field(s.pk)], self[evidence_field(s.pk)])
            for s in self.standards
            if s.area_id == area_id
        ]


class ActionForm(forms.Form):
    standard = forms.ModelChoiceField(
        label="Which standard is it for?",
        queryset=Standard.objects.none(),
        empty_label="Choose a standard",
        error_messages={
            "required": "Choose the standard this action is for",
            "invalid_choice": "Choose a standard from the list",
        },
    )
    action = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what will be done"},
    )
    owner = SingleLineField(
        label="Who will do it",
        help_text="A name or a job title, for example ‘SENCO’.",
        max_length=150,
        error_messages={"required": "Enter who will do it"},
    )
    due_on = GovDateField(
        label="When it is due", help_text="For example, 27 3 2027", what="due date"
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionStatus.choices,
        initial=ActionStatus.NOT_STARTED,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a status",
            "invalid_choice": "Choose a status from the list",
        },
    )

    def __init__(self, *args: Any, framework_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Standard.objects.in_framework(framework_id)

    def details(self) -> ActionDetails:
        data = self.cleaned_data
        return ActionDetails(
            standard_id=data["standard"].pk,
            action=data["action"],
            owner=data["owner"],
            due_on=data["due_on"],
            status=data["status"],
        )


def module_field(module_id: int) -> str:
    return f"module_{module_id}"


class TrainingForm(forms.Form):
    """How many staff completed each module."""

    def __init__(
        self,
        *args: Any,
        modules: Iterable[TrainingModule],
        records: Iterable[TrainingRecord],
        **kwargs: Any,
    ) -> None:
        held = {record.module_id: record.staff_completed for record in records}
        kwargs["initial"] = {module_field(k): v for k, v in held.items()}
        super().__init__(*args, **kwargs)
        self.modules = list(modules)
        for module in self.modules:
            self.fields[module_field(module.pk)] = forms.IntegerField(
                label=module.title,
                min_value=0,
                max_value=1000,
                required=False,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
                error_messages={
                    "invalid": f"Enter the number of staff for ‘{module.title}’ as a number",
                    "min_value": "The number of staff cannot be below 0",
                    "max_value": "The number of staff must be 1000 or fewer",
                },
            )

    def counts(self) -> dict[int, int]:
        return {
            module.pk: self.cleaned_data[module_field(module.pk)]
            for module in self.modules
            if self.cleaned_data.get(module_field(module.pk)) is not None
        }


class MeetingForm(forms.Form):
    held_on = GovDateField(
        label="Date of the meeting", help_text="For example, 27 3 2026", what="meeting date"
    )
    attendance = forms.IntegerField(
        label="How many parent carers came",
        min_value=0,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many parent carers came",
            "invalid": "Enter how many parent carers came as a number",
            "min_value": "The number who came cannot be below 0",
            "max_value": "The number who came must be 500 or fewer",
        },
    )
    themes = forms.CharField(
        label="What parent carers talked about (optional)",
        help_text="Themes only: no names and nothing that identifies a child.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class FamilySurveyForm(forms.Form):
    held_on = GovDateField(label="Date the family survey ran", what="survey date")


def band_field(band: str) -> str:
    return f"band_{band}"


class GroupMeetingForm(forms.Form):
    """A young people's group meeting: no names anywhere, only numbers and themes."""

    held_on = GovDateField(label="Date", help_text="For example, 27 3 2026", what="meeting date")
    place = SingleLineField(
        label="Where it met",
        help_text="For example, ‘Gateshead Youth Hub’.",
        max_length=200,
        error_messages={"required": "Enter where the group met"},
    )
    council_area = forms.ModelChoiceField(
        label="Council area",
        queryset=CouncilArea.objects.none(),
        empty_label="Choose a council area",
        error_messages={
            "required": "Choose the council area",
            "invalid_choice": "Choose a council area from the list",
        },
    )
    themes = forms.ModelMultipleChoiceField(
        label="What the young people explored",
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose themes from the list"},
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = self.fields["council_area"]
        if isinstance(areas, forms.ModelChoiceField):
            held = cohort.council_areas.all()
            areas.queryset = held if held.exists() else CouncilArea.objects.all()
        themes = self.fields["themes"]
        if isinstance(themes, forms.ModelMultipleChoiceField):
            themes.queryset = Theme.objects.filter(programme_id=cohort.programme_id)
        for band in AgeBand:
            self.fields[band_field(band.value)] = forms.IntegerField(
                label=f"Young people aged {band.label.lower()}",
                min_value=0,
                max_value=200,
                required=False,
                widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
                error_messages={
                    "invalid": f"Enter the number aged {band.label.lower()} as a number",
                    "min_value": "The number of young people cannot be below 0",
                    "max_value": "The number of young people must be 200 or fewer",
                },
            )

    def counts(self) -> dict[str, int]:
        return {band.value: self.cleaned_data.get(band_field(band.value)) or 0 for band in AgeBand}


class QuoteForm(forms.Form):
    text = forms.CharField(
        label="Their words",
        help_text="As they said or wrote them. Leave out names and anything that could identify them.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter their words"},
    )
    age_band = forms.ChoiceField(
        label="Their age",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose their age band",
            "invalid_choice": "Choose an age band from the list",
        },
    )
    young_person_agreed = forms.BooleanField(
        label="The young person agreed to share these words",
        error_messages={"required": "A quote can only be kept if the young person agreed"},
    )
    parent_carer_agreed = forms.BooleanField(
        label="Their parent carer agreed too",
        error_messages={"required": "A quote can only be kept if their parent carer agreed"},
    )
    consent_how = SingleLineField(
        label="How they agreed",
        help_text="For example, ‘Signed consent form, kept by the group’.",
        max_length=200,
        error_messages={"required": "Say how they agreed"},
    )


class FrameworkForm(forms.Form):
    name = SingleLineField(
        label="Name", max_length=150, error_messages={"required": "Enter the framework's name"}
    )
    description = forms.CharField(
        label="What it is for (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class AreaForm(forms.Form):
    name = SingleLineField(
        label="Name of the area",
        help_text="For example, ‘Relationships and families’.",
        max_length=150,
        error_messages={"required": "Enter the area's name"},
    )


class StandardForm(forms.Form):
    area = forms.ModelChoiceField(
        label="Area",
        queryset=Area.objects.none(),
        empty_label="Choose an area",
        error_messages={
            "required": "Choose the area",
            "invalid_choice": "Choose an area from the list",
        },
    )
    title = SingleLineField(
        label="Standard", max_length=200, error_messages={"required": "Enter the standard"}
    )
    descriptor = forms.CharField(
        label="What meeting it looks like",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what meeting the standard looks like"},
    )

    def __init__(self, *args: Any, framework_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = Area.objects.in_framework(framework_id)
