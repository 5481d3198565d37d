"""Coding free-text answers into themes many at a time, and choosing quotes: the services, the
coding page, and what it costs in queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from consultations import services
from consultations.models import Answer, Consultation, Question, QuestionKind, Theme
from core.templatetags.pagination import page_numbers
from tests.consultations.factories import (
    AnswerFactory,
    ResponseFactory,
    consultation_with_responses,
    make_consultation,
)
from tests.consultations.helpers import answer_all, q
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db

ThemeAnswer = Answer.themes.through


def _text_answers(consultation: Consultation) -> tuple[Question, list[Answer]]:
    """The long-text question (fetched as the coding page fetches it) and its sent answers, in
    the page's order."""
    question = Question.objects.select_related("section__consultation__forum").get(
        section__consultation=consultation, kind=QuestionKind.LONG_TEXT
    )
    answers = list(
        Answer.objects.filter(question=question, response__submitted_at__isnull=False)
        .exclude(text="")
        .order_by("pk")
    )
    return question, answers


def _answered(forum_lead: ForumLead, responses: int) -> tuple[Consultation, Question, list[Answer]]:
    """A launched consultation of the forum with ``responses`` sent responses, each answering
    its long-text question."""
    consultation = consultation_with_responses(*forum_lead, responses=responses)
    return (consultation, *_text_answers(consultation))


def _themes(consultation: Consultation, lead: User, *names: str) -> list[Theme]:
    return [
        services.theme_create(consultation=consultation, edited_by=lead, name=name)
        for name in names
    ]


def _pairs(consultation: Consultation) -> set[tuple[int, str]]:
    return set(
        ThemeAnswer.objects.filter(theme__consultation=consultation).values_list(
            "answer_id", "theme__name"
        )
    )


def _coding_url(consultation: Consultation, question: Question, query: str = "") -> str:
    url = reverse("consultations:theme_coding", args=[consultation.pk, question.pk])
    return f"{url}?{query}" if query else url


# The services ---------------------------------------------------------------------------------


def test_many_answers_are_coded_with_several_themes_at_once(gateshead: ForumLead) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 8)
    waits, school = _themes(consultation, lead, "Waiting times", "School")
    ticked = [a.pk for a in answers[:5]]

    coding = services.answers_code(
        question=question, edited_by=lead, answer_ids=ticked, themes=[waits, school]
    )

    assert coding.answers == 5 and [t.name for t in coding.themes] == ["School", "Waiting times"]
    assert _pairs(consultation) == {(pk, n) for pk in ticked for n in ("Waiting times", "School")}


def test_coding_again_adds_nothing(gateshead: ForumLead) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 6)
    (waits,) = _themes(consultation, lead, "Waiting times")
    ids = [a.pk for a in answers[:4]]
    services.answers_code(question=question, edited_by=lead, answer_ids=ids[:2], themes=[waits])

    # The same form sent twice, overlapping what was coded before.
    for _ in range(2):
        services.answers_code(question=question, edited_by=lead, answer_ids=ids, themes=[waits])

    assert ThemeAnswer.objects.count() == 4
    assert _pairs(consultation) == {(pk, "Waiting times") for pk in ids}


def test_a_new_theme_is_made_once_and_found_whatever_its_capitals(gateshead: ForumLead) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 4)
    (school,) = _themes(consultation, lead, "School")

    services.answers_code(
        question=question,
        edited_by=lead,
        answer_ids=[answers[0].pk],
        themes=[school],
        new_theme="  Waiting   times ",
    )
    services.answers_code(
        question=question, edited_by=lead, answer_ids=[answers[1].pk], new_theme="waiting TIMES"
    )

    assert list(consultation.themes.values_list("name", flat=True)) == ["School", "Waiting times"]
    assert _pairs(consultation) == {
        (answers[0].pk, "School"),
        (answers[0].pk, "Waiting times"),
        (answers[1].pk, "Waiting times"),
    }


def test_uncoding_takes_only_the_chosen_themes_off_the_ticked_answers(
    gateshead: ForumLead,
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 4)
    waits, school = _themes(consultation, lead, "Waiting times", "School")
    ids = [a.pk for a in answers]
    services.answers_code(question=question, edited_by=lead, answer_ids=ids, themes=[waits, school])

    for _ in range(2):  # twice: taking off what is not there changes nothing
        services.answers_uncode(
            question=question, edited_by=lead, answer_ids=ids[:2], themes=[waits]
        )

    assert _pairs(consultation) == {(pk, "School") for pk in ids} | {
        (pk, "Waiting times") for pk in ids[2:]
    }


