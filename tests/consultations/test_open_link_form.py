"""A short open-link form made, filled and launched in one step for another part of the service
(a young people's group's feedback form): its questions are fixed from the start, it belongs to
a region and so to no forum's page, and it takes answers only between its times."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Audience, Consultation, IdentityMode, QuestionKind
from tests.accounts.factories import UserFactory
from tests.forums.factories import forum_with_lead
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

QUESTIONS = [
    services.FormQuestion(text="How did you feel?", choices=("Good", "OK", "Not good")),
    services.FormQuestion(text="Come again?", choices=("Yes", "Maybe", "No"), required=False),
]


def test_the_form_is_launched_with_fixed_single_choice_questions(
    make_client: MakeClient,
) -> None:
    forum, _ = forum_with_lead()
    now = timezone.now()
    form = services.open_link_form_create(
        created_by=UserFactory.create(),
        region=forum.region,
        title="Tell us about today",
        summary="Feedback",
        easy_read_summary="There are 2 questions.",
        opens_at=now - timedelta(minutes=5),
        closes_at=now + timedelta(hours=1),
        questions=QUESTIONS,
    )
    assert form.is_open and form.open_link_token
    assert form.audience == Audience.OPEN_LINK and form.identity_mode == IdentityMode.ANONYMOUS
    assert form.region == forum.region and form.forum is None
    questions = list(form.sections.get().questions.order_by("position"))
    assert [(q.kind, q.text, q.required) for q in questions] == [
        (QuestionKind.SINGLE, "How did you feel?", True),
        (QuestionKind.SINGLE, "Come again?", False),
    ]
    assert [c.text for c in questions[0].choices.all()] == ["Good", "OK", "Not good"]
    # Launched, so its questions cannot change.
    with pytest.raises(ValidationError):
        services.section_add(
            consultation=form, edited_by=UserFactory.create(is_staff=True), title="More"
        )
    # No forum page lists it.
    page = make_client(None).get(reverse("forums:detail", args=[forum.slug])).content.decode()
    assert "Tell us about today" not in page


def test_a_form_whose_time_has_passed_or_that_asks_nothing_is_refused() -> None:
    forum, _ = forum_with_lead()
    now = timezone.now()
    common: dict[str, Any] = {
        "created_by": UserFactory.create(),
        "region": forum.region,
        "title": "Feedback",
        "summary": "",
        "easy_read_summary": "",
    }
    with pytest.raises(ValidationError, match="end time has passed"):
        services.open_link_form_create(
            **common,
            opens_at=now - timedelta(hours=2),
            closes_at=now - timedelta(hours=1),
            questions=QUESTIONS,
        )
    with pytest.raises(ValidationError, match="closing date must be after"):
        services.open_link_form_create(
            **common,
            opens_at=now + timedelta(hours=2),
            closes_at=now + timedelta(hours=1),
            questions=QUESTIONS,
        )
    with pytest.raises(ValidationError, match="at least one question"):
        services.open_link_form_create(
            **common, opens_at=now, closes_at=now + timedelta(hours=1), questions=[]
        )
    with pytest.raises(ValidationError):
        services.open_link_form_create(
            **common,
            opens_at=now,
            closes_at=now + timedelta(hours=1),
            questions=[services.FormQuestion(text="Only one option?", choices=("Yes",))],
        )
    assert not Consultation.objects.exists()
