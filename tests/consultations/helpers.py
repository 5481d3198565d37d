"""Answering a consultation through its pages, as a browser would post them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.test import Client
from django.urls import reverse

from consultations.models import Consultation, Question, QuestionKind

if TYPE_CHECKING:
    from tests.types import TestResponse


def q(consultation: Consultation, kind: str) -> Question:
    return Question.objects.get(section__consultation=consultation, kind=kind)


def choice_id(question: Question, text: str) -> str:
    return str(question.choices.get(text=text).pk)


def page_one(consultation: Consultation, age: str = "5 to 10") -> dict[str, object]:
    single = q(consultation, QuestionKind.SINGLE)
    multiple = q(consultation, QuestionKind.MULTIPLE)
    return {
        f"q{single.pk}": choice_id(single, age),
        f"q{multiple.pk}": [choice_id(multiple, "Clubs")],
        f"q{q(consultation, QuestionKind.SCALE).pk}": "4",
    }


def page_two(consultation: Consultation, text: str = "More holiday clubs") -> dict[str, object]:
    agreement = q(consultation, QuestionKind.AGREEMENT)
    yes_no = q(consultation, QuestionKind.YES_NO)
    priorities = q(consultation, QuestionKind.PRIORITIES)
    return {
        f"q{agreement.pk}": choice_id(agreement, "Agree"),
        f"q{yes_no.pk}": choice_id(yes_no, "Yes"),
        f"q{q(consultation, QuestionKind.LONG_TEXT).pk}": text,
        f"q{priorities.pk}_1": choice_id(priorities, "Breaks"),
        f"q{priorities.pk}_2": choice_id(priorities, "Waits"),
    }


def answer_all(
    client: Client,
    consultation: Consultation,
    *,
    quote: str = "yes",
    text: str = "More holiday clubs",
    age: str = "5 to 10",
) -> TestResponse:
    pk = consultation.pk
    client.post(reverse("consultations:answer_start", args=[pk]))
    client.post(reverse("consultations:answer_section", args=[pk, 1]), page_one(consultation, age))
    client.post(reverse("consultations:answer_section", args=[pk, 2]), page_two(consultation, text))
    return client.post(reverse("consultations:answer_check", args=[pk]), {"quote_consent": quote})


def sent_codes(sent: TestResponse) -> tuple[str, str]:
    """The reference and change code shown once, on the page that says anonymous answers were sent."""
    page = sent.content.decode()
    reference = re.search(r'id="reference">([^<]+)<', page)
    code = re.search(r'id="change-code">([^<]+)<', page)
    assert reference and code, "the page shows no reference and change code"
    return reference.group(1), code.group(1)
