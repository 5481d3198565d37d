"""Consultations for tests and benchmarks.

The model factories write rows directly, for tests that need one object in a given state.
``make_consultation`` and ``consultation_with_responses`` build through the services, as a lead
would, and add sent answers in bulk, stored as sent anonymous answers are
(docs/anonymous-answers.md): no person, no key, random ids, dates cut to the day.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from factory.declarations import (
    LazyFunction,
    PostGeneration,
    SelfAttribute,
    Sequence,
    SubFactory,
    Trait,
)
from factory.django import DjangoModelFactory

from accounts.models import User
from consultations import exports, services
from consultations.demo import synthetic_responses
from consultations.models import (
    Action,
    ActionStatus,
    Answer,
    AnswerChoice,
    Choice,
    Consultation,
    ExportJob,
    OwnerType,
    Question,
    QuestionKind,
    RespondentType,
    Response,
    Section,
    Theme,
)
from consultations.services import day_of
from consultations.tallies import tallies_count_in, tallies_follow
from forums.models import Forum
from tests.forums.factories import ForumFactory


# factory_boy calls these once the object is made; post_generation carries no types.
def _audience_forums_set(
    consultation: Consultation, create: bool, extracted: list[Forum] | None, **kwargs: object
) -> None:
    if create:
        if extracted is None:
            assert consultation.forum is not None
            extracted = [consultation.forum]
        consultation.audience_forums.set(extracted)


def _themes_set(
    action: Action, create: bool, extracted: list[Theme] | None, **kwargs: object
) -> None:
    if create and extracted:
        action.themes.set(extracted)


class ConsultationFactory(DjangoModelFactory[Consultation]):
    """A draft forum consultation, open from yesterday for two weeks once launched; its own forum
    is its audience, as ``consultation_create`` makes it."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    forum = SubFactory(ForumFactory)
    title = Sequence(lambda n: f"Consultation {n}")
    summary = "Tell us what you think."
    opens_at = LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = LazyFunction(lambda: timezone.now() + timedelta(days=14))

    class Params:
        launched = Trait(launched_at=LazyFunction(timezone.now))

    audience_forums = PostGeneration(_audience_forums_set)


class SectionFactory(DjangoModelFactory[Section]):
    class Meta:
        model = Section

    consultation = SubFactory(ConsultationFactory)
    title = Sequence(lambda n: f"Page {n}")
    position = Sequence(lambda n: n)


class QuestionFactory(DjangoModelFactory[Question]):
    """A short-text question; for a kind with options, add them with ``ChoiceFactory``."""

    class Meta:
        model = Question

    section = SubFactory(SectionFactory)
    kind = QuestionKind.SHORT_TEXT
    text = Sequence(lambda n: f"Question {n}")
    position = Sequence(lambda n: n)


class ChoiceFactory(DjangoModelFactory[Choice]):
    class Meta:
        model = Choice

    question = SubFactory(QuestionFactory, kind=QuestionKind.SINGLE)
    text = Sequence(lambda n: f"Option {n}")
    position = Sequence(lambda n: n)


def _response_of(row: Response | Answer | AnswerChoice) -> Response:
    if isinstance(row, Response):
        return row
    return row.response if isinstance(row, Answer) else row.answer.response


class _Tallied:
    """Rows written directly still count in the results, as the services would count them:
    the tallies follow what the new row adds (nothing, for a draft)."""

    @classmethod
    def _create(cls, model_class: type[Any], *args: Any, **kwargs: Any) -> Any:
        made = model_class(*args, **kwargs)
        response = _response_of(made)
        if response.pk is None or not Response.objects.filter(pk=response.pk).exists():
            made.save()
            tallies_count_in(response.consultation_id, [response.pk])
            return made
        with tallies_follow(response.consultation_id, [response.pk]):
            made.save()
        return made


class ResponseFactory(_Tallied, DjangoModelFactory[Response]):
    """Sent anonymous answers: no person, no key, every date cut to the day. ``draft=True``
    gives a draft instead, linked to ``respondent``."""

    class Meta:
        model = Response

    consultation = SubFactory(ConsultationFactory, launched=True)
    respondent_type = RespondentType.PARENT_CARER
    forum = SelfAttribute("consultation.forum")
    reference = Sequence(lambda n: f"CP-TEST-{n:05d}")
    started_at = LazyFunction(lambda: day_of(timezone.now()))
    updated_at = SelfAttribute("started_at")
    submitted_at = SelfAttribute("started_at")

    class Params:
        draft = Trait(
            started_at=LazyFunction(timezone.now),
            submitted_at=None,
            respondent=SubFactory("tests.accounts.factories.UserFactory"),
        )


