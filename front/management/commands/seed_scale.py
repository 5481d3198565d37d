"""Fill the database with made-up national-scale data, fast: ``seed_scale`` (``--scale 0.01`` for
a hundredth of it). Used by the benchmarks in bench/, never by the service itself.

At scale 1: 9 regions, 150 forums, 100,000 parent carers (each an active member of one forum,
one of them its lead), 5,000 practitioners, one commissioner per region (with an
authenticator app and the region as their scope), 1,000 consultations with 2,000,000 answers,
5,000 Peer Network sessions with 60,000 bookings, and 2,000 schools in 40 cohorts.

Structure (regions, forums, consultations and their questions, cohorts) is made through the
services, as a person would; the many rows under it (people, memberships, consents, sent
answers, bookings, enrolments) are written with PostgreSQL's COPY in batches, obeying the same
rules: sent anonymous answers carry no person and dates cut to the day, a forum's members
answer its consultations once each, bookings never exceed a session's places, every
enrolment has its cohort's milestones.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import islice
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Consent, ConsentKind, Role, RoleStatus, Sector, User
from consultations import services as consultation_services
from consultations.models import (
    Answer,
    AnswerChoice,
    Choice,
    Consultation,
    Participation,
    Question,
    QuestionKind,
    Response,
    random_id,
)
from consultations.tallies import tallies_rebuild
from dashboards.models import CommissionerScope
from forums import services as forum_services
from forums.models import Forum, Membership, MembershipRole, MembershipStatus, NewsPost
from peer_network.models import Booking, BookingStatus, Reach, Seat, Session, SessionStatus
from programmes import services as programme_services
from programmes.models import Cohort, Enrolment, Milestone, Phase, Programme, School, SchoolType

REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
FULL = {
    "regions": 9,
    "forums": 150,
    "members": 100_000,
    "practitioners": 5_000,
    "consultations": 1_000,
    "answers": 2_000_000,
    "sessions": 5_000,
    "bookings": 60_000,
    "schools": 2_000,
    "cohorts": 40,
}
# The password every made-up account has, so that a person can sign in to look around.
PASSWORD = "scale-data-password-2026"  # noqa: S105 (made-up accounts in a bench database)
EMAIL_DOMAIN = "scale.example.org"
BATCH = 20_000
QUESTIONS_PER_CONSULTATION = 5
OPEN_SHARE = 0.3  # of consultations still open; the rest have closed
SESSION_PLACES = 20
LONG_TEXTS = [
    "Waiting lists for assessment are far too long.",
    "The short breaks scheme made a real difference to our family.",
    "School staff need more training in autism.",
    "We were not told about the local offer until our child was 9.",
    "Transport to school changes every term and it is very stressful.",
    "The forum helped us understand the EHCP process.",
]


def figures(scale: float) -> dict[str, int]:
    """Every figure at this scale, at least one of each."""
    return {name: max(1, round(value * scale)) for name, value in FULL.items()}


def batched(rows: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """Write rows (dicts by attribute name) into the model's table; columns left out take the
    field's default. COPY on PostgreSQL, a plain multi-row insert elsewhere."""
    now = timezone.now()
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
    ]
    columns = [f.column for f in fields]

    # Each missing column's value: the field's default, worked out once unless it must differ
    # from row to row (a random id, a UUID).
    constant: dict[str, Any] = {}
    per_row: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            constant[f.attname] = now
        elif f.has_default() and callable(f.default) and f.default is not timezone.now:
            per_row[f.attname] = f.default
        else:
            constant[f.attname] = now if f.default is timezone.now else f.get_default()
    names = [f.attname for f in fields]

    def filled(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            row[name] if name in row else per_row[name]() if name in per_row else constant[name]
            for name in names
        )

    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        for chunk in batched(rows):
            values = [filled(row) for row in chunk]
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor, for COPY
                with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                marks = ", ".join(["%s"] * len(columns))
                prepared = [
                    tuple(
                        f.get_db_prep_save(v, connection)
                        for f, v in zip(fields, value, strict=True)
                    )
                    for value in values
                ]
                # Names from the model's own metadata, values as parameters.
                sql = f"INSERT INTO {table} ({quoted}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, prepared)
            count += len(values)
    return count