def test_an_answer_id_from_another_consultation_is_refused_and_nothing_is_coded(
    gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=3)
    elsewhere = consultation_with_responses(*sunderland, responses=2, seed=9)
    question, answers = _text_answers(consultation)
    _, foreign = _text_answers(elsewhere)
    (waits,) = _themes(consultation, lead, "Waiting times")

    with pytest.raises(ValidationError, match="not answers to this question"):
        services.answers_code(
            question=question,
            edited_by=lead,
            answer_ids=[answers[0].pk, foreign[0].pk],
            themes=[waits],
        )
    with pytest.raises(ValidationError, match="not answers to this question"):
        services.answers_uncode(
            question=question, edited_by=lead, answer_ids=[foreign[0].pk], themes=[waits]
        )
    assert not ThemeAnswer.objects.exists()


def test_answers_to_another_question_drafts_and_empty_answers_are_refused(
    gateshead: ForumLead,
) -> None:
    forum, lead = gateshead
    # Two pages of every kind: two free-text questions, a long and a short one.
    consultation = consultation_with_responses(forum, lead, responses=3, pages=2)
    long_text = Question.objects.get(section__consultation=consultation, kind="long_text")
    short_text = Question.objects.get(section__consultation=consultation, kind="short_text")
    (waits,) = _themes(consultation, lead, "Waiting times")
    other_question = Answer.objects.filter(question=short_text).exclude(text="").first()
    draft = AnswerFactory.create(
        response=ResponseFactory.create(consultation=consultation, draft=True), question=long_text
    )
    empty = AnswerFactory.create(
        response=ResponseFactory.create(consultation=consultation), question=long_text, text=""
    )
    for refused in (other_question, draft, empty):
        assert refused is not None
        with pytest.raises(ValidationError, match="not answers to this question"):
            services.answers_code(
                question=long_text, edited_by=lead, answer_ids=[refused.pk], themes=[waits]
            )
    assert not ThemeAnswer.objects.exists()


def test_only_the_consultations_leads_may_code(
    gateshead: ForumLead, sunderland: ForumLead, member: User
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 2)
    (waits,) = _themes(consultation, lead, "Waiting times")
    for person in (sunderland[1], member):
        with pytest.raises(PermissionDenied):
            services.answers_code(
                question=question, edited_by=person, answer_ids=[answers[0].pk], themes=[waits]
            )
        with pytest.raises(PermissionDenied):
            services.answer_quote_set(answer=answers[0], edited_by=person, quote=False)
    services.answers_code(
        question=question, edited_by=lead, answer_ids=[answers[0].pk], themes=[waits]
    )
    with pytest.raises(PermissionDenied):
        services.answers_uncode(
            question=question, edited_by=sunderland[1], answer_ids=[answers[0].pk], themes=[waits]
        )
    assert _pairs(consultation) == {(answers[0].pk, "Waiting times")}


def test_a_theme_from_another_consultation_is_refused(
    gateshead: ForumLead, sunderland: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 2)
    other = make_consultation(*sunderland)
    (foreign,) = _themes(other, sunderland[1], "Elsewhere")
    with pytest.raises(ValidationError, match="Choose themes from this consultation"):
        services.answers_code(
            question=question, edited_by=lead, answer_ids=[answers[0].pk], themes=[foreign]
        )
    assert not ThemeAnswer.objects.exists()


def test_nothing_ticked_or_no_theme_is_refused(gateshead: ForumLead) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 2)
    (waits,) = _themes(consultation, lead, "Waiting times")
    with pytest.raises(ValidationError, match="Tick at least one answer"):
        services.answers_code(question=question, edited_by=lead, answer_ids=[], themes=[waits])
    with pytest.raises(ValidationError, match="Choose a theme"):
        services.answers_code(question=question, edited_by=lead, answer_ids=[answers[0].pk])
    with pytest.raises(ValidationError, match="Choose the themes to remove"):
        services.answers_uncode(
            question=question, edited_by=lead, answer_ids=[answers[0].pk], themes=[]
        )


def test_a_quote_needs_the_respondents_consent(
    make_client: MakeClient, consultation: Consultation, gateshead: ForumLead, member: User
) -> None:
    _, lead = gateshead
    answer_all(make_client(member), consultation, quote="no")
    answer = Answer.objects.get(question=q(consultation, QuestionKind.LONG_TEXT))
    with pytest.raises(ValidationError, match="did not agree to be quoted"):
        services.answer_quote_set(answer=answer, edited_by=lead, quote=True)
    answer.refresh_from_db()
    assert not answer.featured


