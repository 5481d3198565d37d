from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from consultations.models import (
    Answer,
    AnswerChoice,
    Consultation,
    Question,
    QuestionKind,
    Response,
)
from consultations.question_kinds import AnswerValue
from forums.models import Forum
from tests.accounts.factories import UserFactory
from tests.consultations.factories import make_consultation
from tests.consultations.helpers import answer_all, page_one, page_two, q
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_a_member_answers_page_by_page_checks_and_sends(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    pk = consultation.pk
    start = client.get(reverse("consultations:answer_start", args=[pk])).content.decode()
    assert "Start now" in start and "Your answers are anonymous" in start
    response = client.post(reverse("consultations:answer_start", args=[pk]))
    assert response["Location"] == reverse("consultations:answer_section", args=[pk, 1])
    page = client.get(response["Location"]).content.decode()
    assert "Page 1 of 2" in page and "Age of your child?" in page

    response = client.post(
        reverse("consultations:answer_section", args=[pk, 1]), page_one(consultation)
    )
    assert response["Location"] == reverse("consultations:answer_section", args=[pk, 2])
    response = client.post(
        reverse("consultations:answer_section", args=[pk, 2]), page_two(consultation)
    )
    assert response["Location"] == reverse("consultations:answer_check", args=[pk])

    check = client.get(response["Location"]).content.decode()
    assert "Check your answers" in check
    assert "5 to 10" in check and "More holiday clubs" in check and "1. Breaks" in check

    response = client.post(
        reverse("consultations:answer_check", args=[pk]), {"quote_consent": "yes"}
    )
    stored = Response.objects.get()
    assert stored.submitted_at is not None and stored.quote_consent
    done = response.content.decode()
    assert stored.reference in done and "Answers sent" in done
    priorities = Answer.objects.get(question=q(consultation, QuestionKind.PRIORITIES))
    assert [(s.choice.text, s.rank) for s in priorities.selected.all()] == [
        ("Breaks", 1),
        ("Waits", 2),
    ]


def test_answers_are_kept_and_resumed_later(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    pk = consultation.pk
    client.post(reverse("consultations:answer_start", args=[pk]))
    response = client.post(
        reverse("consultations:answer_section", args=[pk, 1]),
        {**page_one(consultation), "save_and_exit": "1"},
    )
    assert response["Location"] == reverse("consultations:answer_start", args=[pk])
    # Another device: a new session for the same person.
    other = make_client(member)
    start = other.get(reverse("consultations:answer_start", args=[pk])).content.decode()
    assert "Carry on" in start
    response = other.post(reverse("consultations:answer_start", args=[pk]))
    assert response["Location"] == reverse("consultations:answer_section", args=[pk, 2])
    page = other.get(reverse("consultations:answer_section", args=[pk, 1])).content.decode()
    single = q(consultation, QuestionKind.SINGLE)
    chosen = single.choices.get(text="5 to 10").pk
    found = re.search(rf'<input[^>]*value="{chosen}"[^>]*>', page)
    assert found is not None
    radio = found.group(0)
    assert "checked" in radio


def test_a_double_submit_makes_one_response(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    answer_all(client, consultation)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    client.post(
        reverse("consultations:answer_check", args=[consultation.pk]), {"quote_consent": "yes"}
    )
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 7


def test_a_named_response_can_be_changed_until_it_closes(
    make_client: MakeClient, gateshead: ForumLead, member: User
) -> None:
    consultation = make_consultation(*gateshead, identity_mode="named")
    client = make_client(member)
    answer_all(client, consultation, text="First thoughts")
    sent_at = Response.objects.get().submitted_at
    client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 2]),
        page_two(consultation, "Second thoughts"),
    )
    client.post(
        reverse("consultations:answer_check", args=[consultation.pk]), {"quote_consent": "no"}
    )
    response = Response.objects.get()
    assert response.submitted_at == sent_at and not response.quote_consent
    assert (
        Answer.objects.get(question=q(consultation, QuestionKind.LONG_TEXT)).text
        == "Second thoughts"
    )


def test_a_missing_required_answer_is_shown_and_other_answers_kept(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    data = page_one(consultation)
    del data[f"q{q(consultation, QuestionKind.SINGLE).pk}"]
    response = client.post(reverse("consultations:answer_section", args=[consultation.pk, 1]), data)
    page = response.content.decode()
    assert response.status_code == 200
    start = page.index("govuk-error-summary")
    summary = page[start : page.index("</ul>", start)]
    # The summary says which question each message is about.
    assert f"{q(consultation, QuestionKind.SINGLE).text} – Select an answer" in summary
    # The other answers on the page were saved, not lost.
    assert Answer.objects.get(question=q(consultation, QuestionKind.SCALE)).number == 4


def test_sending_with_required_answers_missing_is_refused(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    response = client.post(reverse("consultations:answer_check", args=[consultation.pk]), {})
    page = response.content.decode()
    assert "Answer “Age of your child?” on the page “About you”" in page
    assert Response.objects.get().submitted_at is None


def test_an_over_long_answer_is_refused_with_the_text_kept(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    long_text = "x" * 301
    response = client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 2]),
        page_two(consultation, long_text),
    )
    page = response.content.decode()
    assert "Use 300 characters or fewer" in page
    assert long_text in page
    assert not Answer.objects.filter(question=q(consultation, QuestionKind.LONG_TEXT)).exists()
    assert Answer.objects.filter(question=q(consultation, QuestionKind.AGREEMENT)).exists()


