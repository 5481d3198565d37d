"""Programmes, cohorts and schools for tests. The framework is the one Coproduce ships with
(4 areas of 4 standards); ratings go through the service, as schools make them."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from factory.declarations import Sequence, SubFactory
from factory.django import DjangoModelFactory

from accounts.models import User
from programmes import services
from programmes.models import (
    Cohort,
    ContactRole,
    Enrolment,
    Programme,
    School,
    SchoolContact,
    Standard,
    Theme,
    TrainingModule,
)
from programmes.services import RatingValue
from tests.accounts.factories import UserFactory
from tests.forums.factories import CouncilAreaFactory

MODULES = ("Understanding autism", "Sensory needs in the classroom", "Working with families")


def programme_make(name: str = "Autism inclusion") -> Programme:
    programme, _ = Programme.objects.get_or_create(
        name=name, defaults={"framework": services.autism_inclusion_framework_ensure()}
    )
    for order, title in enumerate(MODULES, start=1):
        TrainingModule.objects.get_or_create(programme=programme, title=title, order=order)
    return programme


def cohort_make(
    *, leads: list[User] | None = None, name: str = "Cohort", start: date | None = None
) -> Cohort:
    """A cohort that started ``start`` (a year ago by default), so its milestones fall due in
    turn: baseline after 1 month, training after 3, parent group after 4, review after 9, family
    survey after 11."""
    start = start or timezone.localdate() - timedelta(days=365)
    cohort = Cohort.objects.create(
        programme=programme_make(),
        name=name,
        starts_on=start,
        ends_on=start + timedelta(days=400),
        baseline_due_on=start + timedelta(days=30),
        training_due_on=start + timedelta(days=90),
        parent_group_due_on=start + timedelta(days=120),
        review_due_on=start + timedelta(days=270),
        family_survey_on=start + timedelta(days=330),
    )
    cohort.leads.set(leads or [])
    return cohort


class SchoolFactory(DjangoModelFactory[School]):
    class Meta:
        model = School

    name = Sequence(lambda n: f"School {n}")
    urn = Sequence(lambda n: f"{100000 + n}")
    council_area = SubFactory(CouncilAreaFactory)
    phase = "primary"
    school_type = "academy"


def enrol(
    cohort: Cohort, *, contact: User | None = None, school: School | None = None
) -> Enrolment:
    school = school or SchoolFactory.create()
    if contact is not None:
        SchoolContact.objects.get_or_create(
            school=school, user=contact, defaults={"role": ContactRole.SENCO}
        )
    return services.enrolment_create(cohort=cohort, school=school, enrolled_on=cohort.starts_on)


def contact_make(email: str | None = None) -> User:
    if email:
        return UserFactory.create(email=email, practitioner=True, sector="education")
    return UserFactory.create(practitioner=True, sector="education")


def standards() -> list[Standard]:
    return list(Standard.objects.in_framework(services.autism_inclusion_framework_ensure().pk))


def rate_all(
    enrolment: Enrolment,
    kind: str,
    levels: list[int] | int,
    *,
    by: User,
    submit: bool = True,
) -> None:
    """Rate every standard (one level for all, or one per standard in order) and submit."""
    every = standards()
    values = levels if isinstance(levels, list) else [levels] * len(every)
    services.round_save(
        enrolment=enrolment,
        kind=kind,
        saved_by=by,
        ratings={
            s.pk: RatingValue(level=v, evidence=f"Seen {v}")
            for s, v in zip(every, values, strict=True)
        },
        submit=submit,
    )


GROUP_THEMES = ("Strengths", "Friendships", "School", "Feeling overwhelmed")


def group_make(*, leads: list[User] | None = None, name: str = "Young people's group") -> Cohort:
    """A young people's group (a cohort of a young people's programme) covering two areas."""
    programme, _ = Programme.objects.get_or_create(
        name="Young people's groups", defaults={"kind": "young_people"}
    )
    for theme in GROUP_THEMES:
        Theme.objects.get_or_create(programme=programme, name=theme)
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=programme,
        name=name,
        starts_on=today - timedelta(days=90),
        ends_on=today + timedelta(days=90),
        baseline_due_on=today,
        training_due_on=today,
        parent_group_due_on=today,
        review_due_on=today,
        family_survey_on=today,
    )
    cohort.leads.set(leads or [])
    cohort.council_areas.set([CouncilAreaFactory.create(), CouncilAreaFactory.create()])
    return cohort
