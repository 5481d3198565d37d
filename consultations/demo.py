"""Demo consultations for Gateshead: an open "good life" consultation, and a closed one with a
few hundred synthetic responses, coded themes, published results and actions."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from consultations import services
from consultations.models import (
    Answer,
    AnswerChoice,
    Consultation,
    Question,
    Response,
    Theme,
)
from consultations.question_kinds import kind_of
from consultations.services import day_of
from consultations.tallies import tallies_count_in, tallies_rebuild
from forums.models import Forum

SYNTHETIC_TEXTS = {
    "Waiting times": [
        "We waited two years for an autism assessment and things got much worse in that time.",
        "The waiting list for CAMHS is far too long. We needed help months ago.",
        "Waiting for the EHC needs assessment took over the whole year.",
    ],
    "Support at school": [
        "His school tries hard but the SENCO has no time and no budget.",
        "Support at school only started after she was excluded twice.",
        "A teaching assistant who understands him has made all the difference.",
    ],
    "Short breaks": [
        "Holiday clubs that can cope with her needs would give us a break.",
        "We have no short breaks at all and I am exhausted.",
    ],
    "Being listened to": [
        "I want professionals to listen to me: I know my child best.",
        "When the keyworker listened, everything got easier.",
    ],
    "Friendships and belonging": [
        "A good life is my son having one real friend and being invited to parties.",
        "Being part of the community, going swimming and to the park like other families.",
    ],
}


@transaction.atomic
def synthetic_responses(
    consultation: Consultation, count: int, *, seed: int = 1, forum: Forum | None = None
) -> list[Response]:
    """Submitted responses written in bulk, with plausible answers to every question, stored as
    sent anonymous answers are: no person, random ids, dates cut to the day."""
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    questions = list(
        Question.objects.filter(section__consultation=consultation).prefetch_related("choices")
    )
    texts = [text for group in SYNTHETIC_TEXTS.values() for text in group]
    now = timezone.now()
    days = [day_of(now - timedelta(minutes=rng.randint(1, 60 * 24 * 30))) for _ in range(count)]
    responses = Response.objects.bulk_create(
        Response(
            consultation=consultation,
            respondent_type="parent_carer" if rng.random() < 0.85 else "practitioner",
            forum=forum or consultation.forum,
            reference=f"CP-S{seed}-{n:05d}",
            started_at=day,
            updated_at=day,
            submitted_at=day,
            quote_consent=rng.random() < 0.6,
        )
        for n, day in enumerate(days)
    )
    answers = [
        _synthetic_answer(response, question, rng, texts)
        for response in responses
        for question in questions
        if question.required or rng.random() >= 0.15
    ]
    answers = Answer.objects.bulk_create(answers, batch_size=2000)
    by_question = {q.pk: q for q in questions}
    picks = [
        pick
        for answer in answers
        for pick in _synthetic_picks(answer, by_question[answer.question_id], rng)
    ]
    AnswerChoice.objects.bulk_create(picks, batch_size=5000)
    tallies_count_in(consultation.pk, [response.pk for response in responses])
    return responses


def _synthetic_answer(
    response: Response, question: Question, rng: random.Random, texts: list[str]
) -> Answer:
    kind = kind_of(question)
    if kind.is_text:
        return Answer(
            response=response, question=question, text=rng.choice(texts)[: question.text_limit]
        )
    if not kind.is_choice:  # a rating scale, leaning to its middle
        weights = [1, 2, 3, 3, 1][: len(question.scale_values)]
        number = rng.choices(question.scale_values, weights)[0]
        return Answer(response=response, question=question, number=number)
    return Answer(response=response, question=question)


def _synthetic_picks(answer: Answer, question: Question, rng: random.Random) -> list[AnswerChoice]:
    kind = kind_of(question)
    choices = list(question.choices.all())
    if not choices:
        return []
    if kind.ranked:
        ranked = rng.sample(choices, question.max_choices or 3)
        return [AnswerChoice(answer=answer, choice=c, rank=n) for n, c in enumerate(ranked, 1)]
    if kind.takes_max_choices:  # several options
        several = rng.sample(choices, min(len(choices), rng.randint(1, question.max_choices or 2)))
        return [AnswerChoice(answer=answer, choice=choice) for choice in several]
    weights = [len(choices) - n for n in range(len(choices))]
    return [AnswerChoice(answer=answer, choice=rng.choices(choices, weights)[0])]


@transaction.atomic
def _code_themes(consultation: Consultation, lead: User) -> None:
    """Code every synthetic text answer into the theme its text was written for."""
    themes = {
        name: services.theme_create(consultation=consultation, edited_by=lead, name=name)
        for name in SYNTHETIC_TEXTS
    }
    theme_of_text = {
        text: themes[name] for name, group in SYNTHETIC_TEXTS.items() for text in group
    }
    through = Answer.themes.through
    links = []
    featured: set[tuple[str, int]] = set()
    for answer_id, text, consent in (
        Answer.objects.filter(response__consultation=consultation)
        .exclude(text="")
        .values_list("pk", "text", "response__quote_consent")
    ):
        theme = theme_of_text.get(text)
        if theme is not None:
            links.append(through(answer_id=answer_id, theme_id=theme.pk))
            if consent and theme.name not in {t for t, _ in featured}:
                featured.add((theme.name, answer_id))
    through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
    tallies_rebuild(consultation)
    Answer.objects.filter(pk__in=[answer_id for _, answer_id in featured]).update(featured=True)


def _open_consultation(forum: Forum, lead: User) -> Consultation:
    now = timezone.now()
    open_one = Consultation.objects.filter(
        forum=forum,
        title__startswith="What does a good life",
        launched_at__isnull=False,
        closes_at__gt=now,
    ).first()
    if open_one is None:
        open_one = services.consultation_create_from_template(
            created_by=lead,
            forum=forum,
            opens_at=now - timedelta(days=7),
            closes_at=now + timedelta(days=45),
        )
        services.consultation_launch(consultation=open_one, launched_by=lead)
    return open_one


def _closed_consultation(forum: Forum, lead: User) -> Consultation:
    now = timezone.now()
    closed_title = "Short breaks and holidays: what families told us"
    closed = Consultation.objects.filter(forum=forum, title=closed_title).first()
    if closed is not None:
        return closed
    closed = services.consultation_create_from_template(
        created_by=lead,
        forum=forum,
        opens_at=now - timedelta(days=120),
        closes_at=now + timedelta(days=1),
    )
    services.consultation_update(consultation=closed, edited_by=lead, title=closed_title)
    services.consultation_launch(consultation=closed, launched_by=lead)
    synthetic_responses(closed, 320, seed=forum.pk)
    services.consultation_close_now(consultation=closed, closed_by=lead)
    _code_themes(closed, lead)
    services.results_publish(
        consultation=closed,
        published_by=lead,
        audience="public",
        you_said=(
            "320 parent carers and practitioners told us what a good life looks like.\n\n"
            "You said the biggest problems are long waits for assessments and CAMHS, and "
            "support at school that only starts after a crisis. You told us short breaks and "
            "holiday clubs keep families going, and that you want to be listened to."
        ),
    )
    _closed_actions(closed, lead)
    return closed


def _closed_actions(closed: Consultation, lead: User) -> None:
    now = timezone.now()
    waits, school = (
        Theme.objects.get(consultation=closed, name="Waiting times"),
        Theme.objects.get(consultation=closed, name="Support at school"),
    )
    breaks = Theme.objects.get(consultation=closed, name="Short breaks")
    first = services.action_create(
        consultation=closed,
        created_by=lead,
        title="Extra autism assessment clinics on Saturdays",
        owner_type="nhs",
        owner_name="North East and North Cumbria ICB",
        status="planned",
        due_date=date(now.year + 1, 3, 31),
        themes=[waits],
    )
    services.action_status_change(
        action=first,
        changed_by=lead,
        status="in_progress",
        evidence_url="https://example.org/gateshead-assessment-clinics",
    )
    services.action_create(
        consultation=closed,
        created_by=lead,
        title="SENCO network meets monthly with the forum",
        owner_type="council",
        owner_name="Gateshead Council",
        status="done",
        themes=[school],
        evidence_url="https://example.org/senco-network",
    )
    services.action_create(
        consultation=closed,
        created_by=lead,
        title="Holiday club places for every child who needs one",
        owner_type="council",
        owner_name="Gateshead Council",
        status="not_possible",
        not_possible_reason="The budget for next year is already set. We will ask again in the autumn.",
        themes=[breaks],
    )


def seed(forum: Forum, lead: User) -> list[Consultation]:
    """An open "good life" consultation and a closed one with answers, themes, published
    results and actions. Safe to run again."""
    return [_open_consultation(forum, lead), _closed_consultation(forum, lead)]
