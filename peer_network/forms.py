"""Forms for the Peer Network. They check what was typed; the services decide what is allowed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from core.forms import (
    GovDateField,
    GovTimeField,
    IdChoiceField,
    IdListField,
    IdMultipleChoiceField,
    SingleLineField,
    revealed_under,
)
from peer_network.models import Reach, SessionFormat, SessionKind, Topic
from peer_network.services import SessionDetails

PLACES_TOTAL = "total"
PLACES_SPLIT = "split"


class SessionForm(forms.Form):
    title = SingleLineField(
        label="Title", max_length=150, error_messages={"required": "Enter a title"}
    )
    description = forms.CharField(
        label="What the session is about",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who it is for and what people will take away.",
        error_messages={"required": "Enter what the session is about"},
    )
    kind = forms.ChoiceField(
        label="What kind of session is it?",
        choices=[
            (
                SessionKind.PEER,
                "Peer network session, for parent carer representatives and practitioners",
            ),
            (SessionKind.FAMILY, "Family group, for parent carers only"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of session it is"},
    )
    topics = IdMultipleChoiceField(
        label="Topics",
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Select topics from the list"},
    )
    day = GovDateField(label="Date", help_text="For example, 27 3 2027", what="date")
    starts = GovTimeField(
        label="Starts at", help_text="For example, 10:00 or 6:30pm", what="start time"
    )
    ends = GovTimeField(label="Ends at", what="end time")
    format = forms.ChoiceField(
        label="How does it meet?",
        choices=SessionFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the session meets"},
    )
    venue_name = SingleLineField(
        label="Venue",
        max_length=150,
        required=False,
        help_text="Only for sessions that meet in person.",
    )
    venue_address = forms.CharField(
        label="Venue address", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    access_information = forms.CharField(
        label="Access information",
        help_text="Step-free access, parking, toilets, a quiet room, a hearing loop.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    joining_link = forms.URLField(
        label="Joining link",
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
        help_text="Only for sessions that meet online. Only people with a confirmed place see it.",
        error_messages={
            "invalid": "Enter the joining link as a web address, like https://meet.example.org/abc"
        },
    )
    reach = forms.ChoiceField(label="Who is it for?", widget=forms.RadioSelect, choices=())
    places = forms.ChoiceField(
        label="Places",
        choices=[
            (PLACES_TOTAL, "One number of places for everyone"),
            (PLACES_SPLIT, "Separate places for parent carers and for practitioners"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how places are given out"},
    )
    capacity = revealed_under(
        forms.IntegerField(
            label="Number of places",
            min_value=1,
            max_value=500,
            required=False,
            widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        ),
        "places",
        PLACES_TOTAL,
    )
    parent_carer_places = revealed_under(
        forms.IntegerField(
            label="Places for parent carers",
            min_value=1,
            max_value=500,
            required=False,
            widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        ),
        "places",
        PLACES_SPLIT,
    )
    practitioner_places = revealed_under(
        forms.IntegerField(
            label="Places for practitioners",
            min_value=0,
            max_value=500,
            required=False,
            widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
            help_text="0 for a family group.",
        ),
        "places",
        PLACES_SPLIT,
    )
    co_host_email = forms.EmailField(
        label="Co-host's email address (optional)",
        required=False,
        help_text="Someone with an account who hosts it with you, such as a practitioner.",
    )

    def __init__(self, *args: Any, reach_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reach"].choices = reach_choices  # type: ignore[attr-defined]
        self.fields["reach"].error_messages["required"] = "Select who the session is for"
        for name in ("capacity", "parent_carer_places", "practitioner_places"):
            self.fields[name].error_messages.update(
                {
                    "invalid": "Enter a whole number of places",
                    "min_value": "Enter at least %(limit_value)s",
                    "max_value": "Enter %(limit_value)s or fewer",
                }
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("places") == PLACES_TOTAL:
            cleaned["parent_carer_places"] = cleaned["practitioner_places"] = None
            if not cleaned.get("capacity"):
                self.add_error("capacity", "Enter the number of places")
        elif cleaned.get("places") == PLACES_SPLIT:
            cleaned["capacity"] = None
            if cleaned.get("parent_carer_places") is None:
                self.add_error("parent_carer_places", "Enter the places for parent carers")
            if cleaned.get("practitioner_places") is None:
                self.add_error("practitioner_places", "Enter the places for practitioners")
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            cleaned["starts_at"] = timezone.make_aware(datetime.combine(day, starts))
            cleaned["ends_at"] = timezone.make_aware(datetime.combine(day, ends))
            if ends <= starts:
                self.add_error("ends", "The end time must be after the start time")
            elif cleaned["starts_at"] <= timezone.now():
                self.add_error("day", "The session must be in the future")
        return cleaned

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            format=data["format"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            reach=data["reach"],
            venue_name=data["venue_name"] if data["format"] != SessionFormat.ONLINE else "",
            venue_address=data["venue_address"] if data["format"] != SessionFormat.ONLINE else "",
            access_information=data["access_information"],
            joining_link=data["joining_link"] if data["format"] != SessionFormat.IN_PERSON else "",
            capacity=data["capacity"],
            parent_carer_places=data["parent_carer_places"],
            practitioner_places=data["practitioner_places"],
        )


def reach_choices(forum_name: str | None, region_name: str | None) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = []
    if forum_name:
        choices.append((Reach.FORUM, f"Members of {forum_name}"))
    if region_name:
        choices.append((Reach.REGION, f"People in {region_name}"))
    choices.append((Reach.NETWORK, "Everyone in the Peer Network"))
    return choices


class BookingForm(forms.Form):
    access_needs = forms.CharField(
        label="Is there anything you need to take part? (optional)",
        help_text=(
            "For example, a step-free route, captions, a quiet space, or information in another "
            "format. Only the session's hosts will see this."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label="Tell people why (optional)",
        help_text="This goes in the email to everyone booked or waiting.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class AttendanceForm(forms.Form):
    attended = IdListField(label="Who came", required=False)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was the session?",
        help_text="1 is not useful, 5 is very useful.",
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how useful the session was",
            "invalid_choice": "Select a rating from 1 to 5",
        },
    )
    one_thing = forms.CharField(
        label="One thing I will do differently",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter one thing you will do differently"},
    )
    comments = forms.CharField(
        label="Anything else you want to tell the hosts? (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


WHEN_CHOICES = [
    ("", "Any time"),
    ("week", "In the next 7 days"),
    ("month", "In the next 30 days"),
]


class SessionFilterForm(forms.Form):
    """The session list's filters, read from the address so that a filtered list can be shared."""

    topic = IdChoiceField(
        label="Topic",
        queryset=Topic.objects.all(),
        required=False,
        empty_label="All topics",
        to_field_name="slug",
    )
    format = forms.ChoiceField(
        label="How it meets", choices=[("", "Any way"), *SessionFormat.choices], required=False
    )
    kind = forms.ChoiceField(
        label="Kind of session", choices=[("", "All kinds"), *SessionKind.choices], required=False
    )
    when = forms.ChoiceField(label="When", choices=WHEN_CHOICES, required=False)

    def starts_before(self) -> datetime | None:
        days = {"week": 7, "month": 30}.get(self.cleaned_data.get("when") or "")
        return timezone.now() + timedelta(days=days) if days else None


class DirectoryForm(forms.Form):
    about = SingleLineField(
        label="What you can help others with (optional)",
        help_text="For example, ‘Preparing for adulthood in health services’.",
        max_length=300,
        required=False,
    )
