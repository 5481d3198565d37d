"""Peer Network demo data: sessions coming up (one full, with a waiting list), family groups in
Gateshead and Sunderland, past sessions with attendance and feedback, and a few people in the
directory. practitioner@example.org has a place on "How integrated care boards plan services".
Safe to run again: sessions are found by title and left as they are."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Role, Sector, User
from forums.models import Forum
from peer_network import services
from peer_network.models import Booking, BookingStatus, Reach, Session, Topic
from peer_network.services import SessionDetails

ONLINE_LINK = "https://meet.example.org/coproduce-peer-network"


def _at(days: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _practitioners(admin: User) -> list[User]:
    people = [
        (
            "hana.health@example.org",
            "Hana Hussain",
            Sector.HEALTH,
            "Gateshead Health NHS Foundation Trust",
        ),
        (
            "sol.social@example.org",
            "Sol Stephenson",
            Sector.SOCIAL_CARE,
            "Sunderland City Council Children's Services",
        ),
        ("eve.education@example.org", "Eve Elliott", Sector.EDUCATION, "Durham SEND Team"),
        ("vic.voluntary@example.org", "Vic Varley", Sector.VOLUNTARY, "North East Autism Society"),
    ]
    return [
        demo_user(
            email=email,
            full_name=name,
            role=Role.PRACTITIONER,
            sector=sector,
            organisation=org,
            approved_by=admin,
        )
        for email, name, sector, org in people
    ]


def _session(
    title: str,
    *,
    created_by: User,
    forum: Forum | None,
    details: dict[str, object],
    topics: list[str],
    co_hosts: list[User],
) -> tuple[Session, bool]:
    existing = Session.objects.filter(title=title).first()
    if existing is not None:
        return existing, False
    session = services.session_create(
        created_by=created_by,
        forum=forum,
        details=SessionDetails(title=title, **details),  # type: ignore[arg-type]
        topics=Topic.objects.filter(slug__in=topics),
        co_hosts=co_hosts,
        host_self=not created_by.is_staff,
    )
    return session, True


def _past_bookings(session: Session, people: list[User]) -> list[Booking]:
    """Places on a session that has happened, written as they stood on the day."""
    bookings = []
    for person in people:
        booking, _ = Booking.objects.get_or_create(
            session=session,
            user=person,
            defaults={
                "status": BookingStatus.CONFIRMED,
                "seat": session.seat_for(person),
                "queued_at": session.starts_at - timedelta(days=10),
                "confirmed_at": session.starts_at - timedelta(days=10),
            },
        )
        bookings.append(booking)
    return bookings


FEEDBACK = [
    (5, "Ask our forum for views before we write the service specification, not after."),
    (4, "Bring a parent carer rep to our next planning meeting."),
    (5, "Explain what an ICB does when I report back to our members."),
    (3, "Use plain English in our letters to families."),
    (4, "Check the Local Offer page with parents before it goes live."),
]


def seed(users: dict[str, User], forums: list[Forum]) -> list[Session]:
    admin = users["admin@example.org"]
    lead = users["lead@example.org"]
    practitioner = users["practitioner@example.org"]
    school = users["school@example.org"]
    parent = users["parent@example.org"]
    gateshead = next(f for f in forums if f.name.startswith("Gateshead"))
    sunderland = next(f for f in forums if f.name.startswith("Sunderland"))
    sunderland_lead = sunderland.memberships.leads().select_related("user").get().user
    practitioners = _practitioners(admin)
    members = [
        m.user
        for m in gateshead.memberships.active()
        .exclude(user__in=[lead, parent])
        .select_related("user")
    ]
    sunderland_members = [m.user for m in sunderland.memberships.active().select_related("user")]
    sessions: list[Session] = []

    icb, new = _session(
        "How integrated care boards plan services",
        created_by=admin,
        forum=None,
        details={
            "description": "What an integrated care board (ICB) is, how it decides what to buy for children and young people with SEND, and where parent carer forums can make a difference. Co-hosted by a forum representative and an NHS commissioner, with time for questions.",
            "kind": "peer",
            "format": "online",
            "reach": Reach.NETWORK,
            "starts_at": _at(7, 10),
            "ends_at": _at(7, 11, 30),
            "joining_link": ONLINE_LINK,
            "parent_carer_places": 12,
            "practitioner_places": 12,
        },
        topics=["health", "commissioning", "co-production"],
        co_hosts=[lead, practitioners[0]],
    )
    if new:
        services.booking_create(
            session_id=icb.pk, user=practitioner, access_needs="Captions, please."
        )
        services.booking_create(session_id=icb.pk, user=parent)
        services.booking_create(session_id=icb.pk, user=practitioners[1])
    sessions.append(icb)

    transition, new = _session(
        "Preparing for adulthood: what good transition looks like",
        created_by=lead,
        forum=gateshead,
        details={
            "description": "Moving from children's to adults' services is where many families say support falls away. Parent carers and practitioners share what has worked in the North East, and what we would change.",
            "kind": "peer",
            "format": "hybrid",
            "reach": Reach.REGION,
            "starts_at": _at(14, 13),
            "ends_at": _at(14, 15),
            "venue_name": "Gateshead Civic Centre, Committee Room 2",
            "venue_address": "Regent Street, Gateshead NE8 1HH",
            "access_information": "Step-free entrance from Regent Street. Accessible toilets on the same floor. Hearing loop. A quiet room is available.",
            "joining_link": ONLINE_LINK,
            "capacity": 6,
        },
        topics=["preparing-for-adulthood", "social-care"],
        co_hosts=[practitioners[1]],
    )
    if new:
        # Full, with two people waiting.
        for person in [
            *members[:3],
            school,
            practitioners[2],
            practitioners[3],
            *sunderland_members[:2],
        ]:
            services.booking_create(session_id=transition.pk, user=person)
    sessions.append(transition)

    autism, _ = _session(
        "Autism inclusion in schools: parents and SENCOs together",
        created_by=admin,
        forum=None,
        details={
            "description": "SENCOs and parent carers talk about what makes a school day work for autistic children: sensory needs, unstructured times, and being heard.",
            "kind": "peer",
            "format": "in_person",
            "reach": Reach.NETWORK,
            "starts_at": _at(21, 16),
            "ends_at": _at(21, 17, 30),
            "venue_name": "Sunderland Software Centre",
            "venue_address": "Tavistock Place, Sunderland SR1 1PB",
            "access_information": "Step-free access and lift. Parking for blue badge holders at the front.",
            "parent_carer_places": 10,
            "practitioner_places": 10,
        },
        topics=["autism", "ehc-plans"],
        co_hosts=[school, sunderland_lead],
    )
    sessions.append(autism)

    coffee, new = _session(
        "Coffee morning for parent carers",
        created_by=lead,
        forum=gateshead,
        details={
            "description": "A relaxed morning to meet other parent carers. Come for ten minutes or stay for two hours. Children under 5 are welcome.",
            "kind": "family",
            "format": "in_person",
            "reach": Reach.FORUM,
            "starts_at": _at(5, 10),
            "ends_at": _at(5, 12),
            "venue_name": "Low Fell Community Centre",
            "venue_address": "Beaconsfield Road, Gateshead NE9 5EU",
            "access_information": "Step-free, with a ramp at the side door. Accessible toilet. Free parking.",
            "capacity": 15,
        },
        topics=["mental-health"],
        co_hosts=[],
    )
    if new:
        services.booking_create(
            session_id=coffee.pk,
            user=parent,
            access_needs="I may need to bring my son, who uses a wheelchair.",
        )
    sessions.append(coffee)

    evening, _ = _session(
        "Evening family group (online)",
        created_by=sunderland_lead,
        forum=sunderland,
        details={
            "description": "An online get-together after bedtime, for parent carers who cannot make daytime groups. Cameras optional.",
            "kind": "family",
            "format": "online",
            "reach": Reach.FORUM,
            "starts_at": _at(9, 20),
            "ends_at": _at(9, 21),
            "joining_link": "https://meet.example.org/sunderland-family-group",
            "capacity": 20,
        },
        topics=["mental-health"],
        co_hosts=[],
    )
    sessions.append(evening)

    ehcp, new = _session(
        "EHC plans: what makes a good plan",
        created_by=admin,
        forum=None,
        details={
            "description": "A parent carer rep and an SEN caseworker look at real (anonymised) outcomes and talk through what makes a plan specific and useful.",
            "kind": "peer",
            "format": "online",
            "reach": Reach.NETWORK,
            "starts_at": _at(20, 10),
            "ends_at": _at(20, 11, 30),
            "joining_link": ONLINE_LINK,
            "capacity": 20,
        },
        topics=["ehc-plans", "co-production"],
        co_hosts=[lead, practitioners[2]],
    )
    if new:
        # Moved into the past: it happened two weeks ago.
        Session.objects.filter(pk=ehcp.pk).update(starts_at=_at(-14, 10), ends_at=_at(-14, 11, 30))
        ehcp.refresh_from_db()
        people = [*members[:3], practitioner, practitioners[3], *sunderland_members[:3]]
        bookings = _past_bookings(ehcp, people)
        services.attendance_record(
            session=ehcp, recorded_by=lead, attended={b.pk for b in bookings[:-1]}
        )
        for booking, (rating, one_thing) in zip(bookings, FEEDBACK, strict=False):
            services.feedback_give(
                booking=booking, user=booking.user, rating=rating, one_thing=one_thing
            )
    sessions.append(ehcp)

    for person, about in [
        (lead, "Getting parent carers onto ICB and council boards"),
        (practitioner, "How community paediatrics works"),
        (practitioners[1], "Transitions to adult social care"),
        (practitioners[3], "Autism-friendly events"),
    ]:
        services.directory_join(user=person, about=about)
    return sessions
