"""Demo content for the North East: every forum gets a lead, members in several roles, news,
representatives and an engagement log. lead@example.org leads Gateshead's forum and
parent@example.org is a member there."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import User
from forums import services
from forums.models import (
    EngagementEntry,
    EngagementMethod,
    Forum,
    LadderRung,
    MembershipRole,
    NewsPost,
    NewsVisibility,
    RepresentativeRole,
)

NORTH_EAST_AREAS = [
    "County Durham",
    "Darlington",
    "Gateshead",
    "Hartlepool",
    "Middlesbrough",
    "Newcastle upon Tyne",
    "North Tyneside",
    "Northumberland",
    "Redcar and Cleveland",
    "South Tyneside",
    "Stockton-on-Tees",
    "Sunderland",
]

FIRST_NAMES = [
    "Amira",
    "Beth",
    "Callum",
    "Dawn",
    "Ellis",
    "Fatima",
    "Gemma",
    "Hassan",
    "Iona",
    "Jack",
    "Kerry",
    "Leon",
    "Maya",
    "Niall",
    "Olu",
    "Paula",
]
LAST_NAMES = [
    "Armstrong",
    "Bell",
    "Charlton",
    "Dodd",
    "Elliott",
    "Forster",
    "Graham",
    "Hall",
    "Iqbal",
    "Johnson",
    "Kelly",
    "Lowes",
    "Milburn",
    "Nixon",
    "Oyelaran",
    "Robson",
]

BOARDS = ["SEND Partnership Board", "Transforming Care steering group", "Short breaks review group"]

ENGAGEMENT = [
    (
        EngagementMethod.COFFEE_MORNING,
        "Coffee morning at the library",
        14,
        "Waiting times for autism assessment\nTransport to school",
        LadderRung.ENGAGEMENT,
    ),
    (
        EngagementMethod.FOCUS_GROUP,
        "Focus group on short breaks",
        9,
        "Not enough places in the holidays\nDirect payments are hard to use",
        LadderRung.CO_DESIGN,
    ),
    (
        EngagementMethod.SOCIAL_MEDIA,
        "Facebook group poll on EHCP annual reviews",
        63,
        "Annual reviews late\nParents not sent reports in time",
        LadderRung.CONSULTATION,
    ),
]


def _news(forum: Forum, lead: User, area: str) -> None:
    posts = [
        (
            f"Have your say on the {area} Local Offer",
            "The council is updating the Local Offer, the website that lists support for "
            "families. Tell us what is missing or hard to find.\n\nWe will share what you "
            "said with the council, and publish what they did about it.",
            NewsVisibility.PUBLIC,
        ),
        (
            "Members' coffee morning: EHCP annual reviews",
            "Join us for an informal chat about EHCP annual reviews. A SENCO and someone from "
            "SENDIASS will be there to answer questions.\n\nChildren are welcome. Tea, coffee "
            "and a quiet room are available.",
            NewsVisibility.MEMBERS,
        ),
    ]
    for title, body, visibility in posts:
        if not NewsPost.objects.filter(forum=forum, title=title).exists():
            services.news_post_create(
                forum=forum, author=lead, title=title, body=body, visibility=visibility
            )


def _people(forum: Forum, index: int, lead: User) -> list[User]:
    rng = random.Random(index)  # noqa: S311 (demo names, not security)
    slug = forum.slug.removesuffix("-parent-carer-forum")
    roles = [
        MembershipRole.STEERING_GROUP,
        MembershipRole.REPRESENTATIVE,
        MembershipRole.REPRESENTATIVE,
        MembershipRole.MEMBER,
        MembershipRole.MEMBER,
        MembershipRole.MEMBER,
    ]
    people = []
    for n, role in enumerate(roles):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        user = demo_user(email=f"{slug}.member{n + 1}@example.org", full_name=name)
        services.membership_grant(forum=forum, user=user, role=role)
        people.append(user)
    # One request waiting for the lead.
    waiting = demo_user(
        email=f"{slug}.newcomer@example.org", full_name=f"{rng.choice(FIRST_NAMES)} Newcomer"
    )
    if not waiting.memberships.filter(forum=forum).exists():
        services.membership_request(
            forum=forum, user=waiting, message="I heard about you at school."
        )
    return people


def _representatives(forum: Forum, people: list[User], lead: User) -> None:
    if RepresentativeRole.objects.filter(forum=forum).exists():
        return
    start = date(timezone.localdate().year - 1, 9, 1)
    for user, board in zip(people[1:3], BOARDS, strict=False):
        services.representative_add(
            forum=forum,
            added_by=lead,
            user=user,
            board=board,
            term_start=start,
            term_end=start + timedelta(days=730),
            declared_interests="None",
        )


def _engagement(forum: Forum, lead: User) -> None:
    if EngagementEntry.objects.filter(forum=forum).exists():
        return
    today = timezone.localdate()
    for weeks, (method, title, participants, themes, rung) in enumerate(ENGAGEMENT, start=1):
        services.engagement_record(
            forum=forum,
            recorded_by=lead,
            date=today - timedelta(weeks=weeks * 3),
            method=method,
            title=title,
            participants=participants,
            themes=themes,
            ladder_rung=rung,
        )


def seed(users: dict[str, User]) -> list[Forum]:
    region = services.region_ensure(name="North East")
    forums = []
    for index, area in enumerate(NORTH_EAST_AREAS):
        forum = services.forum_ensure_for_area(
            region=region,
            area_name=area,
            description=(
                f"We are the Parent Carer Forum for {area}: parents and carers of children and "
                "young people aged 0 to 25 with SEND, working with the council and the NHS to "
                "make services better."
            ),
            contact_email=f"hello@{area.lower().replace(' ', '')}pcf.example.org",
        )
        if not forum.independence_statement:
            forum.independence_statement = (
                "We are parent-led and independent of the council and the NHS. We take part in "
                "co-production as equal partners and speak for our members, not for services."
            )
            forum.save(update_fields=["independence_statement"])
        if area == "Gateshead":
            lead = users["lead@example.org"]
        else:
            slug = forum.slug.removesuffix("-parent-carer-forum")
            lead = demo_user(email=f"{slug}.lead@example.org", full_name=f"{area} Lead")
        services.membership_grant(forum=forum, user=lead, role=MembershipRole.LEAD)
        people = _people(forum, index, lead)
        if area == "Gateshead":
            services.membership_grant(
                forum=forum, user=users["parent@example.org"], role=MembershipRole.MEMBER
            )
        _news(forum, lead, area)
        _representatives(forum, people, lead)
        _engagement(forum, lead)
        forums.append(forum)
    return forums
