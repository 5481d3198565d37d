from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Layout
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from accounts import services
from accounts.models import (
    AgeBand,
    AreaOfNeed,
    EthnicGroup,
    MemberProfile,
    NeedStatus,
    PreferredFormat,
    Role,
    SchoolType,
    Sector,
    SupportLevel,
    User,
)
from core.forms import GovDateField, SingleLineField, revealed_under
from core.models import AccessKind, AccessLog, AccessLogQuerySet, AccessWhat


def full_name_field() -> forms.CharField:
    return SingleLineField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )


def privacy_notice_field() -> forms.BooleanField:
    return forms.BooleanField(
        label="I have read the privacy notice and agree to it",
        error_messages={"required": "Agree to the privacy notice to create an account"},
    )


def special_category_consent_field() -> forms.BooleanField:
    """The separate, optional, explicit consent to hold special category data."""
    return forms.BooleanField(
        label=(
            "I agree that Coproduce may hold information I choose to give about my children's "
            "needs and my family's background (optional)"
        ),
        required=False,
        help_text=(
            "This is health information, so we ask separately. You can say no and still use "
            "Coproduce, and you can withdraw it at any time from your account."
        ),
    )


def organisation_field(hint: str) -> SingleLineField:
    return SingleLineField(
        label="Your organisation",
        max_length=200,
        required=False,
        help_text=hint,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


class SignupDetailsForm(forms.Form):
    """The fields allauth's sign-up form gains: who the person is and what they agree to."""

    full_name = full_name_field()
    role = forms.ChoiceField(
        label="Which of these describes you?",
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=(
            "Practitioners and commissioners can use Coproduce straight away. Their extra access "
            "starts once our staff have checked their details."
        ),
        error_messages={"required": "Select which of these describes you"},
    )
    # Shown only under the practitioner and commissioner options (GOV.UK conditional reveal).
    sector = revealed_under(
        forms.ChoiceField(
            label="Which sector do you work in?",
            choices=Sector.choices,
            widget=forms.RadioSelect,
            required=False,
        ),
        "role",
        Role.PRACTITIONER,
    )
    organisation = revealed_under(
        organisation_field(
            "For example, the name of your NHS trust, school, council team or charity."
        ),
        "role",
        Role.PRACTITIONER,
    )
    commissioner_organisation = revealed_under(
        organisation_field("For example, the name of your council or integrated care board."),
        "role",
        Role.COMMISSIONER,
    )
    privacy_notice_agreed = privacy_notice_field()
    special_category_consent = special_category_consent_field()

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "role",
        "sector",
        "organisation",
        "commissioner_organisation",
        "privacy_notice_agreed",
        "special_category_consent",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["privacy_notice_agreed"].help_text = format_html(
            'Read the <a class="govuk-link" href="{}" target="_blank" rel="noopener">privacy '
            "notice (opens in new tab)</a>. Version {}.",
            reverse("privacy"),
            settings.PRIVACY_NOTICE_VERSION,
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if role == Role.PRACTITIONER:
            if not cleaned.get("sector"):
                self.add_error("sector", "Select the sector you work in")
            if not cleaned.get("organisation"):
                self.add_error("organisation", "Enter the name of your organisation")
        elif role == Role.COMMISSIONER:
            cleaned["sector"] = ""
            cleaned["organisation"] = cleaned.get("commissioner_organisation", "")
            if not cleaned["organisation"]:
                self.add_error("commissioner_organisation", "Enter the name of your organisation")
        else:
            # Whatever a parent carer typed under the other options before changing their mind
            # is not kept.
            cleaned["sector"] = cleaned["organisation"] = ""
        return cleaned

    def signup(self, request: HttpRequest, user: User) -> None:
        services.user_signup_details_record(
            user=user,
            full_name=self.cleaned_data["full_name"],
            role=self.cleaned_data["role"],
            sector=self.cleaned_data.get("sector", ""),
            organisation=self.cleaned_data.get("organisation", ""),
            privacy_notice_agreed=self.cleaned_data["privacy_notice_agreed"],
            special_category_consent=self.cleaned_data["special_category_consent"],
        )


class ProfileDetailsForm(forms.Form):
    full_name = full_name_field()
    sector = forms.ChoiceField(
        label="Sector", choices=Sector.choices, widget=forms.RadioSelect, required=False
    )
    organisation = SingleLineField(
        label="Organisation",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if user.role != Role.PRACTITIONER:
            del self.fields["sector"]
        if user.role == Role.PARENT_CARER:
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "sector" in self.fields and not cleaned.get("sector"):
            self.add_error("sector", "Select the sector you work in")
        if "organisation" in self.fields and not cleaned.get("organisation"):
            self.add_error("organisation", "Enter the name of your organisation")
        return cleaned


class RoleDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        error_messages={
            "required": "Choose approve or decline",
            "invalid_choice": "Choose approve or decline",
        },
    )


# Answers stored as they are given; "needs" is built from one question per area of need.
SPECIAL_CATEGORY_ANSWERS = tuple(f for f in MemberProfile.SPECIAL_CATEGORY_FIELDS if f != "needs")
COMMUNICATION_ANSWERS = (
    "preferred_format",
    "interpreter_language",
    "needs_bsl_interpreter",
    "meeting_adjustments",
)


class MemberProfileForm(forms.Form):
    """Every question is optional. Questions about children and ethnicity are only asked when
    the member has consented to us holding them (``ask_special_category``)."""

    age_bands = forms.MultipleChoiceField(
        label="How old are your children or young people with SEND?",
        help_text="Select all that apply.",
        choices=AgeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    support_level = forms.ChoiceField(
        label="What support do they have at school or college?",
        help_text="If you have more than one child, choose the highest level of support.",
        choices=SupportLevel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    school_type = forms.ChoiceField(
        label="Where do they go to school or college?",
        choices=SchoolType.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    ethnic_group = forms.ChoiceField(
        label="What is your ethnic group? (optional)",
        help_text="We use this only to check that the forum hears from every community.",
        choices=[("", "Choose an option"), *EthnicGroup.choices],
        required=False,
    )
    preferred_format = forms.ChoiceField(
        label="How would you like to receive information?",
        choices=PreferredFormat.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    interpreter_language = forms.CharField(
        label="Do you need a spoken language interpreter? If so, which language?",
        max_length=100,
        required=False,
    )
    needs_bsl_interpreter = forms.BooleanField(
        label="I need a British Sign Language (BSL) interpreter at meetings", required=False
    )
    meeting_adjustments = forms.CharField(
        label="Anything else that would help you take part in meetings?",
        help_text="For example, a quiet room, step-free access, or breaks.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, ask_special_category: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ask_special_category = ask_special_category
        if ask_special_category:
            for area in AreaOfNeed:
                self.fields[f"need_{area.value}"] = forms.ChoiceField(
                    label=area.label,
                    choices=[*NeedStatus.choices, ("", "Not a need")],
                    widget=forms.RadioSelect,
                    required=False,
                )
        else:
            for name in MemberProfile.SPECIAL_CATEGORY_FIELDS:
                self.fields.pop(name, None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        communication = [
            HTML('<h2 class="govuk-heading-m">How we communicate with you</h2>'),
            *COMMUNICATION_ANSWERS,
        ]
        if ask_special_category:
            self.helper.layout = Layout(
                HTML('<h2 class="govuk-heading-m">Your children or young people</h2>'),
                "age_bands",
                HTML(
                    '<h3 class="govuk-heading-s">Their areas of need</h3>'
                    '<p class="govuk-body">For each of the four areas of need, tell us if your '
                    "children have a need that is diagnosed or identified, or are waiting "
                    "for an assessment.</p>"
                ),
                *[f"need_{area.value}" for area in AreaOfNeed],
                "support_level",
                "school_type",
                HTML('<h2 class="govuk-heading-m">Your family</h2>'),
                "ethnic_group",
                *communication,
            )
        else:
            self.helper.layout = Layout(*communication)

    @staticmethod
    def initial_from(profile: MemberProfile | None) -> dict[str, Any]:
        if profile is None:
            return {}
        names = (*SPECIAL_CATEGORY_ANSWERS, *COMMUNICATION_ANSWERS)
        initial = {name: getattr(profile, name) for name in names}
        for area, status in (profile.needs or {}).items():
            initial[f"need_{area}"] = status
        return initial

    def answers(self) -> dict[str, Any]:
        """The cleaned answers in the shape MemberProfile stores."""
        data = dict(self.cleaned_data)
        answers = {name: data[name] for name in COMMUNICATION_ANSWERS}
        if self.ask_special_category:
            answers.update(
                {name: data[name] for name in SPECIAL_CATEGORY_ANSWERS},
                needs={
                    area.value: data[f"need_{area.value}"]
                    for area in AreaOfNeed
                    if data.get(f"need_{area.value}")
                },
            )
        return answers


class AccessLogFilterForm(forms.Form):
    """Staff narrow the access log to one person, one kind of data and a range of days."""

    person = forms.CharField(
        label="Email address of the person",
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    what = forms.ChoiceField(
        label="What", choices=[("", "Anything"), *AccessWhat.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *AccessKind.choices], required=False
    )
    date_from = GovDateField(label="From", what="first day", required=False)
    date_to = GovDateField(label="To", what="last day", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", "The last day must be the same as or after the first day")
        return cleaned

    def entries(self) -> AccessLogQuerySet:
        """The log with the filters that are valid applied (an invalid one is shown as an
        error and otherwise ignored), newest first."""
        # The objects are fetched one query per kind of object on the page, not one per row.
        entries = AccessLog.objects.select_related("person", "content_type").prefetch_related(
            "subject"
        )
        data = self.cleaned_data if self.is_bound else {}
        if person := (data.get("person") or "").strip():
            entries = entries.filter(person__email__iexact=person)
        if data.get("what"):
            entries = entries.filter(what=data["what"])
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        if data.get("date_from"):
            entries = entries.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries
