"""Reminders: each goes to the right people once, in the category they chose."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from consultations import services as consultation_services
from consultations.models import Consultation, ImpactUpdate
from core.models import OutboxEmail
from forums.models import Forum
from notifications import reminders, services
from peer_network import services as peer_services
from tests.accounts.factories import UserFactory
from tests.consultations.factories import make_consultation
from tests.forums.factories import MembershipFactory
from tests.mail import emails_delivered
from tests.peer_network.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _sent_to(kind: str) -> list[str]:
    return sorted(
        OutboxEmail.objects.filter(kind=kind, status__in=["queued", "sent"]).values_list(
            "to", flat=True
        )
    )


def test_a_session_tomorrow_reminds_everyone_with_a_place_once_with_the_joining_link() -> None:
    start = timezone.now() + timedelta(hours=20)
    session = SessionFactory.create(capacity=1, starts_at=start, ends_at=start + timedelta(hours=1))
    placed, waiting = UserFactory.create_batch(2)
    # No quiet hours, so the reminder goes whatever the hour this test runs at.
    services.preferences_save(user=placed, quiet_from=time(0, 0), quiet_until=time(0, 0))
    peer_services.booking_create(session_id=session.pk, user=placed)
    peer_services.booking_create(session_id=session.pk, user=waiting)
    later = SessionFactory.create()
    peer_services.booking_create(session_id=later.pk, user=UserFactory.create())
    now = timezone.now()
    first = reminders.sessions_soon(now)
    second = reminders.sessions_soon(now)
    assert (first, second) == (1, 0)
    reminders_sent = [m for m in emails_delivered() if m.subject.endswith(session.title)]
    reminder = next(m for m in reminders_sent if "Soon" in m.subject or "Tomorrow" in m.subject)
    assert reminder.to == [placed.email]
    assert [
        m.to
        for m in reminders_sent
        if m is not reminder and "Waiting" not in m.subject and "place" not in m.subject.lower()
    ] == []
    assert "https://meet.example.org/secret-room" in reminder.body


def test_a_consultation_closing_reminds_those_who_have_not_sent_and_tells_drafts_to_finish(
    gateshead: tuple[Forum, User],
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, identity_mode="named")
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + timedelta(days=2)
    )
    nothing, drafting, done = (MembershipFactory.create(forum=forum).user for _ in range(3))
    consultation_services.response_start(consultation=consultation, user=drafting)
    sent = consultation_services.response_start(consultation=consultation, user=done)
    from consultations.models import Response

    Response.objects.filter(pk=sent.pk).update(submitted_at=timezone.now())
    outsider = UserFactory.create()
    reminders.consultations_closing(timezone.now())
    reminders.consultations_closing(timezone.now())
    rows = {
        row.to: row.subject
        for row in OutboxEmail.objects.filter(kind="notifications/consultation_closing")
    }
    assert set(rows) == {nothing.email, drafting.email, lead.email}
    assert rows[drafting.email].endswith(f"Finish your answers: {consultation.title}")
    assert rows[nothing.email].endswith(f"Closing soon: {consultation.title}")
    assert outsider.email not in rows and done.email not in rows


def test_people_who_take_consultations_in_a_digest_are_not_emailed_straight_away(
    gateshead: tuple[Forum, User],
) -> None:
    forum, lead = gateshead
    member = MembershipFactory.create(forum=forum).user
    services.preferences_save(user=member, consultations="weekly")
    make_consultation(forum, lead)
    reminders.consultations_opened(timezone.now())
    assert member.email not in _sent_to("notifications/consultation_opened")
    assert lead.email in _sent_to("notifications/consultation_opened")


def test_an_impact_update_goes_to_those_who_took_part_and_is_marked_delivered(
    gateshead: tuple[Forum, User],
) -> None:
    forum, lead = gateshead
    consultation = make_consultation(forum, lead, identity_mode="named")
    took_part = MembershipFactory.create(forum=forum).user
    response = consultation_services.response_start(consultation=consultation, user=took_part)
    from consultations.models import Response

    Response.objects.filter(pk=response.pk).update(submitted_at=timezone.now())
    bystander = MembershipFactory.create(forum=forum).user
    consultation_services.action_create(
        consultation=consultation,
        created_by=lead,
        title="More short break places",
        owner_type="council",
        owner_name="Council",
    )
    reminders.impact_updates(timezone.now())
    assert _sent_to("notifications/impact_update") == [took_part.email]
    assert bystander.email not in _sent_to("notifications/impact_update")
    assert not ImpactUpdate.objects.filter(delivered_at__isnull=True).exists()
    reminders.impact_updates(timezone.now())
    assert _sent_to("notifications/impact_update") == [took_part.email]


def test_news_goes_straight_away_only_to_those_who_asked(gateshead: tuple[Forum, User]) -> None:
    from tests.forums.factories import NewsPostFactory

    forum, lead = gateshead
    keen = MembershipFactory.create(forum=forum).user
    services.preferences_save(user=keen, news="immediately")
    MembershipFactory.create(forum=forum)  # takes news in the weekly digest (the default)
    NewsPostFactory.create(forum=forum, title="Coffee morning")
    reminders.news_posted(timezone.now())
    reminders.news_posted(timezone.now())
    assert _sent_to("notifications/news_posted") == [keen.email]


def test_a_reminder_explains_the_glossary_terms_it_uses(gateshead: tuple[Forum, User]) -> None:
    forum, lead = gateshead
    member = MembershipFactory.create(forum=forum).user
    services.preferences_save(user=member, quiet_from=time(0, 0), quiet_until=time(0, 0))
    make_consultation(forum, lead, title="Talking to your SENCO")
    reminders.consultations_opened(timezone.now())
    [email] = [m for m in emails_delivered() if m.to == [member.email]]
    assert "Words in this email" in email.body
    assert "- SENCO: " in email.body


def test_school_contacts_are_reminded_a_week_before_a_self_assessment_is_due() -> None:
    from programmes.models import Milestone, MilestoneKind
    from tests.programmes.factories import cohort_make, contact_make, enrol

    contact = contact_make()
    other = contact_make()
    enrolment = enrol(cohort_make(), contact=contact)
    enrol(cohort_make(), contact=other)  # due later: no reminder
    today = timezone.localdate()
    Milestone.objects.filter(enrolment=enrolment, kind=MilestoneKind.BASELINE).update(
        due_on=today + timedelta(days=5), met_on=None
    )
    Milestone.objects.exclude(enrolment=enrolment).update(due_on=today + timedelta(days=40))
    Milestone.objects.filter(enrolment=enrolment).exclude(kind=MilestoneKind.BASELINE).update(
        due_on=today + timedelta(days=40)
    )
    reminders.reminders_send()
    reminders.reminders_send()
    assert _sent_to("notifications/assessment_due") == [contact.email]
