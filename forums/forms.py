from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.forms import full_name_field, privacy_notice_field, special_category_consent_field
from accounts.models import User
from core.forms import GovDateField, SingleLineField
from core.widgets import numeric_input
from forums.models import (
    EngagementMethod,
    LadderRung,
    MembershipRole,
    MembershipStatus,
    NewsVisibility,
)


class ForumSearchForm(forms.Form):
    q = forms.CharField(
        label="Find your forum",
        help_text="Type your town or council area, for example Blaydon or Gateshead",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2", "spellcheck": "false"}),
    )


class ForumDetailsForm(forms.Form):
    description = forms.CharField(
        label="About the forum",
        help_text="Who you are and who you are for, in plain English. Leave a blank line between paragraphs.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        required=False,
    )
    contact_email = forms.EmailField(
        label="Contact email (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    website = forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        error_messages={"invalid": "Enter a web address, like https://www.example.org"},
    )
    independence_statement = forms.CharField(
        label="How the forum stays independent",
        help_text="For example, who funds you and how you make decisions.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
    )


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label="Anything you would like the forum to know? (optional)",
        help_text="For example, how you heard about the forum.",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")],
        error_messages={
            "required": "Choose approve or decline",
            "invalid_choice": "Choose approve or decline",
        },
    )
    message = forms.CharField(max_length=1000, required=False, widget=forms.Textarea)


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(
        choices=MembershipRole.choices,
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose a role from the list",
        },
    )


class MemberFilterForm(forms.Form):
    q = forms.CharField(label="Search by name or email", max_length=100, required=False)
    role = forms.ChoiceField(
        label="Role", choices=[("", "Any role"), *MembershipRole.choices], required=False
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any status"), *MembershipStatus.choices], required=False
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label="Their role in the forum",
        choices=MembershipRole.choices,
        initial=MembershipRole.MEMBER,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose their role"},
    )


class NewAccountFromInvitationForm(forms.Form):
    full_name = full_name_field()
    password1 = forms.CharField(
        label="Create a password",
        help_text="At least 10 characters.",
        min_length=10,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={
            "required": "Create a password",
            "min_length": "Your password must be at least 10 characters",
        },
    )
    password2 = forms.CharField(
        label="Type your password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type your password again"},
    )
    privacy_notice_agreed = privacy_notice_field()
    special_category_consent = special_category_consent_field()

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth.password_validation import validate_password

        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match")
        elif first:
            try:
                validate_password(
                    first, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class NewsPostForm(forms.Form):
    title = SingleLineField(
        label="Title", max_length=200, error_messages={"required": "Enter a title"}
    )
    body = forms.CharField(
        label="What you want to say",
        help_text="Plain text. Leave a blank line between paragraphs.",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the news"},
    )
    visibility = forms.ChoiceField(
        label="Who can see it?",
        choices=NewsVisibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who can see it"},
    )


class NewNewsPostForm(NewsPostForm):
    """Posting news carries the form's own key, so that sending it twice publishes once."""

    submission = forms.UUIDField(required=False, widget=forms.HiddenInput)


class MemberChoiceField(forms.ModelChoiceField[User]):
    """Members listed by their full name, as leads know them."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class RepresentativeForm(forms.Form):
    member = MemberChoiceField(
        label="Representative",
        queryset=User.objects.none(),
        empty_label="Choose a member",
        error_messages={"required": "Choose the member who represents the forum"},
    )
    board = forms.CharField(
        label="Board or group",
        help_text="For example, SEND Partnership Board",
        max_length=200,
        error_messages={"required": "Enter the board or group"},
    )
    term_start = GovDateField(
        label="Start of term", help_text="For example, 1 9 2026", what="start of the term"
    )
    term_end = GovDateField(label="End of term (optional)", what="end of the term", required=False)
    declared_interests = forms.CharField(
        label="Declared interests (optional)",
        help_text="Anything that could be seen to affect their views, such as paid work for a local service.",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, members: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(MemberChoiceField, self.fields["member"]).queryset = members

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", "The end of the term must be after its start")
        return cleaned


class EngagementForm(forms.Form):
    title = forms.CharField(
        label="What was it?",
        help_text="For example, Coffee morning at Birtley library",
        max_length=200,
        error_messages={"required": "Enter what it was"},
    )
    date = GovDateField(label="Date", help_text="For example, 14 10 2026", what="date")
    method = forms.ChoiceField(
        label="How were views gathered?",
        choices=EngagementMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how views were gathered"},
    )
    participants = forms.IntegerField(
        label="How many parent carers took part?",
        min_value=0,
        max_value=100000,
        widget=numeric_input(),
        error_messages={
            "required": "Enter how many parent carers took part",
            "invalid": "Enter a whole number, like 12",
            "min_value": "Enter a number of 0 or more",
            "max_value": "Enter a number under 100,000",
        },
    )
    themes = forms.CharField(
        label="Themes raised",
        help_text="One theme per line, for example: Waiting for assessments",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter at least one theme"},
    )
    ladder_rung = forms.TypedChoiceField(
        label="How far up the Ladder of co-production did it reach?",
        help_text="From being told what will happen (coercion) to deciding together as equals (co-production).",
        choices=LadderRung.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the rung it reached"},
    )

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError("The date must be today or in the past")
        return value
