"""Forms for raised matters. They check what was typed; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from consultations.models import Answer, Theme
from core.forms import GovDateField, IdChoiceField, IdMultipleChoiceField, SingleLineField
from forums.models import CouncilArea, EngagementEntry, Forum
from raised.models import (
    DEFAULT_RESPONSE_DAYS,
    AreaOfLife,
    MatterStatus,
    MatterVisibility,
    Partner,
    PartnerKind,
)
from raised.services import MatterDetails

FROM_THE_LIST = "Select {what} from the list"


class PartnerForm(forms.Form):
    name = SingleLineField(
        label="Organisation", max_length=200, error_messages={"required": "Enter the organisation"}
    )
    kind = forms.ChoiceField(
        label="What kind of organisation is it?",
        choices=PartnerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of organisation it is"},
    )
    contact_email = forms.EmailField(
        label="Named contact's email address",
        help_text="They must have an approved practitioner or commissioner account.",
        error_messages={
            "required": "Enter the named contact's email address",
            "invalid": "Enter an email address like name@example.org",
        },
    )
    response_days = forms.IntegerField(
        label="Agreed working days to a first response",
        initial=DEFAULT_RESPONSE_DAYS,
        min_value=1,
        max_value=120,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
        error_messages={
            "required": "Enter the agreed working days to a first response",
            "invalid": "Enter a whole number of working days",
            "min_value": "Enter at least 1 working day",
            "max_value": "Enter 120 working days or fewer",
        },
    )


def _choice_messages(what: str) -> dict[str, str]:
    message = FROM_THE_LIST.format(what=what)
    return {"invalid_choice": message, "invalid_pk_value": message}


class MatterForm(forms.Form):
    title = SingleLineField(
        label="Title", max_length=150, error_messages={"required": "Enter a title"}
    )
    description = forms.CharField(
        label="What families are facing",
        help_text="In plain English. Do not name any family or child.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Enter what families are facing"},
    )
    area_of_life = forms.ChoiceField(
        label="Which area of life does it affect?",
        choices=AreaOfLife.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the area of life it affects"},
    )
    council_area = IdChoiceField(
        label="Council area",
        queryset=CouncilArea.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the council area",
            **_choice_messages("a council area"),
        },
    )
    families = forms.IntegerField(
        label="How many families have raised it?",
        min_value=1,
        max_value=100000,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many families have raised it",
            "invalid": "Enter a whole number of families",
            "min_value": "Enter at least 1 family",
            "max_value": "Enter 100,000 families or fewer",
        },
    )
    families_since = GovDateField(
        label="When did families first raise it?",
        help_text="For example, 14 9 2026",
        what="date families first raised it",
    )
    partner = IdChoiceField(
        label="Who are you raising it with?",
        queryset=Partner.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select who you are raising it with",
            **_choice_messages("a partner"),
        },
    )
    visibility = forms.ChoiceField(
        label="Who can read it?",
        choices=MatterVisibility.choices,
        initial=MatterVisibility.PARTNERS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who can read it"},
    )
    themes = IdMultipleChoiceField(
        label="Consultation themes",
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choice_messages("themes"),
    )
    engagement_entries = IdMultipleChoiceField(
        label="Engagement log entries",
        queryset=EngagementEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choice_messages("entries"),
    )
    quotes = IdMultipleChoiceField(
        label="Published quotes",
        queryset=Answer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages=_choice_messages("quotes"),
    )

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["council_area"].queryset = forum.council_areas.all()  # type: ignore[attr-defined]
        fields["partner"].queryset = Partner.objects.filter(forum=forum)  # type: ignore[attr-defined]
        themes = Theme.objects.filter(consultation__forum=forum).select_related("consultation")
        fields["themes"].queryset = themes  # type: ignore[attr-defined]
        fields["themes"].label_from_instance = lambda t: f"{t.name} ({t.consultation.title})"  # type: ignore[attr-defined]
        fields["engagement_entries"].queryset = EngagementEntry.objects.filter(forum=forum)  # type: ignore[attr-defined]
        fields["quotes"].queryset = Answer.objects.filter(  # type: ignore[attr-defined]
            featured=True, question__section__consultation__forum=forum
        )
        fields["quotes"].label_from_instance = lambda a: f"“{a.text[:140]}”"  # type: ignore[attr-defined]
        for name in ("themes", "engagement_entries", "quotes"):
            if not fields[name].queryset.exists():  # type: ignore[attr-defined]
                del fields[name]

    def details(self) -> MatterDetails:
        data = self.cleaned_data
        return MatterDetails(
            title=data["title"],
            description=data["description"],
            area_of_life=data["area_of_life"],
            council_area=data["council_area"],
            families=data["families"],
            families_since=data["families_since"],
            partner=data["partner"],
            visibility=data["visibility"],
            themes=tuple(data.get("themes") or ()),
            engagement_entries=tuple(data.get("engagement_entries") or ()),
            quotes=tuple(data.get("quotes") or ()),
        )


class UpdateForm(forms.Form):
    body = forms.CharField(
        label="Add an update",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter your update"},
    )


class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    body = forms.CharField(
        label="What you want to say",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    action_title = SingleLineField(
        label="The action, in a few words", max_length=200, required=False
    )
    action_due = GovDateField(
        label="When will it be done? (optional)", what="date it will be done", required=False
    )
    add_to_you_said_we_did = forms.BooleanField(
        label="Add it to “You said, we did” for the consultation this matter came from",
        required=False,
    )


class MatterFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), ("open", "Open"), *MatterStatus.choices],
        required=False,
    )
    partner = IdChoiceField(
        label="Partner",
        queryset=Partner.objects.none(),
        required=False,
        empty_label="Any partner",
    )
    overdue = forms.BooleanField(label="Only overdue matters", required=False)

    def __init__(self, *args: Any, forum: Forum, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(forum=forum)  # type: ignore[attr-defined]
