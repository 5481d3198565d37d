"""Many submitted responses at once, written in bulk for tests and benchmarks."""

from __future__ import annotations

import random
import secrets

from django.utils import timezone

from consultations.models import (
    Answer,
    AnswerChoice,
    Consultation,
    Question,
    QuestionKind,
    Response,
)

TEXTS = [
    "Waiting lists are too long",
    "School does not understand",
    "Holiday clubs help",
    "We need respite",
]


def bulk_responses(consultation: Consultation, count: int, *, seed: int = 1, forum=None) -> None:
    rng = random.Random(seed)
    questions = list(
        Question.objects.filter(section__consultation=consultation).prefetch_related("choices")
    )
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            consultation=consultation,
            anonymous_key=secrets.token_hex(32),
            respondent_type=rng.choice(["parent_carer", "practitioner"]),
            forum=forum or consultation.forum,
            reference=f"T-{seed}-{n}-{secrets.token_hex(3)}",
            submitted_at=now,
            quote_consent=rng.random() < 0.5,
        )
        for n in range(count)
    )
    answers, picks = [], []
    for response in responses:
        for question in questions:
            choices = list(question.choices.all())
            if question.is_text:
                answers.append(Answer(response=response, question=question, text=rng.choice(TEXTS)))
            elif question.kind == QuestionKind.SCALE:
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        number=rng.randint(question.scale_min, question.scale_max),
                    )
                )
            else:
                answers.append(Answer(response=response, question=question))
    answers = Answer.objects.bulk_create(answers, batch_size=2000)
    by_question = {q.pk: q for q in questions}
    for answer in answers:
        question = by_question[answer.question_id]
        choices = list(question.choices.all())
        if not choices:
            continue
        if question.kind == QuestionKind.PRIORITIES:
            for rank, choice in enumerate(rng.sample(choices, question.max_choices or 2), 1):
                picks.append(AnswerChoice(answer=answer, choice=choice, rank=rank))
        elif question.kind == QuestionKind.MULTIPLE:
            for choice in rng.sample(choices, 2):
                picks.append(AnswerChoice(answer=answer, choice=choice))
        else:
            picks.append(AnswerChoice(answer=answer, choice=rng.choice(choices)))
    AnswerChoice.objects.bulk_create(picks, batch_size=5000)