def test_a_tampered_choice_id_is_an_error_not_a_crash(
    make_client: MakeClient, consultation: Consultation, member: User, sunderland: ForumLead
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    other = make_consultation(*sunderland)
    foreign = q(other, QuestionKind.SINGLE).choices.first()
    assert foreign is not None
    foreign_choice = foreign.pk
    data = {
        **page_one(consultation),
        f"q{q(consultation, QuestionKind.SINGLE).pk}": str(foreign_choice),
    }
    response = client.post(reverse("consultations:answer_section", args=[consultation.pk, 1]), data)
    assert response.status_code == 200
    assert "Select one of the options" in response.content.decode()
    assert not AnswerChoice.objects.filter(choice_id=foreign_choice).exists()
    response = client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 1]),
        {**data, f"q{q(consultation, QuestionKind.SINGLE).pk}": "not-a-number"},
    )
    assert response.status_code == 200


def test_answering_after_the_close_keeps_what_was_typed(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    response = client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 2]),
        page_two(consultation, "My late thoughts"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This consultation closed at " in page
    assert "My late thoughts" in page
    assert not Answer.objects.exists()
    response = client.post(reverse("consultations:answer_check", args=[consultation.pk]), {})
    assert response.status_code == 400


def test_too_many_choices_are_refused(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    multiple = q(consultation, QuestionKind.MULTIPLE)
    data = {
        **page_one(consultation),
        f"q{multiple.pk}": [str(c.pk) for c in multiple.choices.all()],
    }
    page = client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 1]), data
    ).content.decode()
    assert "Select up to 2 options" in page


def test_the_same_priority_twice_is_refused(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    data = page_two(consultation)
    priorities = q(consultation, QuestionKind.PRIORITIES)
    data[f"q{priorities.pk}_2"] = data[f"q{priorities.pk}_1"]
    page = client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 2]), data
    ).content.decode()
    assert "Choose each option only once" in page


