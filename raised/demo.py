"""Raised-matters demo data: Gateshead has raised six matters with three partners, at every
stage: one overdue and flagged, one whose agreed action is in "You said, we did". Safe to run
again: matters are found by title."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F
from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Role, Sector, User
from consultations.models import Consultation, Theme
from forums.models import Forum
from raised import services
from raised.models import Matter, MatterUpdate, Partner, PartnerKind
from raised.services import MatterDetails


def _partners(forum: Forum, users: dict[str, User], lead: User) -> dict[str, Partner]:
    council_contact = demo_user(
        email="cara.council@example.org",
        full_name="Cara Connolly",
        role=Role.PRACTITIONER,
        sector=Sector.SOCIAL_CARE,
        organisation="Gateshead Council SEND Service",
        approved_by=users["admin@example.org"],
    )
    wanted = {
        "council": ("Gateshead Council SEND Service", PartnerKind.COUNCIL, council_contact),
        "icb": (
            "North East and North Cumbria Integrated Care Board",
            PartnerKind.ICB,
            users["commissioner@example.org"],
        ),
        "trust": (
            "Gateshead Health NHS Foundation Trust",
            PartnerKind.HOSPITAL,
            users["practitioner@example.org"],
        ),
    }
    partners = {}
    for key, (name, kind, contact) in wanted.items():
        partner = Partner.objects.filter(forum=forum, name=name).first()
        partners[key] = partner or services.partner_add(
            forum=forum,
            added_by=lead,
            name=name,
            kind=kind,
            contact_email=contact.email,
            response_days=20,
        )
    return partners


def _back_date(matter: Matter, days: int) -> None:
    """Move a matter and its thread back in time, as if raised ``days`` days ago."""
    shift = timedelta(days=days)
    Matter.objects.filter(pk=matter.pk).update(
        raised_at=F("raised_at") - shift,
        first_response_at=F("first_response_at") - shift + timedelta(days=days // 3),
        action_agreed_at=F("action_agreed_at") - shift + timedelta(days=days // 2),
        ended_at=F("ended_at") - shift + timedelta(days=days // 2),
    )
    MatterUpdate.objects.filter(matter=matter).update(created_at=F("created_at") - shift)


def seed(users: dict[str, User], forum: Forum, consultations: list[Consultation]) -> list[Matter]:
    lead = users["lead@example.org"]
    partners = _partners(forum, users, lead)
    area = forum.council_areas.get()
    closed = consultations[-1]
    theme = Theme.objects.filter(consultation=closed).order_by("name").first()
    stories: list[tuple[str, str, str, str, int, int, str, list[tuple[str, str]]]] = [
        (
            "Waiting over a year for an autism assessment",
            "Families tell us children wait more than a year for an autism assessment, with no "
            "support while they wait. Schools say they cannot put help in place without it.",
            "icb",
            "health",
            14,
            40,
            "partners",
            [],
        ),
        (
            "Short breaks: families told there are no places",
            "Parents who have been assessed as needing short breaks are told there are no "
            "places, and are not told when there will be.",
            "council",
            "short_breaks",
            9,
            12,
            "partners",
            [("acknowledge", "")],
        ),
        (
            "Letters about annual reviews arrive after the meeting",
            "Several families received the invitation to their child's EHC plan annual review "
            "after the date of the meeting.",
            "council",
            "education",
            11,
            30,
            "public",
            [
                (
                    "respond",
                    "We have found the cause: letters were sent second class from a "
                    "shared mailbox. From next month invitations go by email and post six weeks "
                    "ahead.",
                )
            ],
        ),
        (
            "Wheelchair repairs take months",
            "Families wait months for wheelchair repairs, and children miss school while "
            "they wait.",
            "trust",
            "health",
            7,
            45,
            "public",
            [
                (
                    "respond",
                    "We agree the waits are too long. We can add a second repair contractor.",
                ),
                (
                    "agree",
                    "A second repair contractor from April, and a "
                    "named contact for families whose child cannot get to school.",
                ),
            ],
        ),
        (
            "Travel to college stops at 16",
            "Young people who had school transport lose it when they move to college at 16, "
            "and families are not told in time to plan.",
            "council",
            "transitions",
            16,
            60,
            "public",
            [
                (
                    "respond",
                    "Post-16 travel support exists but is not well explained. We will "
                    "write to every family in Year 11.",
                ),
                ("agree", "Letters to every Year 11 family each January."),
                ("resolve", ""),
            ],
        ),
        (
            "Crisis line staff do not understand autism",
            "Parents calling the mental health crisis line say staff did not understand "
            "autistic young people.",
            "icb",
            "health",
            5,
            50,
            "partners",
            [
                ("acknowledge", ""),
                (
                    "close",
                    "The crisis line has been recommissioned, with "
                    "autism training in the new contract; this matter is now part of that work.",
                ),
            ],
        ),
    ]
    matters = []
    for title, description, partner_key, life, families, days_ago, visibility, steps in stories:
        matter = Matter.objects.filter(forum=forum, title=title).first()
        if matter is None:
            matter = services.matter_raise(
                forum=forum,
                raised_by=lead,
                details=MatterDetails(
                    title=title,
                    description=description,
                    area_of_life=life,
                    council_area=area,
                    families=families,
                    families_since=date.today() - timedelta(days=days_ago + 60),  # noqa: DTZ011
                    partner=partners[partner_key],
                    visibility=visibility,
                    themes=(theme,) if theme and partner_key == "trust" else (),
                ),
            )
            contact = partners[partner_key].contact
            for step, body in steps:
                by = contact if step in ("acknowledge", "respond") else lead
                matter = services.matter_step(
                    matter=matter,
                    by=by,
                    step=step,
                    body=body,
                    add_to_you_said_we_did=step == "agree" and partner_key == "trust",
                )
            _back_date(matter, days_ago)
        matters.append(matter)
    services.overdue_matters_flag(now=timezone.now())
    return matters