class AnswerFactory(_Tallied, DjangoModelFactory[Answer]):
    """An answer to a question of the response's own consultation."""

    class Meta:
        model = Answer

    response = SubFactory(ResponseFactory)
    question = SubFactory(
        QuestionFactory, section__consultation=SelfAttribute("...response.consultation")
    )
    text = "An answer"


class AnswerChoiceFactory(_Tallied, DjangoModelFactory[AnswerChoice]):
    class Meta:
        model = AnswerChoice

    answer = SubFactory(AnswerFactory, text="")
    choice = SubFactory(ChoiceFactory, question=SelfAttribute("..answer.question"))


class ThemeFactory(DjangoModelFactory[Theme]):
    class Meta:
        model = Theme

    consultation = SubFactory(ConsultationFactory, launched=True)
    name = Sequence(lambda n: f"Theme {n}")


class ActionFactory(DjangoModelFactory[Action]):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    consultation = SubFactory(ConsultationFactory, launched=True)
    title = Sequence(lambda n: f"Action {n}")
    owner_type = OwnerType.COUNCIL
    owner_name = "Example Council"
    status = ActionStatus.PLANNED

    themes = PostGeneration(_themes_set)


def make_consultation(
    forum: Forum,
    lead: User,
    *,
    identity_mode: str = "anonymous",
    launch: bool = True,
    **extra: str,
) -> Consultation:
    """A two-page consultation with one question of each kind, built by the forum's lead;
    ``extra`` sets other text fields of ``consultation_create`` (title, audience, ...)."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "title": "Short breaks",
        "summary": "Tell us about short breaks.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=14),
        "consent_statement": "We may quote you without your name.",
        **extra,
    }
    consultation = services.consultation_create(
        created_by=lead, forum=forum, identity_mode=identity_mode, **fields
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


# In the order the benchmark's published figures were measured with.
WIDE_KINDS = (
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.SCALE,
    QuestionKind.AGREEMENT,
    QuestionKind.YES_NO,
    QuestionKind.LONG_TEXT,
    QuestionKind.PRIORITIES,
    QuestionKind.SHORT_TEXT,
)


def make_wide_consultation(
    forum: Forum, lead: User, *, pages: int, per_page: int = 5, **extra: str
) -> Consultation:
    """A launched consultation of ``pages`` pages of ``per_page`` questions, every kind in turn,
    each kind with options given five of them: the shape the results benchmark measures."""
    now = timezone.now()
    fields: dict[str, Any] = {
        "title": "Every kind of question",
        "summary": "Questions of every kind.",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=1),
        **extra,
    }
    consultation = services.consultation_create(created_by=lead, forum=forum, **fields)
    for page in range(pages):
        section = services.section_add(
            consultation=consultation, edited_by=lead, title=f"Page {page + 1}"
        )
        for n in range(per_page):
            number = page * per_page + n
            services.question_add(
                section=section,
                edited_by=lead,
                kind=WIDE_KINDS[number % len(WIDE_KINDS)],
                text=f"Question {number + 1}",
                choices=["One", "Two", "Three", "Four", "Five"],
                max_choices=3,
            )
    services.consultation_launch(consultation=consultation, launched_by=lead)
    return consultation


# Written a thousand responses at a time, so that memory stays flat however many are asked for.
BATCH = 1000


def responses_add(consultation: Consultation, count: int, *, seed: int = 1) -> None:
    """``count`` sent anonymous responses with plausible answers to every question, written in
    bulk (the demo data's generator). The same seed gives the same answers; references are
    made from the seed, so two calls in one database need seeds at least ``count / 1000``
    apart."""
    for batch, start in enumerate(range(0, count, BATCH)):
        synthetic_responses(consultation, min(BATCH, count - start), seed=seed + batch)


def consultation_with_responses(
    forum: Forum,
    lead: User,
    *,
    responses: int,
    pages: int | None = None,
    seed: int = 1,
    **extra: str,
) -> Consultation:
    """A launched consultation with ``responses`` sent anonymous responses: by default the
    two-page one of ``make_consultation``, or with ``pages`` the wide one of
    ``make_wide_consultation``."""
    if pages is None:
        consultation = make_consultation(forum, lead, launch=True, **extra)
    else:
        consultation = make_wide_consultation(forum, lead, pages=pages, per_page=5, **extra)
    responses_add(consultation, responses, seed=seed)
    return consultation


def export_job_ready(consultation: Consultation, lead: User, file_format: str = "csv") -> ExportJob:
    """A large export the lead asked for, written to the exports folder as the job would."""
    job = exports.export_job_start(
        consultation=consultation, requested_by=lead, file_format=file_format
    )
    exports.export_job_run(job.pk)
    job.refresh_from_db()
    return job
