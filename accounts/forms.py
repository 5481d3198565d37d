from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from accounts import services
from accounts.models import Role, Sector, User


class SignupDetailsForm(forms.Form):
    """The fields allauth's sign-up form gains: who the person is and what they agree to."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
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
    sector = forms.ChoiceField(
        label="Practitioners: which sector do you work in?",
        choices=Sector.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    organisation = forms.CharField(
        label="Practitioners and commissioners: your organisation",
        max_length=200,
        required=False,
        help_text="For example, the name of your council, NHS trust, school or charity.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    privacy_notice_agreed = forms.BooleanField(
        label="I have read the privacy notice and agree to it",
        error_messages={"required": "Agree to the privacy notice to create an account"},
    )
    special_category_consent = forms.BooleanField(
        label=(
            "I agree that Coproduce may hold information I choose to give about my children's "
            "needs (optional)"
        ),
        required=False,
        help_text=(
            "This is health information, so we ask separately. You can say no and still use "
            "Coproduce, and you can withdraw it at any time from your account."
        ),
    )

    field_order = [
        "full_name",
        "email",
        "password1",
        "password2",
        "role",
        "sector",
        "organisation",
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
        if role == Role.PRACTITIONER and not cleaned.get("sector"):
            self.add_error("sector", "Select the sector you work in")
        if role in (Role.PRACTITIONER, Role.COMMISSIONER) and not cleaned.get("organisation"):
            self.add_error("organisation", "Enter the name of your organisation")
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
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    sector = forms.ChoiceField(
        label="Sector", choices=Sector.choices, widget=forms.RadioSelect, required=False
    )
    organisation = forms.CharField(
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
