"""Running tallies: they agree with the answers after any mix of sending and changing, the
results read from them show what a direct count of the answers shows, and the results page
takes the same number of queries at 1,000 responses as at 3,000."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from accounts.models import User
from consultations import services
from consultations.demo import synthetic_responses
from consultations.models import (
    Answer,
    AnswerChoice,
    Consultation,
    Question,
    Response,
    Tally,
    Theme,
)
from consultations.question_kinds import AnswerValue, kind_of
from consultations.results import consultation_results
from consultations.tallies import consultation_counted, stored_tallies
from tests.accounts.factories import UserFactory
from tests.consultations.factories import consultation_with_responses, make_consultation
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

TEXTS = ["Longer holiday clubs", "Shorter waits", "Someone to listen", "A named contact"]


def _random_answers(questions: list[Question], rng: random.Random) -> dict[Question, AnswerValue]:
    """Plausible answers to every question, with optional ones sometimes left empty."""
    answers = {}
    for question in questions:
        kind = kind_of(question)
        choices = [c.pk for c in question.choices.all()]
        if not question.required and rng.random() < 0.25:
            value = AnswerValue(empty=True)
        elif kind.is_text:
            value = AnswerValue(text=rng.choice(TEXTS))
        elif question.kind == "scale":
            value = AnswerValue(number=rng.randint(question.scale_min, question.scale_max))
        elif question.allow_other and rng.random() < 0.3:
            value = AnswerValue(other_text="Something else")
        elif question.kind in ("multiple", "priorities"):
            value = AnswerValue(
                choice_ids=tuple(rng.sample(choices, rng.randint(1, question.max_choices or 1)))
            )
        else:
            value = AnswerValue(choice_ids=(rng.choice(choices),))
        answers[question] = value
    return answers


def _questions(consultation: Consultation) -> list[Question]:
    return list(
        Question.objects.filter(section__consultation=consultation).prefetch_related("choices")
    )


def _direct_counts(consultation: Consultation, **filters: object) -> dict[str, object]:
    """The results' figures counted straight from the answers, as the page counted them before
    it read tallies."""
    responses = Response.objects.submitted().filter(consultation=consultation, **filters)
    answers = Answer.objects.filter(response__in=responses)
    # (question, option) -> (people who picked it, points: a 1st of N places scores N)
    choices: dict[tuple[int, str], tuple[int, int | None]] = {}
    picks: dict[tuple[int, str], list[tuple[int | None, int | None]]] = defaultdict(list)
    for question_id, text, rank, top in AnswerChoice.objects.filter(
        answer__response__in=responses
    ).values_list("answer__question", "choice__text", "rank", "answer__question__max_choices"):
        picks[question_id, text].append((rank, top))
    for key, ranks in picks.items():
        ranked = [(rank, top or 0) for rank, top in ranks if rank]
        points = sum(top + 1 - rank for rank, top in ranked) if ranked else None
        choices[key] = (len(ranks), points)
    return {
        "respondents": responses.count(),
        "bases": dict(answers.values_list("question").annotate(n=Count("pk"))),
        "numbers": Counter(answers.filter(number__isnull=False).values_list("question", "number")),
        "others": Counter(answers.exclude(other_text="").values_list("question", flat=True)),
        "choices": choices,
        "themes": Counter(
            Answer.themes.through.objects.filter(answer__in=answers).values_list(
                "answer__question", "theme__name"
            )
        ),
    }


def _shown_counts(consultation: Consultation, **filters: object) -> dict[str, object]:
    """The same figures as consultation_results gives them (before suppression)."""
    results = consultation_results(consultation, **filters)  # type: ignore[arg-type]
    bases: dict[int, int] = {}
    numbers: Counter[tuple[int, int]] = Counter()
    others: Counter[int] = Counter()
    themes: Counter[tuple[int, str]] = Counter()
    choices: dict[tuple[int, str], tuple[int, int | None]] = {}
    for _, question_results in results.sections:
        for result in question_results:
            question = result.question
            if result.base:
                bases[question.pk] = result.base
            if result.other_answers:
                others[question.pk] = result.other_answers
            for row in result.themes:
                themes[question.pk, row.label] = row.count
            for row in result.rows:
                if not row.count:
                    continue
                if question.kind == "scale":
                    numbers[question.pk, int(row.label.split(" ")[0])] = row.count
                else:
                    choices[question.pk, row.label] = (row.count, row.points)
    return {
        "respondents": results.respondents,
        "bases": bases,
        "numbers": numbers,
        "others": others,
        "choices": choices,
        "themes": themes,
    }


# Sending and changing, at random --------------------------------------------------------------

steps = st.lists(
    st.tuples(
        st.sampled_from(["send", "change", "draft", "code", "uncode", "erase"]),
        st.integers(min_value=0, max_value=3),  # which person
        st.integers(min_value=0, max_value=2**16),  # the answers' seed
    ),
    min_size=1,
    max_size=10,
)


@pytest.mark.django_db
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps, named=st.booleans())
def test_tallies_agree_with_the_answers_after_any_sending_and_changing(
    gateshead: ForumLead, steps: list[tuple[str, int, int]], named: bool
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(
        forum,
        lead,
        identity_mode="named" if named else "anonymous",
        respondent_types="both",
        title=f"Tallies {random.random()}",
    )
    questions = _questions(consultation)
    people: list[User] = []
    for n in range(4):
        person = UserFactory.create(practitioner=n % 2 == 1)
        MembershipFactory.create(forum=forum, user=person)
        people.append(person)
    codes: dict[int, tuple[str, str]] = {}
    theme = Theme.objects.create(consultation=consultation, name="Waits")
    text_question = next(q for q in questions if q.is_text)
    for action, who, seed in steps:
        rng = random.Random(seed)
        person = people[who]
        if action in ("send", "draft", "change"):
            if person.pk is None:
                continue
            if action == "change" and not named and who in codes:
                # Sent anonymous answers change through their reference and change code.
                secret = f"change-{seed}-{who}"
                draft = services.response_change_begin(
                    consultation=consultation,
                    reference=codes[who][0],
                    change_code=codes[who][1],
                    draft_secret=secret,
                )
                services.response_save_answers(
                    response=draft, answers=_random_answers(questions, rng)
                )
                services.response_submit(response=draft, quote_consent=rng.random() < 0.5)
                continue
            try:
                response = services.response_start(consultation=consultation, user=person)
            except services.AlreadySent:
                continue
            services.response_save_answers(
                response=response, answers=_random_answers(questions, rng)
            )
            if action != "draft":
                sent = services.response_submit(response=response, quote_consent=True)
                if sent.change_code:
                    codes[who] = (sent.response.reference, sent.change_code)
        elif action in ("code", "uncode"):
            ids = list(
                Answer.objects.filter(
                    question=text_question, response__submitted_at__isnull=False
                ).values_list("pk", flat=True)
            )
            if not ids:
                continue
            chosen = random.Random(seed).sample(ids, max(1, len(ids) // 2))
            write = services.answers_code if action == "code" else services.answers_uncode
            write(question=text_question, edited_by=lead, answer_ids=chosen, themes=[theme])
        elif action == "erase" and person.pk is not None:
            # A named respondent's account deleted: their answers stay, unlinked, and count.
            person.delete()
        assert stored_tallies(consultation) == consultation_counted(consultation)
    assert _shown_counts(consultation) == _direct_counts(consultation)


def test_drafts_count_for_nothing(consultation: Consultation, member: User) -> None:
    response = services.response_start(consultation=consultation, user=member)
    services.response_save_answers(
        response=response, answers=_random_answers(_questions(consultation), random.Random(1))
    )
    assert not Tally.objects.filter(consultation=consultation, total__gt=0).exists()
    response.delete()
    assert stored_tallies(consultation) == Counter() == consultation_counted(consultation)


def test_sending_counts_the_answers_once_even_when_sent_twice(
    gateshead: ForumLead, member: User
) -> None:
    consultation = make_consultation(*gateshead, identity_mode="named")
    response = services.response_start(consultation=consultation, user=member)
    services.response_save_answers(
        response=response, answers=_random_answers(_questions(consultation), random.Random(2))
    )
    services.response_submit(response=response, quote_consent=True)
    services.response_submit(response=response, quote_consent=False)  # a double click
    assert consultation_results(consultation).respondents == 1
    assert stored_tallies(consultation) == consultation_counted(consultation)


# The results page shows what the answers say --------------------------------------------------


def test_results_show_what_a_direct_count_of_the_answers_shows_under_every_filter(
    gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=60, seed=4)
    synthetic_responses(consultation, 25, seed=900, forum=sunderland[0])
    question = next(q for q in _questions(consultation) if q.is_text)
    ids = list(Answer.objects.filter(question=question).values_list("pk", flat=True)[:30])
    services.answers_code(question=question, edited_by=lead, answer_ids=ids, new_theme="Waits")
    all_filters: list[dict[str, int | str]] = [
        {},
        {"forum_id": forum.pk},
        {"forum_id": sunderland[0].pk},
        {"respondent_type": "parent_carer"},
        {"respondent_type": "practitioner", "forum_id": forum.pk},
    ]
    for filters in all_filters:
        assert _shown_counts(consultation, **filters) == _direct_counts(consultation, **filters)
    assert consultation_results(consultation).respondents == 85


def test_every_figure_shown_under_a_filter_is_suppressed_when_small(
    gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=40, seed=6)
    synthetic_responses(consultation, 2, seed=901, forum=sunderland[0])
    few = consultation_results(consultation, forum_id=sunderland[0].pk)
    assert few.suppressed and few.respondents_too_few
    assert few.respondents_text != "2"
    for _, question_results in few.sections:
        for result in question_results:
            assert result.too_few and not result.rows


def test_the_rebuild_command_puts_tallies_right_and_check_reports_differences(
    gateshead: ForumLead,
) -> None:
    consultation = consultation_with_responses(*gateshead, responses=20, seed=8)
    correct = stored_tallies(consultation)
    assert correct == consultation_counted(consultation)
    Tally.objects.filter(consultation=consultation, measure="respondents").update(total=3)
    Tally.objects.filter(consultation=consultation, measure="choice").delete()
    with pytest.raises(Exception, match="Tallies differ"):
        call_command("tallies_rebuild", "--check")
    call_command("tallies_rebuild", str(consultation.pk))
    assert stored_tallies(consultation) == correct
    call_command("tallies_rebuild", "--check")  # now agrees: no error


@pytest.mark.parametrize("responses", [1000, 3000])
def test_results_and_published_pages_take_the_same_queries_at_1000_and_3000_responses(
    responses: int,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=responses)
    client = make_client(lead)
    url = reverse("consultations:results", args=[consultation.pk])
    with django_assert_max_num_queries(18):
        page = client.get(url).content.decode()
    assert f"{responses:,} people sent their answers" in page or (
        f"{responses} people sent their answers" in page
    )
    with django_assert_max_num_queries(18):
        client.get(url, {"forum": str(forum.pk), "respondent_type": "practitioner"})