class Command(BaseCommand):
    help = "Fill the database with made-up national-scale data (--scale 0.01 for a hundredth)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiply every figure by this (default 1)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args: Any, **options: Any) -> None:
        scale = options["scale"]
        if not 0 < scale <= 1:
            raise CommandError("--scale must be more than 0 and at most 1.")
        if User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
            raise CommandError("This database already holds scale data. Use a fresh database.")
        self.rng = random.Random(options["seed"])  # noqa: S311 (made-up data, not security)
        self.n = figures(scale)
        self.now = timezone.now()
        self.timings: dict[str, float] = {}
        started = time.perf_counter()
        self.step("forums", self.forums)
        self.step("people", self.people)
        self.step("consultations", self.consultations)
        self.step("answers", self.answers)
        self.step("tallies", self.tallies)
        self.step("sessions", self.sessions)
        self.step("schools", self.schools)
        self.step("analyse", self.analyse)
        total = time.perf_counter() - started
        counts = ", ".join(f"{k} {v:,}" for k, v in self.n.items())
        self.stdout.write(f"Scale data written in {total:.1f} s ({counts}).")

    def step(self, name: str, work: Any) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            work()
        self.timings[name] = time.perf_counter() - started
        self.stdout.write(f"  {name}: {self.timings[name]:.1f} s")

    # Regions and forums, through the services.
    def forums(self) -> None:
        self.regions = [
            forum_services.region_ensure(name=name) for name in REGIONS[: self.n["regions"]]
        ]
        self.forum_list: list[Forum] = []
        for index in range(self.n["forums"]):
            region = self.regions[index % len(self.regions)]
            forum = forum_services.forum_ensure_for_area(
                region=region, area_name=f"Scaleshire {index + 1:03d}"
            )
            self.forum_list.append(forum)
        copy_rows(
            NewsPost,
            (
                {
                    "forum_id": forum.pk,
                    "title": "Coffee morning next week",
                    "body": "Come and meet other parent carers.",
                    "published_at": self.now - timedelta(days=2),
                }
                for forum in self.forum_list
            ),
        )

    # Parent carers (members of one forum each), practitioners, commissioners.
    def people(self) -> None:
        self.password = password = make_password(PASSWORD)
        members, practitioners = self.n["members"], self.n["practitioners"]
        joined = self.now - timedelta(days=200)
        copy_rows(
            User,
            (
                {
                    "email": f"parent{i:06d}@{EMAIL_DOMAIN}",
                    "full_name": f"Parent Carer {i}",
                    "password": password,
                    "date_joined": joined,
                }
                for i in range(members)
            ),
        )
        sectors = list(Sector.values)
        copy_rows(
            User,
            (
                {
                    "email": f"practitioner{i:05d}@{EMAIL_DOMAIN}",
                    "full_name": f"Practitioner {i}",
                    "password": password,
                    "role": Role.PRACTITIONER,
                    "role_status": RoleStatus.APPROVED,
                    "role_decided_at": joined,
                    "sector": sectors[i % len(sectors)],
                    "organisation": "Scaleshire Council",
                    "date_joined": joined,
                }
                for i in range(practitioners)
            ),
        )
        ours = User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("pk")
        self.member_ids = list(ours.filter(role=Role.PARENT_CARER).values_list("pk", flat=True))
        self.practitioner_ids = list(
            ours.filter(role=Role.PRACTITIONER).values_list("pk", flat=True)
        )
        # Member i belongs to forum i mod forums; the first of each forum leads it.
        forums = self.forum_list
        self.members_of: dict[int, list[int]] = {f.pk: [] for f in forums}
        for index, pk in enumerate(self.member_ids):
            self.members_of[forums[index % len(forums)].pk].append(pk)
        self.lead_of = {forum_pk: ids[0] for forum_pk, ids in self.members_of.items() if ids}
        copy_rows(
            Membership,
            (
                {
                    "forum_id": forum_pk,
                    "user_id": pk,
                    "role": MembershipRole.LEAD if n == 0 else MembershipRole.MEMBER,
                    "status": MembershipStatus.ACTIVE,
                    "requested_at": joined,
                    "joined_at": joined,
                }
                for forum_pk, ids in self.members_of.items()
                for n, pk in enumerate(ids)
            ),
        )
        copy_rows(
            Consent,
            (
                {"user_id": pk, "kind": ConsentKind.PRIVACY_NOTICE, "version": "2026-11"}
                for pk in [*self.member_ids, *self.practitioner_ids]
            ),
        )
        # Confirmed addresses, as after signing up, so that anyone can sign in.
        copy_rows(
            EmailAddress,
            (
                {"user_id": pk, "email": email, "verified": True, "primary": True}
                for pk, email in ours.values_list("pk", "email").iterator(chunk_size=BATCH)
            ),
        )
        self.commissioners()

    def commissioners(self) -> None:
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        for region in self.regions:
            user = User.objects.create(
                email=f"commissioner.{region.slug}@{EMAIL_DOMAIN}",
                password=self.password,
                full_name=f"Commissioner for {region.name}",
                role=Role.COMMISSIONER,
                role_status=RoleStatus.APPROVED,
                organisation="Integrated Care Board",
            )
            Consent.objects.create(user=user, kind=ConsentKind.PRIVACY_NOTICE, version="2026-11")
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            TOTP.activate(user, generate_totp_secret())
            CommissionerScope.objects.create(user=user, region=region)

    # Consultations and their questions, through the services, as each forum's lead.
    def consultations(self) -> None:
        leads = {pk: User.objects.get(pk=pk) for pk in self.lead_of.values()}
        self.consultation_list: list[Consultation] = []
        count = self.n["consultations"]
        open_from = count - max(1, round(count * OPEN_SHARE))
        for index in range(count):
            forum = self.forum_list[index % len(self.forum_list)]
            lead = leads[self.lead_of[forum.pk]]
            consultation = consultation_services.consultation_create(
                created_by=lead,
                forum=forum,
                identity_mode="anonymous",
                title=f"Short breaks in {forum.name} ({index + 1})",
                summary="Tell us what you think of short breaks.",
                opens_at=self.now - timedelta(days=60),
                closes_at=self.now + timedelta(days=30),
                consent_statement="We may quote you without your name.",
            )
            section = consultation_services.section_add(
                consultation=consultation, edited_by=lead, title="Your views"
            )
            for kind, text, choices in (
                (QuestionKind.SINGLE, "How old is your child?", ["0 to 4", "5 to 10", "11+"]),
                (
                    QuestionKind.MULTIPLE,
                    "Which short breaks do you use?",
                    ["Clubs", "Holiday schemes", "Overnight stays", "None"],
                ),
                (QuestionKind.SCALE, "How satisfied are you?", []),
                (QuestionKind.AGREEMENT, "I feel listened to", []),
                (QuestionKind.LONG_TEXT, "What would make things better?", []),
            ):
                consultation_services.question_add(
                    section=section,
                    edited_by=lead,
                    kind=kind,
                    text=text,
                    required=kind == QuestionKind.SINGLE,
                    choices=choices,
                    max_choices=2 if kind == QuestionKind.MULTIPLE else None,
                )
            consultation_services.consultation_launch(consultation=consultation, launched_by=lead)
            if index < open_from:
                consultation_services.consultation_close_now(
                    consultation=consultation, closed_by=lead
                )
            self.consultation_list.append(consultation)

    # Sent anonymous answers: no person, random ids, dates cut to the day; each answering
    # member's participation noted apart.
    def answers(self) -> None:
        per = self.n["answers"] // (self.n["consultations"] * QUESTIONS_PER_CONSULTATION)
        questions: dict[int, list[Question]] = {}
        choices: dict[int, list[int]] = {}
        for question in (
            Question.objects.filter(section__consultation__in=self.consultation_list)
            .select_related("section")
            .order_by("position")
        ):
            questions.setdefault(question.section.consultation_id, []).append(question)
        for question_id, choice_id in Choice.objects.filter(
            question__section__consultation__in=self.consultation_list
        ).values_list("question_id", "pk"):
            choices.setdefault(question_id, []).append(choice_id)
        rng = self.rng
        responses: list[dict[str, Any]] = []
        answers: list[dict[str, Any]] = []
        picks: list[dict[str, Any]] = []
        participations: list[dict[str, Any]] = []
        reference = 0

        def flush() -> None:
            copy_rows(Response, responses)
            copy_rows(Answer, answers)
            copy_rows(AnswerChoice, picks)
            copy_rows(Participation, participations)
            for rows in (responses, answers, picks, participations):
                rows.clear()

        for consultation in self.consultation_list:
            if consultation.forum_id is None:
                continue
            # Members who took part: at most half the forum, so that others are left to answer.
            people = self.members_of[consultation.forum_id][1:]  # not the lead
            for member in rng.sample(people, min(per, len(people) // 2)):
                participations.append(
                    {"id": random_id(), "consultation_id": consultation.pk, "user_id": member}
                )
            for _ in range(per):
                reference += 1
                day = consultation_services.day_of(self.now - timedelta(days=rng.randint(1, 50)))
                response_id = random_id()
                responses.append(
                    {
                        "id": response_id,
                        "consultation_id": consultation.pk,
                        "respondent_type": "parent_carer",
                        "forum_id": consultation.forum_id,
                        "reference": f"CP-SCALE-{reference:08d}",
                        "started_at": day,
                        "updated_at": day,
                        "submitted_at": day,
                        "quote_consent": rng.random() < 0.6,
                    }
                )
                for question in questions[consultation.pk]:
                    answer_id = random_id()
                    row: dict[str, Any] = {
                        "id": answer_id,
                        "response_id": response_id,
                        "question_id": question.pk,
                    }
                    options = choices.get(question.pk, [])
                    if question.kind == QuestionKind.LONG_TEXT:
                        row["text"] = rng.choice(LONG_TEXTS)
                    elif question.kind == QuestionKind.SCALE:
                        row["number"] = rng.choices(question.scale_values, [1, 2, 3, 3, 1])[0]
                    elif question.kind == QuestionKind.MULTIPLE:
                        for choice in rng.sample(options, rng.randint(1, 2)):
                            picks.append(
                                {"id": random_id(), "answer_id": answer_id, "choice_id": choice}
                            )
                    else:
                        picks.append(
                            {
                                "id": random_id(),
                                "answer_id": answer_id,
                                "choice_id": rng.choice(options),
                            }
                        )
                    answers.append(row)
            if len(answers) >= 5 * BATCH:
                flush()
        flush()

    # Peer Network sessions, a third each reaching the whole network, a region and a forum,
    # booked by people they reach, never beyond their places.
    def sessions(self) -> None:
        rng = self.rng
        count = self.n["sessions"]
        per = min(SESSION_PLACES, max(1, self.n["bookings"] // count))
        by_region: dict[int, list[int]] = {}
        for forum in self.forum_list:
            by_region.setdefault(forum.region_id, []).extend(self.members_of[forum.pk])
        rows = []
        plans: list[tuple[uuid.UUID, list[int]]] = []
        for index in range(count):
            forum = self.forum_list[index % len(self.forum_list)]
            reach = [Reach.NETWORK, Reach.REGION, Reach.FORUM][index % 3]
            starts = self.now + timedelta(days=rng.randint(-90, 90), hours=rng.randint(0, 8))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            pool = {
                Reach.NETWORK: self.member_ids,
                Reach.REGION: by_region[forum.region_id],
                Reach.FORUM: self.members_of[forum.pk],
            }[reach]
            uid = uuid.UUID(int=rng.getrandbits(128), version=4)
            plans.append((uid, rng.sample(pool, min(per, len(pool)))))
            rows.append(
                {
                    "title": f"Peer support session {index + 1}",
                    "description": "An hour to talk with other parent carers.",
                    "joining_link": "https://meet.example.org/peer",
                    "starts_at": starts,
                    "ends_at": starts + timedelta(hours=1),
                    "reach": reach,
                    "region_id": forum.region_id if reach == Reach.REGION else None,
                    "forum_id": forum.pk if reach == Reach.FORUM else None,
                    "status": SessionStatus.SCHEDULED,
                    "capacity": SESSION_PLACES,
                    "calendar_uid": uid,
                    "created_by_id": self.practitioner_ids[index % len(self.practitioner_ids)],
                }
            )
        copy_rows(Session, rows)
        session_of = dict(
            Session.objects.filter(calendar_uid__in=[uid for uid, _ in plans]).values_list(
                "calendar_uid", "pk"
            )
        )
        hosts = Session.hosts.through
        copy_rows(
            hosts,
            (
                {"session_id": session_of[uid], "user_id": row["created_by_id"]}
                for (uid, _), row in zip(plans, rows, strict=True)
            ),
        )
        booked = self.now - timedelta(days=100)
        copy_rows(
            Booking,
            (
                {
                    "session_id": session_of[uid],
                    "user_id": user_id,
                    "status": BookingStatus.CONFIRMED,
                    "seat": Seat.ANY,
                    "queued_at": booked,
                    "confirmed_at": booked,
                }
                for uid, people in plans
                for user_id in people
            ),
        )

    # Schools in cohorts of one school programme, each enrolment with its milestones.
    def schools(self) -> None:
        framework = programme_services.autism_inclusion_framework_ensure()
        programme, _ = Programme.objects.get_or_create(
            name="Autism inclusion in schools (scale data)", defaults={"framework": framework}
        )
        areas = [forum.council_areas.get() for forum in self.forum_list]
        phases, types = list(Phase.values), list(SchoolType.values)
        copy_rows(
            School,
            (
                {
                    "name": f"Scaleshire School {i + 1}",
                    "urn": f"{900000 + i:06d}",
                    "council_area_id": areas[i % len(areas)].pk,
                    "phase": phases[i % len(phases)],
                    "school_type": types[i % len(types)],
                }
                for i in range(self.n["schools"])
            ),
        )
        schools = list(
            School.objects.filter(name__startswith="Scaleshire School ")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        cohorts = []
        for index in range(self.n["cohorts"]):
            starts = date(2025 + index % 2, 9, 1)
            cohort = Cohort.objects.create(
                programme=programme,
                name=f"Cohort {index + 1}",
                starts_on=starts,
                ends_on=starts + timedelta(days=365),
                baseline_due_on=starts + timedelta(days=30),
                training_due_on=starts + timedelta(days=90),
                parent_group_due_on=starts + timedelta(days=120),
                review_due_on=starts + timedelta(days=300),
                family_survey_on=starts + timedelta(days=330),
            )
            cohort.leads.add(self.practitioner_ids[index % len(self.practitioner_ids)])
            cohort.council_areas.add(areas[index % len(areas)])
            cohorts.append(cohort)
        copy_rows(
            Enrolment,
            (
                {
                    "cohort_id": cohorts[i % len(cohorts)].pk,
                    "school_id": school,
                    "enrolled_on": cohorts[i % len(cohorts)].starts_on,
                }
                for i, school in enumerate(schools)
            ),
        )
        due: dict[int, Cohort] = {c.pk: c for c in cohorts}
        copy_rows(
            Milestone,
            (
                {
                    "enrolment_id": enrolment_pk,
                    "kind": kind,
                    "due_on": getattr(due[cohort_pk], attribute),
                }
                for enrolment_pk, cohort_pk in Enrolment.objects.filter(
                    cohort__in=cohorts
                ).values_list("pk", "cohort_id")
                for kind, attribute in programme_services.MILESTONE_DATES.items()
            ),
        )

    # Answers written in bulk bypass the services that keep the results' tallies: count them.
    def tallies(self) -> None:
        for consultation in self.consultation_list:
            tallies_rebuild(consultation)

    def analyse(self) -> None:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
