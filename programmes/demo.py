"""Programmes demo data: a North East cohort of the autism-inclusion programme with 8 schools at
different stages, and a young people's group in Gateshead and Sunderland with six meetings; the
latest is today, with its feedback form open for a few hours and six young people's answers.
school@example.org is a contact for Low Fell Primary School (which has its
baseline submitted and an action plan started) and lead@example.org leads the cohort. Safe to run
again: schools are found by URN, rounds and records are left as they are once made."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Role, Sector, User
from consultations.models import Question
from forums.models import CouncilArea
from programmes import services
from programmes.models import (
    AssessmentRound,
    Cohort,
    ContactRole,
    Enrolment,
    GroupMeeting,
    Programme,
    ProgrammeKind,
    SchoolContact,
    Standard,
    Theme,
    TrainingModule,
)
from programmes.services import ActionDetails, RatingValue

PROGRAMME_NAME = "Autism inclusion in mainstream schools"
COHORT_NAME = "North East cohort 2026"
MODULES = (
    "Understanding autism",
    "Sensory needs in the classroom",
    "Working with families",
    "Reducing distress",
)


@dataclass(frozen=True)
class DemoSchool:
    name: str
    urn: str
    area: str
    phase: str
    school_type: str
    # Where it has got to: "none", "draft", "baseline", "review".
    rounds: str
    training: bool
    meeting: bool


# URNs in the 99xxxx range, so that none is a real school's.
SCHOOLS = [
    DemoSchool(
        "Low Fell Primary School",
        "990101",
        "Gateshead",
        "primary",
        "maintained",
        "baseline",
        True,
        True,
    ),
    DemoSchool(
        "Riverside Academy", "990102", "Sunderland", "secondary", "academy", "review", True, True
    ),
    DemoSchool(
        "Wearmouth Community Primary",
        "990103",
        "Sunderland",
        "primary",
        "maintained",
        "review",
        True,
        False,
    ),
    DemoSchool(
        "Tyne View School",
        "990104",
        "South Tyneside",
        "secondary",
        "academy",
        "baseline",
        False,
        True,
    ),
    DemoSchool(
        "Hollins Hill Primary",
        "990105",
        "County Durham",
        "primary",
        "maintained",
        "baseline",
        True,
        True,
    ),
    DemoSchool(
        "Coble Dene All-Through School",
        "990106",
        "North Tyneside",
        "all_through",
        "academy",
        "draft",
        False,
        False,
    ),
    DemoSchool(
        "Tees Bank Free School",
        "990107",
        "Stockton-on-Tees",
        "secondary",
        "free",
        "none",
        False,
        False,
    ),
    DemoSchool(
        "Keelmen's Special School",
        "990108",
        "Newcastle upon Tyne",
        "special",
        "maintained",
        "baseline",
        False,
        False,
    ),
]


def _levels(seed: int, count: int, lift: int = 0) -> list[int]:
    """Levels that vary from standard to standard, the same on every run."""
    return [min(4, 1 + (seed + index) % 3 + lift) for index in range(count)]


def _programme() -> Programme:
    programme, _ = Programme.objects.get_or_create(
        name=PROGRAMME_NAME,
        defaults={
            "description": (
                "A year-long programme for mainstream schools: a self-assessment against the "
                "autism-inclusion standards, an action plan, staff training, a parent carer "
                "group in school and a survey of families."
            ),
            "framework": services.autism_inclusion_framework_ensure(),
        },
    )
    for order, title in enumerate(MODULES, start=1):
        TrainingModule.objects.get_or_create(
            programme=programme, title=title, defaults={"order": order}
        )
    return programme


def _cohort(programme: Programme, lead: User) -> Cohort:
    start = timezone.localdate() - timedelta(days=200)
    cohort, _ = Cohort.objects.get_or_create(
        programme=programme,
        name=COHORT_NAME,
        defaults={
            "starts_on": start,
            "ends_on": start + timedelta(days=365),
            "baseline_due_on": start + timedelta(days=30),
            "training_due_on": start + timedelta(days=90),
            "parent_group_due_on": start + timedelta(days=120),
            "review_due_on": start + timedelta(days=240),
            "family_survey_on": start + timedelta(days=300),
        },
    )
    cohort.leads.add(lead)
    return cohort


def _area(name: str) -> CouncilArea:
    area = CouncilArea.objects.filter(name=name).first()
    if area is None:
        area = CouncilArea.objects.order_by("name").first()
    if area is None:
        raise LookupError("Load the forums' demo data first: it holds the council areas.")
    return area


def _contact(demo: DemoSchool, users: dict[str, User]) -> User:
    if demo.urn == "990101":
        return users["school@example.org"]
    slug = demo.name.lower().split()[0].replace("'", "")
    return demo_user(
        email=f"senco.{slug}@example.org",
        full_name=f"SENCO at {demo.name}",
        role=Role.PRACTITIONER,
        sector=Sector.EDUCATION,
        organisation=demo.name,
    )


def _work(enrolment: Enrolment, demo: DemoSchool, index: int, contact: User, lead: User) -> None:
    """A school's rounds, actions, training and meetings, once."""
    if AssessmentRound.objects.filter(enrolment=enrolment).exists():
        return
    standards = list(Standard.objects.in_framework(enrolment.cohort.programme.framework_id))

    def rate(kind: str, levels: list[int], submit: bool) -> None:
        services.round_save(
            enrolment=enrolment,
            kind=kind,
            saved_by=contact,
            ratings={
                s.pk: RatingValue(level=level, evidence="Seen in lessons and at break times.")
                for s, level in zip(standards, levels, strict=True)
            },
            submit=submit,
        )

    if demo.rounds in ("draft", "baseline", "review"):
        rate("baseline", _levels(index, len(standards)), submit=demo.rounds != "draft")
    if demo.rounds == "review":
        rate("review", _levels(index, len(standards), lift=1), submit=True)
    if demo.rounds in ("baseline", "review"):
        for standard, action, owner in (
            (standards[0], "Write a one-page profile with each autistic pupil and family", "SENCO"),
            (standards[13], "Set up a quiet room open at break and lunch", "Deputy head"),
        ):
            services.action_create(
                enrolment=enrolment,
                created_by=contact,
                details=ActionDetails(
                    standard_id=standard.pk,
                    action=action,
                    owner=owner,
                    due_on=enrolment.cohort.review_due_on,
                    status="in_progress" if demo.rounds == "review" else "not_started",
                ),
            )
    modules = TrainingModule.objects.filter(programme_id=enrolment.cohort.programme_id)
    if demo.training:
        services.training_save(
            enrolment=enrolment,
            recorded_by=contact,
            counts={module.pk: 4 + (index + module.order) % 9 for module in modules},
        )
    if demo.meeting:
        services.meeting_record(
            enrolment=enrolment,
            recorded_by=lead,
            held_on=enrolment.cohort.parent_group_due_on - timedelta(days=7),
            attendance=5 + index,
            themes="Starting school, lunchtimes, homework",
        )