def test_other_please_say(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    single = q(consultation, QuestionKind.SINGLE)
    data = {**page_one(consultation), f"q{single.pk}": "other"}
    page = client.post(
        reverse("consultations:answer_section", args=[consultation.pk, 1]), data
    ).content.decode()
    assert "Say what your other answer is" in page
    # The box is under the "Other" option, shown because that option is chosen.
    other = page.index('value="other"')
    revealed = page.index('class="govuk-radios__conditional"', other)
    assert (
        other
        < revealed
        < page.index(f'name="q{single.pk}_other"')
        < page.index("</fieldset>", other)
    )
    data[f"q{single.pk}_other"] = "Just turned 16"
    client.post(reverse("consultations:answer_section", args=[consultation.pk, 1]), data)
    assert Answer.objects.get(question=single).other_text == "Just turned 16"


def test_only_members_of_the_audience_forums_can_answer(
    make_client: MakeClient, consultation: Consultation, sunderland: ForumLead, practitioner: User
) -> None:
    outsider = MembershipFactory.create(forum=sunderland[0]).user
    assert (
        make_client(outsider)
        .get(reverse("consultations:answer_start", args=[consultation.pk]))
        .status_code
        == 403
    )
    assert (
        make_client(practitioner)
        .get(reverse("consultations:answer_start", args=[consultation.pk]))
        .status_code
        == 403
    )
    assert (
        make_client(UserFactory.create())
        .get(reverse("consultations:answer_start", args=[consultation.pk]))
        .status_code
        == 403
    )
    assert (
        make_client(None)
        .get(reverse("consultations:answer_start", args=[consultation.pk]))["Location"]
        .startswith("/accounts/login/")
    )


def test_drafts_cannot_be_answered(
    make_client: MakeClient, gateshead: ForumLead, member: User
) -> None:
    draft = make_consultation(*gateshead, launch=False)
    assert (
        make_client(member).get(reverse("consultations:answer_start", args=[draft.pk])).status_code
        == 404
    )


def test_anonymous_responses_keep_no_link_to_the_person(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    answer_all(make_client(member), consultation)
    # Read the database directly: no column of the response refers to the person.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM consultations_response")
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert len(rows) == 1
    row = dict(zip(columns, rows[0], strict=True))
    assert row["respondent_id"] is None
    # The only references kept are to the consultation and the forum, never to a person.
    references = {name for name, value in row.items() if name.endswith("_id") and value is not None}
    assert references == {"consultation_id", "forum_id"}
    assert member.email not in str(rows) and str(member.full_name) not in str(rows)
    # No key that could be worked out again from the person, with or without the secret key.
    assert "anonymous_key" not in row and row["draft_key"] == ""


def test_named_responses_record_the_person(
    make_client: MakeClient, gateshead: ForumLead, member: User
) -> None:
    consultation = make_consultation(*gateshead, identity_mode="named")
    answer_all(make_client(member), consultation)
    response = Response.objects.get()
    assert response.respondent == member and response.draft_key == ""


def test_the_consultation_list_shows_what_is_open_for_me(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    page = make_client(member).get(reverse("consultations:list")).content.decode()
    assert "Short breaks" in page and "Start" in page


def test_glossary_terms_are_explained_in_questions(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    page = client.get(
        reverse("consultations:answer_section", args=[consultation.pk, 2])
    ).content.decode()
    assert 'data-meaning="Education, Health and Care plan' in page  # "Do you have an EHCP?"


def test_changing_an_answer_from_the_check_page_returns_there(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    pk = consultation.pk
    client.post(reverse("consultations:answer_start", args=[pk]))
    client.post(reverse("consultations:answer_section", args=[pk, 1]), page_one(consultation))
    client.post(reverse("consultations:answer_section", args=[pk, 2]), page_two(consultation))
    url = reverse("consultations:answer_section", args=[consultation.pk, 1]) + "?return=check"
    response = client.post(url, page_one(consultation, age="11 to 15"))
    assert response["Location"] == reverse("consultations:answer_check", args=[consultation.pk])


def test_the_other_box_is_hidden_under_its_option_until_chosen(
    make_client: MakeClient, consultation: Consultation, member: User
) -> None:
    client = make_client(member)
    client.post(reverse("consultations:answer_start", args=[consultation.pk]))
    single = q(consultation, QuestionKind.SINGLE)
    page = client.get(
        reverse("consultations:answer_section", args=[consultation.pk, 1])
    ).content.decode()
    controls = re.search(r'value="other"\s*data-aria-controls="([\w-]+)"', page)
    assert controls, "the Other option names the box it reveals"
    box = re.search(
        rf'<div class="([^"]*)" id="{controls.group(1)}">\s*<div id="div_id_q{single.pk}_other"',
        page,
    )
    assert box and "govuk-radios__conditional--hidden" in box.group(1)
    # Typed under "Other" and then another option chosen: the other text is not kept.
    data = {**page_one(consultation), f"q{single.pk}_other": "Typed before changing my mind"}
    client.post(reverse("consultations:answer_section", args=[consultation.pk, 1]), data)
    assert Answer.objects.get(question=single).other_text == ""


def _page_of(
    forum: Forum, lead: User, questions: int
) -> tuple[Response, dict[Question, AnswerValue]]:
    """A launched consultation whose one page has ``questions`` questions of three kinds, a
    member's draft, and an answer to each question."""
    from consultations import services as consultation_services

    now = timezone.now()
    consultation = consultation_services.consultation_create(
        created_by=lead,
        forum=forum,
        title=f"{questions} questions",
        summary="Queries.",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=7),
    )
    section = consultation_services.section_add(
        consultation=consultation, edited_by=lead, title="Page"
    )
    kinds = [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SHORT_TEXT]
    for n in range(questions):
        kind = kinds[n % 3]
        consultation_services.question_add(
            section=section,
            edited_by=lead,
            kind=kind,
            text=f"Question {n}",
            choices=["A", "B", "C"] if kind != QuestionKind.SHORT_TEXT else [],
        )
    consultation_services.consultation_launch(consultation=consultation, launched_by=lead)
    member = MembershipFactory.create(forum=forum).user
    response = consultation_services.response_start(consultation=consultation, user=member)
    answers = {}
    for question in Question.objects.filter(section=section).prefetch_related("choices"):
        ids = tuple(c.pk for c in question.choices.all())
        answers[question] = (
            AnswerValue(choice_ids=ids[:2] if question.kind == QuestionKind.MULTIPLE else ids[:1])
            if ids
            else AnswerValue(text="Some words")
        )
    return response, answers


@pytest.mark.parametrize("questions", [3, 15])
def test_a_page_is_saved_in_the_same_number_of_queries_however_many_questions(
    questions: int,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    from consultations import services as consultation_services

    forum, lead = gateshead
    response, answers = _page_of(forum, lead, questions)
    for _ in range(2):  # the first save writes, the second replaces
        with django_assert_max_num_queries(12):
            consultation_services.response_save_answers(response=response, answers=answers)
    assert Answer.objects.filter(response=response).count() == questions
    chosen = sum(len(v.choice_ids) for v in answers.values())
    assert AnswerChoice.objects.filter(answer__response=response).count() == chosen