@pytest.mark.parametrize("ticked", [5, 50])
def test_coding_takes_the_same_queries_however_many_answers_and_themes(
    ticked: int, gateshead: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 50)
    themes = _themes(consultation, lead, "Waiting times", "School", "Short breaks")
    ids = [a.pk for a in answers[:ticked]]
    with CaptureQueriesContext(connection) as coding:
        services.answers_code(question=question, edited_by=lead, answer_ids=ids, themes=themes)
    with CaptureQueriesContext(connection) as uncoding:
        services.answers_uncode(question=question, edited_by=lead, answer_ids=ids, themes=themes)
    # The lead, the answers, then one insert (in a savepoint) or one delete; for the tallies,
    # the answers' responses, what they count for before and after, one upsert (in a
    # savepoint, and on PostgreSQL under a shared lock).
    assert len(coding) <= 12, coding.captured_queries
    assert len(uncoding) <= 10, uncoding.captured_queries
    assert not ThemeAnswer.objects.exists()


# The coding page ------------------------------------------------------------------------------


def test_the_coding_page_lists_answers_not_yet_coded_as_labelled_checkboxes(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 6)
    (waits,) = _themes(consultation, lead, "Waiting times")
    services.answers_code(
        question=question, edited_by=lead, answer_ids=[answers[0].pk], themes=[waits]
    )

    page = make_client(lead).get(_coding_url(consultation, question)).content.decode()

    assert "Showing 1 to 5 of 5 answers not yet coded" in page
    assert f'value="{answers[0].pk}"' not in page  # coded, so not in the default list
    second = answers[1]
    assert (
        f'<input class="govuk-checkboxes__input" id="id_answers_1" name="answers" '
        f'type="checkbox" value="{second.pk}" aria-describedby="answer-{second.pk}-coded">' in page
    )
    assert f'for="id_answers_1">{second.text}</label>' in page
    assert f'name="themes" type="checkbox" value="{waits.pk}"' in page
    assert "Add themes to ticked answers" in page and "Remove themes from ticked answers" in page
    assert 'data-cp-select-all="answers"' in page


def test_the_filter_shows_all_answers_or_those_with_a_theme(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 6)
    waits, school = _themes(consultation, lead, "Waiting times", "School")
    services.answers_code(
        question=question, edited_by=lead, answer_ids=[a.pk for a in answers[:2]], themes=[waits]
    )
    client = make_client(lead)

    everything = client.get(_coding_url(consultation, question, "show=all")).content.decode()
    assert "Showing 1 to 6 of 6 answers." in everything
    assert '<strong class="govuk-tag govuk-tag--blue cp-answer__tag">Waiting times</strong>' in (
        everything
    )
    with_waits = client.get(
        _coding_url(consultation, question, f"show={waits.pk}")
    ).content.decode()
    assert "Showing 1 to 2 of 2 answers with this theme." in with_waits
    assert f'<option value="{waits.pk}" selected>Coded as “Waiting times” (2)</option>' in (
        with_waits
    )
    assert all(f'value="{a.pk}"' in with_waits for a in answers[:2])
    assert f'value="{answers[2].pk}"' not in with_waits
    # A theme with no answers, or a made-up filter: nothing breaks.
    none = client.get(_coding_url(consultation, question, f"show={school.pk}")).content.decode()
    assert "There are no answers to show" in none
    made_up = client.get(_coding_url(consultation, question, "show=99999999999999999999999"))
    assert "Showing 1 to 4 of 4 answers not yet coded" in made_up.content.decode()


def test_a_lead_codes_ticked_answers_and_comes_back_to_the_same_page_and_filter(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 60)
    (waits,) = _themes(consultation, lead, "Waiting times")
    client = make_client(lead)
    url = _coding_url(consultation, question, "show=uncoded&page=2")
    on_page_two = client.get(url).content.decode()
    assert "Showing 51 to 60 of 60" in on_page_two
    ticked = [a.pk for a in answers[50:53]]
    data = {"answers": ticked, "themes": [waits.pk], "new_theme": "Transport", "action": "add"}

    response = client.post(url, data)
    again = client.post(url, data)  # a second press of the button

    assert response.status_code == again.status_code == 302
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert 'class="govuk-notification-banner govuk-notification-banner--success" role="alert"' in (
        page
    )
    assert "3 answers coded as “Transport” and “Waiting times”." in page
    assert "Showing 51 to 57 of 57 answers not yet coded" in page
    assert _pairs(consultation) == {
        (pk, n) for pk in ticked for n in ("Transport", "Waiting times")
    }