GROUP_PROGRAMME = "Young people's groups"
GROUP_NAME = "Exploring autism together, Gateshead and Sunderland"
GROUP_THEMES = (
    "Strengths and interests",
    "Friendships",
    "School and college",
    "Feeling overwhelmed",
    "Telling people about autism",
    "Looking ahead",
)
# (days ago, place, area, counts by age band, themes by position, a quote or "")
GROUP_MEETINGS = [
    (160, "Gateshead Youth Hub", "Gateshead", {"11_13": 4, "14_16": 3}, (0, 1), ""),
    (130, "Sunderland Young People's Centre", "Sunderland", {"14_16": 5, "17_19": 2}, (0, 2), ""),
    (
        100,
        "Gateshead Youth Hub",
        "Gateshead",
        {"11_13": 5, "14_16": 4},
        (3,),
        "When it gets too loud I need a way out that doesn't get me in trouble.",
    ),
    (70, "Sunderland Young People's Centre", "Sunderland", {"14_16": 6, "17_19": 3}, (4, 1), ""),
    (40, "Gateshead Youth Hub", "Gateshead", {"11_13": 3, "14_16": 5}, (2, 3), ""),
    (
        0,
        "Sunderland Young People's Centre",
        "Sunderland",
        {"14_16": 4, "17_19": 4},
        (5, 0),
        "I'm good at noticing things other people miss.",
    ),
]


