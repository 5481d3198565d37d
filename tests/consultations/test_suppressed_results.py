"""Published and narrowed results never let a reader work out a small number."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations import services
from consultations.models import Consultation, QuestionKind
from tests.accounts.factories import UserFactory
from tests.consultations.factories import make_consultation
from tests.consultations.helpers import choice_id, page_one, page_two, q
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db

TOO_FEW = "Too few answers to show"
EHCP = "Do you have an EHCP?"


def _answer(
    client: Client,
    consultation: Consultation,
    *,
    ehcp: str = "Yes",
    ranked: tuple[str, str] = ("Breaks", "Waits"),
) -> None:
    pk = consultation.pk
    yes_no = q(consultation, QuestionKind.YES_NO)
    priorities = q(consultation, QuestionKind.PRIORITIES)
    client.post(reverse("consultations:answer_start", args=[pk]))
    client.post(reverse("consultations:answer_section", args=[pk, 1]), page_one(consultation))
    client.post(
        reverse("consultations:answer_section", args=[pk, 2]),
        page_two(consultation)
        | {
            f"q{yes_no.pk}": choice_id(yes_no, ehcp),
            f"q{priorities.pk}_1": choice_id(priorities, ranked[0]),
            f"q{priorities.pk}_2": choice_id(priorities, ranked[1]),
        },
    )
    client.post(reverse("consultations:answer_check", args=[pk]), {"quote_consent": "no"})


def _publish(make_client: MakeClient, consultation: Consultation, lead: User) -> str:
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    services.results_publish(
        consultation=consultation, published_by=lead, audience="public", you_said="Thank you."
    )
    return (
        make_client(None)
        .get(reverse("consultations:published_results", args=[consultation.pk]))
        .content.decode()
    )


def _question_block(page: str, text: str) -> str:
    """The text of one question's part of the page, tags removed."""
    block = page.split(f">{text}</h3>")[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", block).split())


def test_one_small_answer_hides_a_second_figure_so_it_cannot_be_worked_out(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    for ehcp in ["Yes"] * 10 + ["No"] * 2:
        _answer(make_client(MembershipFactory.create(forum=forum).user), consultation, ehcp=ehcp)
    page = _publish(make_client, consultation, lead)
    block = _question_block(page, EHCP)
    assert "12 answered" in block
    assert "Yes 10 83%" in block
    # No (2) is hidden, and so is Not sure (0): otherwise 12 - 10 - 0 gives No away.
    assert "No Not shown – Not sure Not shown –" in block
    assert "fewer than 5" not in block


def test_a_question_answered_by_one_person_shows_no_figures(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    _answer(make_client(MembershipFactory.create(forum=forum).user), consultation)
    page = _publish(make_client, consultation, lead)
    block = _question_block(page, EHCP)
    assert block == TOO_FEW
    for question in ("Age of your child?", "How satisfied are you?", "Top priorities"):
        assert _question_block(page, question) == TOO_FEW
    assert f'<p class="govuk-body-l">{TOO_FEW}</p>' in page  # not "1 person sent their answers"


def test_results_narrowed_to_one_practitioner_show_no_figures(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, respondent_types="both")
    for _ in range(6):
        _answer(make_client(MembershipFactory.create(forum=forum).user), consultation)
    practitioner = UserFactory.create(practitioner=True)
    MembershipFactory.create(forum=forum, user=practitioner)
    _answer(make_client(practitioner), consultation, ehcp="No")
    url = reverse("consultations:results", args=[consultation.pk])
    client = make_client(lead)
    everyone = client.get(url).content.decode()
    assert "No 1 14%" in _question_block(everyone, EHCP)  # the lead's whole picture is exact
    narrowed = client.get(url, {"respondent_type": "practitioner"}).content.decode()
    assert _question_block(narrowed, EHCP) == TOO_FEW
    assert "small numbers are hidden here" in narrowed
    parents = client.get(url, {"respondent_type": "parent_carer"}).content.decode()
    assert "6 answered" in _question_block(parents, EHCP)
    assert "Yes 6 – No 0 – Not sure 0 –" in _question_block(parents, EHCP)


def test_points_that_would_show_how_few_ranked_an_answer_in_a_place_are_hidden(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    for ranked in [("Breaks", "Waits")] * 5 + [("Waits", "Breaks")]:
        _answer(
            make_client(MembershipFactory.create(forum=forum).user), consultation, ranked=ranked
        )
    page = _publish(make_client, consultation, lead)
    block = _question_block(page, "Top priorities")
    assert "6 answered" in block
    # Breaks: 5 first and 1 second choice make 11 points, and 11 - 2 x 5 gives the one away.
    assert "Breaks 6 – –" in block and "Waits 6 – –" in block
    assert "11" not in block
    exact = make_client(lead).get(reverse("consultations:results", args=[consultation.pk]))
    assert "Breaks 6 100% 11" in _question_block(exact.content.decode(), "Top priorities")