def test_a_lead_removes_a_theme_from_ticked_answers(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 4)
    waits, school = _themes(consultation, lead, "Waiting times", "School")
    ids = [a.pk for a in answers]
    services.answers_code(question=question, edited_by=lead, answer_ids=ids, themes=[waits, school])
    url = _coding_url(consultation, question, "show=all")

    response = make_client(lead).post(
        url, {"answers": ids[:3], "themes": [school.pk], "action": "remove"}, follow=True
    )

    assert "“School” removed from 3 answers." in response.content.decode()
    assert _pairs(consultation) == {(pk, "Waiting times") for pk in ids} | {(ids[3], "School")}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"themes": ["{waits}"]}, ["Tick the answers to code"]),
        ({"answers": ["{first}", "{second}"]}, ["Tick a theme, or add a new one"]),
        ({"action": "remove", "answers": ["{first}"]}, ["Tick the themes to remove"]),
        (
            {"action": "remove", "new_theme": "New", "themes": ["{waits}"]},
            ["Tick the answers to remove themes from", "A new theme is not on any answers yet"],
        ),
        ({"answers": ["²", "{first}"], "themes": ["{waits}"]}, ["Tick answers from this page"]),
        ({"answers": ["-1"], "themes": ["{waits}"]}, ["Tick answers from this page"]),
        ({"answers": [str(2**64)], "themes": ["{waits}"]}, ["Tick answers from this page"]),
        ({"answers": ["{first}"], "themes": ["abc"]}, ["Choose themes from this consultation"]),
        (
            {"answers": ["{first}"], "themes": ["{foreign}"]},
            ["Choose themes from this consultation"],
        ),
        (
            {"answers": ["{first}", "{foreign_answer}"], "themes": ["{waits}"]},
            ["Some of the ticked answers are not answers to this question"],
        ),
    ],
)
def test_bad_input_shows_the_error_summary_keeps_the_ticks_and_changes_nothing(
    make_client: MakeClient,
    gateshead: ForumLead,
    sunderland: ForumLead,
    data: dict[str, object],
    errors: list[str],
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 4)
    (waits,) = _themes(consultation, lead, "Waiting times")
    elsewhere = consultation_with_responses(*sunderland, responses=1, seed=7)
    (foreign,) = _themes(elsewhere, sunderland[1], "Elsewhere")
    ids = {
        "{first}": str(answers[0].pk),
        "{second}": str(answers[1].pk),
        "{waits}": str(waits.pk),
        "{foreign}": str(foreign.pk),
        "{foreign_answer}": str(_text_answers(elsewhere)[1][0].pk),
    }
    sent = {
        key: [ids.get(v, v) for v in value] if isinstance(value, list) else value
        for key, value in data.items()
    }

    response = make_client(lead).post(_coding_url(consultation, question, "show=all"), sent)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<div class="govuk-error-summary"') == 1
    assert "<title>Error: " in page
    for error in errors:
        assert error in page
    sent_answers = sent.get("answers", [])
    assert isinstance(sent_answers, list)
    for answer_id in {str(a.pk) for a in answers} & set(sent_answers):  # all on the one page
        assert f'value="{answer_id}" aria-describedby="answer-{answer_id}-coded" checked' in page
    if sent.get("themes") == [str(waits.pk)]:
        assert f'name="themes" type="checkbox" value="{waits.pk}" checked' in page
    assert not ThemeAnswer.objects.exists()
    assert list(consultation.themes.values_list("name", flat=True)) == ["Waiting times"]


def test_the_coding_page_is_only_for_free_text_questions_of_the_leads_consultation(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 2)
    single = q(consultation, QuestionKind.SINGLE)
    client = make_client(lead)
    assert client.get(_coding_url(consultation, single)).status_code == 404
    elsewhere = make_consultation(*sunderland)
    foreign_question = q(elsewhere, QuestionKind.LONG_TEXT)
    assert client.get(_coding_url(consultation, foreign_question)).status_code == 404
    other_lead = make_client(sunderland[1])
    assert other_lead.get(_coding_url(consultation, question)).status_code == 403
    posted = other_lead.post(
        _coding_url(consultation, question), {"answers": [answers[0].pk], "new_theme": "Mine"}
    )
    assert posted.status_code == 403
    assert not Theme.objects.exists() and not ThemeAnswer.objects.exists()


