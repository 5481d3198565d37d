"""Forms for programmes. They check what was typed; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from accounts.models import User
from consultations.models import Choice, Consultation, Question
from core.forms import (
    GovDateField,
    GovTimeField,
    IdChoiceField,
    IdMultipleChoiceField,
    SingleLineField,
)
from forums.models import CouncilArea, Forum, Membership
from programmes import feedback
from programmes.feedback import Picture
from programmes.models import (
    ActionStatus,
    AgeBand,
    Area,
    AssessmentRound,
    Cohort,
    ContactRole,
    Level,
    Phase,
    Programme,
    School,
    SchoolType,
    Standard,
    Theme,
    TrainingModule,
    TrainingRecord,
)
from programmes.services import ActionDetails, CohortDetails, RatingValue, SchoolDetails

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
    standard = IdChoiceField(
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
    council_area = IdChoiceField(
        label="Council area",
        queryset=CouncilArea.objects.none(),
        empty_label="Choose a council area",
        error_messages={
            "required": "Choose the council area",
            "invalid_choice": "Choose a council area from the list",
        },
    )
    themes = IdMultipleChoiceField(
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
    area = IdChoiceField(
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


class FeedbackTimesForm(forms.Form):
    """When the meeting is on: the feedback form takes answers only then."""

    starts = GovTimeField(
        label="Start time", help_text="For example, 4pm or 16:00", what="start time"
    )
    ends = GovTimeField(label="End time", help_text="For example, 5:30pm", what="end time")


FORM_KEY = "form_key"
_FORM_KEY_PATTERN = r"^[A-Za-z0-9_-]{20,64}$"


class FeedbackAnswersForm(forms.Form):
    """One young person's answers: one picture for each question. The hidden key names this
    copy of the form, so pressing Send twice counts once."""

    form_key = forms.RegexField(regex=_FORM_KEY_PATTERN, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        questions: list[tuple[Question, list[tuple[Choice, Picture | None]]]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        missing = {q.text: q.missing for q in feedback.QUESTIONS}
        for question, options in questions:
            self.fields[feedback_field(question.pk)] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.help_text,
                choices=[(choice.pk, choice.text) for choice, _ in options],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": missing.get(question.text, "Choose a picture"),
                    "invalid_choice": missing.get(question.text, "Choose a picture"),
                },
            )

    def chosen(self) -> dict[int, int]:
        return {
            question.pk: self.cleaned_data[feedback_field(question.pk)]
            for question, _ in self.questions
        }


def feedback_field(question_id: int) -> str:
    return f"q{question_id}"


class FamilySurveyLinkForm(forms.Form):
    consultation = IdChoiceField(
        label="Which consultation is the family survey?",
        queryset=Consultation.objects.none(),
        empty_label="Choose a consultation",
        error_messages={
            "required": "Choose the consultation",
            "invalid_choice": "Choose a consultation from the list",
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["consultation"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = consultations_run_by(user)


class FamilySurveyNewForm(forms.Form):
    forum = IdChoiceField(
        label="Which forum runs it?",
        queryset=Forum.objects.none(),
        empty_label="Choose a forum",
        error_messages={
            "required": "Choose the forum that runs the survey",
            "invalid_choice": "Choose a forum from the list",
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["forum"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = forums_led_by(user)


def forums_led_by(user: User) -> QuerySet[Forum]:
    return Forum.objects.filter(
        pk__in=Membership.objects.leads().filter(user=user).values("forum_id")
    ).order_by("name")


def consultations_run_by(user: User) -> QuerySet[Consultation]:
    """Consultations this person runs: their forums' (and, for staff, regional ones)."""
    runs = Q(forum__in=forums_led_by(user))
    if user.is_staff:
        runs |= Q(region__isnull=False)
    return Consultation.objects.filter(runs).select_related("forum").order_by("-opens_at")


URN_MESSAGE = "Enter the URN as 6 numbers, for example 108412"


class SchoolForm(forms.Form):
    name = SingleLineField(
        label="School name", max_length=200, error_messages={"required": "Enter the school's name"}
    )
    urn = forms.RegexField(
        label="URN (unique reference number)",
        help_text="6 numbers, for example 108412. You can find it on Get information about schools.",
        regex=r"^\s*[0-9]{6}\s*$",
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter the school's URN", "invalid": URN_MESSAGE},
    )
    council_area = IdChoiceField(
        label="Council area",
        queryset=CouncilArea.objects.order_by("name"),
        empty_label="Choose a council area",
        error_messages={
            "required": "Choose the council area",
            "invalid_choice": "Choose a council area from the list",
        },
    )
    phase = forms.ChoiceField(
        label="Phase",
        choices=Phase.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the phase", "invalid_choice": "Choose a phase"},
    )
    school_type = forms.ChoiceField(
        label="Type",
        choices=SchoolType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type", "invalid_choice": "Choose a type"},
    )

    def clean_urn(self) -> str:
        return str(self.cleaned_data["urn"]).strip()

    def details(self) -> SchoolDetails:
        data = self.cleaned_data
        return SchoolDetails(
            name=data["name"],
            urn=data["urn"],
            council_area=data["council_area"],
            phase=data["phase"],
            school_type=data["school_type"],
        )


class ContactForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        help_text="The address they sign in with.",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Their role",
        choices=ContactRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role", "invalid_choice": "Choose a role"},
    )


class CohortForm(forms.Form):
    name = SingleLineField(
        label="Name", max_length=150, error_messages={"required": "Enter the cohort's name"}
    )
    starts_on = GovDateField(label="Start date", what="start date")
    ends_on = GovDateField(label="End date", what="end date")
    baseline_due_on = GovDateField(label="Baseline self-assessment due", what="baseline date")
    training_due_on = GovDateField(label="Staff training done by", what="training date")
    parent_group_due_on = GovDateField(
        label="First parent carer group meeting by", what="parent group date"
    )
    review_due_on = GovDateField(label="Review self-assessment due", what="review date")
    family_survey_on = GovDateField(label="Family survey opens", what="family survey date")
    council_areas = IdMultipleChoiceField(
        label="Council areas it covers",
        queryset=CouncilArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose council areas from the list"},
    )

    def details(self) -> CohortDetails:
        data = self.cleaned_data
        return CohortDetails(
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            baseline_due_on=data["baseline_due_on"],
            training_due_on=data["training_due_on"],
            parent_group_due_on=data["parent_group_due_on"],
            review_due_on=data["review_due_on"],
            family_survey_on=data["family_survey_on"],
            council_areas=tuple(data["council_areas"]),
        )


class CohortNewForm(CohortForm):
    programme = IdChoiceField(
        label="Programme",
        queryset=Programme.objects.order_by("name"),
        empty_label="Choose a programme",
        error_messages={
            "required": "Choose the programme",
            "invalid_choice": "Choose a programme from the list",
        },
    )
    field_order = ["programme", "name"]


class SchoolChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.urn})"


class EnrolForm(forms.Form):
    school = SchoolChoiceField(
        label="School",
        queryset=School.objects.none(),
        empty_label="Choose a school",
        error_messages={
            "required": "Choose the school",
            "invalid_choice": "Choose a school from the list",
        },
    )

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = (
                School.objects.exclude(enrolments__cohort=cohort)
                .select_related("council_area")
                .order_by("name")
            )