# The pictures six young people chose (by position), question by question.
FEEDBACK_ANSWERS = [(0, 0, 0), (0, 0, 1), (1, 1, 0), (0, 0, 0), (2, 1, 1), (1, 0, 0)]


def _feedback(meeting: GroupMeeting, lead: User) -> None:
    """Today's meeting's feedback form, open from an hour ago for three hours (within today),
    with six young people's answers. Just before midnight there is no time left today, so the
    form is left for the lead to make."""
    now = timezone.localtime()
    starts = max(now - timedelta(hours=1), now.replace(hour=0, minute=0))
    ends = min(now + timedelta(hours=3), now.replace(hour=23, minute=59))
    if ends <= now:
        return
    form = services.feedback_form_create(
        meeting=meeting, created_by=lead, starts=starts.time(), ends=ends.time()
    )
    questions = list(
        Question.objects.filter(section__consultation=form)
        .prefetch_related("choices")
        .order_by("position")
    )
    for picks in FEEDBACK_ANSWERS:
        services.feedback_send(
            consultation=form,
            chosen={
                question.pk: list(question.choices.all())[pick].pk
                for question, pick in zip(questions, picks, strict=True)
            },
            form_key=secrets.token_urlsafe(24),
        )


def _group(lead: User) -> Cohort:
    """A young people's group in two council areas with six meetings. Young people are never
    named: numbers by age band, themes, and two quotes shared with agreement."""
    programme, _ = Programme.objects.get_or_create(
        name=GROUP_PROGRAMME,
        defaults={
            "kind": ProgrammeKind.YOUNG_PEOPLE,
            "description": "Groups where young people explore the strengths and challenges "
            "that autism can bring.",
        },
    )
    themes = [
        Theme.objects.get_or_create(programme=programme, name=name)[0] for name in GROUP_THEMES
    ]
    start = timezone.localdate() - timedelta(days=180)
    group, _ = Cohort.objects.get_or_create(
        programme=programme,
        name=GROUP_NAME,
        defaults={
            "starts_on": start,
            "ends_on": start + timedelta(days=365),
            "baseline_due_on": start,
            "training_due_on": start,
            "parent_group_due_on": start,
            "review_due_on": start,
            "family_survey_on": start,
        },
    )
    group.leads.add(lead)
    group.council_areas.add(_area("Gateshead"), _area("Sunderland"))
    if group.group_meetings.exists():
        return group
    for days_ago, place, area, counts, theme_positions, words in GROUP_MEETINGS:
        meeting = services.group_meeting_record(
            cohort=group,
            recorded_by=lead,
            held_on=timezone.localdate() - timedelta(days=days_ago),
            place=place,
            council_area=_area(area),
            counts=counts,
            theme_ids=[themes[i].pk for i in theme_positions],
        )
        if days_ago == 0:
            _feedback(meeting, lead)
        if words:
            services.quote_record(
                meeting=meeting,
                recorded_by=lead,
                text=words,
                age_band="14_16",
                young_person_agreed=True,
                parent_carer_agreed=True,
                consent_how="Consent form signed by the young person and their parent carer",
            )
    return group


def seed(users: dict[str, User]) -> Cohort:
    lead = users["lead@example.org"]
    cohort = _cohort(_programme(), lead)
    for index, demo in enumerate(SCHOOLS):
        school = services.school_ensure(
            name=demo.name,
            urn=demo.urn,
            council_area=_area(demo.area),
            phase=demo.phase,
            school_type=demo.school_type,
        )
        cohort.council_areas.add(school.council_area)
        contact = _contact(demo, users)
        SchoolContact.objects.get_or_create(
            school=school, user=contact, defaults={"role": ContactRole.SENCO}
        )
        enrolment = services.enrolment_create(
            cohort=cohort, school=school, enrolled_on=cohort.starts_on
        )
        _work(enrolment, demo, index, contact, lead)
    _group(lead)
    return cohort