@pytest.mark.parametrize("responses", [10, 200])
def test_the_coding_page_query_count_does_not_grow_with_answers(
    responses: int,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, responses)
    themes = _themes(consultation, lead, "Waiting times", "School", "Short breaks")
    services.answers_code(
        question=question,
        edited_by=lead,
        answer_ids=[a.pk for a in answers[: responses // 2]],
        themes=themes,
    )
    client = make_client(lead)
    # 12: the page's own, and one for the navigation's programmes link; 1 more to record the
    # view of the answers in the access log and 1 for its content type (read once, then cached).
    with django_assert_max_num_queries(14):
        page = client.get(_coding_url(consultation, question, "show=all")).content.decode()
    assert page.count('name="answers"') == min(responses, 50)
    with django_assert_max_num_queries(12):
        overview = client.get(reverse("consultations:themes", args=[consultation.pk]))
    assert f"{responses - responses // 2} of {responses} answers not yet coded" in (
        overview.content.decode()
    )


def test_the_themes_page_shows_how_far_coding_has_gone(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 5)
    (waits,) = _themes(consultation, lead, "Waiting times")
    services.answers_code(
        question=question, edited_by=lead, answer_ids=[a.pk for a in answers], themes=[waits]
    )
    page = make_client(lead).get(reverse("consultations:themes", args=[consultation.pk]))
    content = page.content.decode()
    assert f'href="{_coding_url(consultation, question)}">{question.text}</a>' in content
    assert "All 5 answers coded" in content
    assert "<li>Waiting times (5 answers)</li>" in content


# Quotes ---------------------------------------------------------------------------------------


def test_a_lead_quotes_an_answer_from_the_coding_page_and_comes_back_to_it(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    lead = gateshead[1]
    consultation, question, answers = _answered(gateshead, 10)
    agreed = next(a for a in answers if a.response.quote_consent)
    refused = next(a for a in answers if not a.response.quote_consent)
    client = make_client(lead)
    page = client.get(_coding_url(consultation, question, "show=all&page=1")).content.decode()
    assert f'form="quote-{agreed.pk}" name="quote" value="yes"' in page
    assert f'<form id="quote-{agreed.pk}" method="post"' in page
    assert f'form="quote-{refused.pk}"' not in page
    quote_url = reverse("consultations:answer_quote", args=[consultation.pk, agreed.pk])

    response = client.post(quote_url, {"quote": "yes", "back": "show=all&page=1&evil=x"})

    assert response["Location"] == _coding_url(consultation, question, "show=all&page=1")
    agreed.refresh_from_db()
    assert agreed.featured
    page = client.get(response["Location"]).content.decode()
    assert "will be quoted in the published results" in page
    assert f'<a class="govuk-notification-banner__link" href="#answer-{agreed.pk}">' in page
    assert f'form="quote-{agreed.pk}" name="quote" value="no"' in page

    refused_url = reverse("consultations:answer_quote", args=[consultation.pk, refused.pk])
    response = client.post(refused_url, {"quote": "yes"}, follow=True)
    assert "This person did not agree to be quoted." in response.content.decode()
    refused.refresh_from_db()
    assert not refused.featured


def test_only_sent_written_answers_of_the_leads_consultation_can_be_quoted(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=2)
    elsewhere = consultation_with_responses(*sunderland, responses=2, seed=5)
    _, foreign = _text_answers(elsewhere)
    draft = AnswerFactory.create(
        response=ResponseFactory.create(consultation=consultation, draft=True, quote_consent=True),
        question=q(consultation, QuestionKind.LONG_TEXT),
    )
    client = make_client(lead)
    for answer in (foreign[0], draft):
        url = reverse("consultations:answer_quote", args=[consultation.pk, answer.pk])
        assert client.post(url, {"quote": "yes"}).status_code == 404
    assert not Answer.objects.filter(featured=True).exists()


# Pieces ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "last", "numbers"),
    [
        (1, 1, [1]),
        (1, 2, [1, 2]),
        (1, 5, [1, 2, None, 5]),
        (3, 5, [1, 2, 3, 4, 5]),
        (5, 9, [1, None, 4, 5, 6, None, 9]),
        (9, 9, [1, None, 8, 9]),
    ],
)
def test_pagination_links_the_first_last_and_nearby_pages(
    current: int, last: int, numbers: list[int | None]
) -> None:
    assert page_numbers(current, last) == numbers
