"""The consultation factories and the bulk builder make rows the rest of the project reads as
it reads real ones, and sent answers stored as docs/anonymous-answers.md says."""

from __future__ import annotations

from datetime import UTC

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from consultations.models import Answer, QuestionKind, Response
from consultations.results import consultation_results
from forums.models import Forum
from tests.consultations.factories import (
    ActionFactory,
    AnswerChoiceFactory,
    ChoiceFactory,
    ConsultationFactory,
    QuestionFactory,
    ResponseFactory,
    ThemeFactory,
    consultation_with_responses,
)

pytestmark = pytest.mark.django_db


def test_factory_answers_are_counted_in_the_results() -> None:
    consultation = ConsultationFactory.create(launched=True)
    question = QuestionFactory.create(section__consultation=consultation, kind=QuestionKind.SINGLE)
    yes, no = (
        ChoiceFactory.create(question=question, text="Yes"),
        ChoiceFactory.create(question=question),
    )
    for _ in range(2):
        AnswerChoiceFactory.create(
            answer__response=ResponseFactory.create(consultation=consultation),
            answer__question=question,
            choice=yes,
        )
    ResponseFactory.create(consultation=consultation, draft=True)  # a draft is not counted

    results = consultation_results(consultation)
    [(_, [result])] = results.sections
    assert results.respondents == 2
    assert [(row.label, row.count) for row in result.rows] == [("Yes", 2), (no.text, 0)]


def test_factory_actions_show_on_the_impact_page() -> None:
    theme = ThemeFactory.create(name="Waiting times")
    ActionFactory.create(consultation=theme.consultation, title="Saturday clinics", themes=[theme])
    page = Client().get(reverse("consultations:impact", args=[theme.consultation.pk]))
    content = page.content.decode()
    assert "Saturday clinics" in content and "Waiting times" in content


def test_bulk_answers_are_stored_as_sent_anonymous_answers(
    gateshead: tuple[Forum, User],
) -> None:
    consultation = consultation_with_responses(*gateshead, responses=1200, seed=7)
    sent = Response.objects.filter(consultation=consultation)

    assert consultation_results(consultation).respondents == 1200
    assert not sent.filter(respondent__isnull=False).exists()
    assert not sent.exclude(draft_key="").exists()
    assert all(
        moment is not None and moment.astimezone(UTC).time().isoformat() == "00:00:00"
        for row in sent.values_list("started_at", "updated_at", "submitted_at")
        for moment in row
    )
    ids = list(sent.values_list("pk", flat=True))
    assert sorted(ids) != sorted(range(min(ids), min(ids) + len(ids)))  # not counted up
    assert max(ids) > 2**40  # drawn from 63 bits
    assert Answer.objects.filter(response__consultation=consultation).count() > 1200


def test_bulk_builder_makes_the_wide_shape(gateshead: tuple[Forum, User]) -> None:
    consultation = consultation_with_responses(*gateshead, responses=3, pages=4, title="Wide")
    results = consultation_results(consultation)
    assert results.respondents == 3
    assert [len(questions) for _, questions in results.sections] == [5, 5, 5, 5]
    assert {result.question.kind for _, rs in results.sections for result in rs} == set(
        QuestionKind.values
    )
