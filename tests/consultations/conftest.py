from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from consultations import services
from consultations.models import Consultation, QuestionKind
from forums.models import Forum
from tests.factories import MembershipFactory


def make_consultation(
    forum: Forum, lead: User, *, identity_mode: str = "anonymous", launch: bool = True, **extra
) -> Consultation:
    """A two-page consultation with one question of each kind."""
    now = timezone.now()
    consultation = services.consultation_create(
        created_by=lead,
        forum=forum,
        title="Short breaks",
        summary="Tell us about short breaks.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=14),
        identity_mode=identity_mode,
        consent_statement="We may quote you without your name.",
        **extra,
    )
    first = services.section_add(consultation=consultation, edited_by=lead, title="About you")
    services.question_add(
        section=first,
        edited_by=lead,
        kind=QuestionKind.SINGLE,
        text="Age of your child?",
        required=True,
        choices=["0 to 4", "5 to 10", "11 to 15"],
        allow_other=True,
    )
    services.question_add(
        section=first,
        edited_by=lead,
        kind=QuestionKind.MULTIPLE,
        text="What do you use?",
        choices=["Clubs", "Holiday schemes", "Overnight stays"],
        max_choices=2,
    )
    services.question_add(
        section=first,
        edited_by=lead,
        kind=QuestionKind.SCALE,
        text="How satisfied are you?",
        scale_min=1,
        scale_max=5,
        scale_min_label="Not at all",
        scale_max_label="Very",
    )
    second = services.section_add(consultation=consultation, edited_by=lead, title="Your views")
    services.question_add(
        section=second, edited_by=lead, kind=QuestionKind.AGREEMENT, text="I feel listened to"
    )
    services.question_add(
        section=second, edited_by=lead, kind=QuestionKind.YES_NO, text="Do you have an EHCP?"
    )
    services.question_add(
        section=second,
        edited_by=lead,
        kind=QuestionKind.LONG_TEXT,
        text="What would make things better?",
        required=True,
        max_length=300,
    )
    services.question_add(
        section=second,
        edited_by=lead,
        kind=QuestionKind.PRIORITIES,
        text="Top priorities",
        choices=["Waits", "Schools", "Breaks", "Information"],
        max_choices=2,
    )
    if launch:
        services.consultation_launch(consultation=consultation, launched_by=lead)
    return consultation


@pytest.fixture
def consultation(gateshead) -> Consultation:
    forum, lead = gateshead
    return make_consultation(forum, lead)


@pytest.fixture
def member(gateshead) -> User:
    forum, _ = gateshead
    return MembershipFactory(forum=forum).user
