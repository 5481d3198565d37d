"""Reminders, run every hour by the scheduler. Each one is keyed by person and event, so running
twice (or a run repeated after a worker died) never sends twice; people's settings and quiet
hours are applied by ``notify``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from consultations.models import Consultation, ImpactUpdate, Participation, Response
from core.dates import gov_closing, gov_datetime
from core.emails import site_link
from forums.models import Membership, NewsPost
from notifications.models import Category
from notifications.services import notify
from peer_network.models import Booking, Session
from programmes.models import Milestone, MilestoneKind

CLOSING_WITHIN = timedelta(days=3)
SESSION_WITHIN = timedelta(hours=24)
# How far back "opened" and "published" look: longer than the gap between runs, so a missed
# run is caught up; the keys stop anything being sent twice.
LOOK_BACK = timedelta(days=2)


def _audience(consultation: Consultation) -> Iterator[User]:
    """Members who may answer a members' consultation (the rule is consultations'
    ``for_respondent``), in chunks."""
    forums = [consultation.forum_id, *consultation.audience_forums.values_list("pk", flat=True)]
    members = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.active().filter(forum_id__in=forums).values("user_id"),
    ).order_by("pk")
    for user in members.iterator(chunk_size=1000):
        if Consultation.objects.for_respondent(user).filter(pk=consultation.pk).exists():
            yield user


def _took_part(consultation: Consultation) -> list[int]:
    """Who took part: named respondents who sent, and members whose participation (never
    their response) is recorded for an anonymous consultation."""
    named = Response.objects.submitted().filter(consultation=consultation, respondent__isnull=False)
    ids = set(named.values_list("respondent_id", flat=True))
    ids |= set(
        Participation.objects.filter(consultation=consultation).values_list("user_id", flat=True)
    )
    return sorted(i for i in ids if i is not None)


def consultations_closing(now: datetime) -> int:
    """Three days before a consultation closes: those who have not sent are reminded; those
    with a draft are told to finish it."""
    sent = 0
    closing = Consultation.objects.open_now().filter(
        audience="members", closes_at__lte=now + CLOSING_WITHIN
    )
    for consultation in closing:
        started = dict(
            Response.objects.filter(
                consultation=consultation, respondent__isnull=False
            ).values_list("respondent_id", "submitted_at")
        )
        took_part = set(
            Participation.objects.filter(consultation=consultation).values_list(
                "user_id", flat=True
            )
        )
        for user in _audience(consultation):
            if started.get(user.pk) is not None:
                continue  # sent
            draft = user.pk in started or user.pk in took_part
            if draft and user.pk in took_part and user.pk not in started:
                continue  # an anonymous answer was sent: its participation is all that is left
            sent += notify(
                user=user,
                category=Category.CONSULTATIONS,
                key=f"closing:{consultation.pk}:{user.pk}",
                subject=(
                    f"Finish your answers: {consultation.title}"
                    if draft
                    else f"Closing soon: {consultation.title}"
                ),
                template="emails/notifications/consultation_closing.txt",
                context={
                    "consultation": consultation,
                    "draft": draft,
                    "closes": gov_closing(consultation.closes_at),
                    "link": site_link(
                        reverse("consultations:answer_start", args=[consultation.pk])
                    ),
                },
                now=now,
            )
    return sent


def consultations_opened(now: datetime) -> int:
    sent = 0
    opened = Consultation.objects.open_now().filter(
        audience="members", opens_at__gte=now - LOOK_BACK
    )
    for consultation in opened:
        for user in _audience(consultation):
            sent += notify(
                user=user,
                category=Category.CONSULTATIONS,
                key=f"opened:{consultation.pk}:{user.pk}",
                subject=f"Have your say: {consultation.title}",
                template="emails/notifications/consultation_opened.txt",
                context={
                    "consultation": consultation,
                    "closes": gov_closing(consultation.closes_at),
                    "link": site_link(
                        reverse("consultations:answer_start", args=[consultation.pk])
                    ),
                },
                now=now,
            )
    return sent


def results_published(now: datetime) -> int:
    sent = 0
    published = Consultation.objects.filter(results_published_at__gte=now - LOOK_BACK)
    for consultation in published:
        for user in User.objects.filter(pk__in=_took_part(consultation), is_active=True):
            sent += notify(
                user=user,
                category=Category.IMPACT,
                key=f"results:{consultation.pk}:{user.pk}",
                subject=f"What families said: {consultation.title}",
                template="emails/notifications/results_published.txt",
                context={
                    "consultation": consultation,
                    "link": site_link(
                        reverse("consultations:published_results", args=[consultation.pk])
                    ),
                },
                now=now,
            )
    return sent


def impact_updates(now: datetime) -> int:
    """Each change to an action in "You said, we did" goes to those who took part in its
    consultation, then is marked delivered (the page shows it to everyone anyway)."""
    sent = 0
    waiting = ImpactUpdate.objects.filter(delivered_at__isnull=True).select_related(
        "consultation", "action"
    )
    for update in waiting:
        consultation = update.consultation
        for user in User.objects.filter(pk__in=_took_part(consultation), is_active=True):
            sent += notify(
                user=user,
                category=Category.IMPACT,
                key=f"impact:{update.pk}:{user.pk}",
                subject=f"You said, we did: {update.action.title}",
                template="emails/notifications/impact_update.txt",
                context={
                    "update": update,
                    "consultation": consultation,
                    "link": site_link(reverse("consultations:impact", args=[consultation.pk])),
                },
                now=now,
            )
        ImpactUpdate.objects.filter(pk=update.pk).update(delivered_at=now)
    return sent


def sessions_soon(now: datetime) -> int:
    """A day before a session: everyone with a place, with the joining link if it is online.
    Keyed by the session's calendar sequence, so a session moved to a new time reminds again."""
    sent = 0
    soon = Session.objects.upcoming().filter(starts_at__gt=now, starts_at__lte=now + SESSION_WITHIN)
    bookings = (
        Booking.objects.confirmed().filter(session__in=soon).select_related("session", "user")
    )
    for booking in bookings:
        session = booking.session
        sent += notify(
            user=booking.user,
            category=Category.SESSIONS,
            key=f"session-soon:{session.pk}:{session.calendar_sequence}:{booking.user_id}",
            subject=f"Tomorrow: {session.title}"
            if session.starts_at - now > timedelta(hours=12)
            else f"Soon: {session.title}",
            template="emails/notifications/session_soon.txt",
            context={
                "session": session,
                "booking": booking,
                "when": gov_datetime(session.starts_at),
                "link": site_link(reverse("peer_network:detail", args=[session.pk])),
            },
            now=now,
        )
    return sent


def news_posted(now: datetime) -> int:
    """News from a person's forum, for those who want news as it happens (most take it in
    their digest)."""
    sent = 0
    posts = NewsPost.objects.filter(
        published_at__gte=now - LOOK_BACK, published_at__lte=now
    ).select_related("forum")
    for post in posts:
        members = User.objects.filter(
            is_active=True,
            pk__in=Membership.objects.active().filter(forum=post.forum).values("user_id"),
            notification_preferences__news="immediately",
        )
        for user in members.iterator(chunk_size=1000):
            sent += notify(
                user=user,
                category=Category.NEWS,
                key=f"news:{post.pk}:{user.pk}",
                subject=f"{post.forum.name}: {post.title}",
                template="emails/notifications/news_posted.txt",
                context={
                    "post": post,
                    "link": site_link(reverse("forums:news", args=[post.forum.slug, post.pk])),
                },
                now=now,
            )
    return sent


ASSESSMENT_WITHIN = timedelta(days=7)


def assessments_due(now: datetime) -> int:
    """A week before a school's baseline or review self-assessment is due (and not yet done),
    its contacts are reminded."""
    sent = 0
    today = timezone.localdate(now)
    due = Milestone.objects.filter(
        kind__in=(MilestoneKind.BASELINE, MilestoneKind.REVIEW),
        met_on__isnull=True,
        due_on__gte=today,
        due_on__lte=today + ASSESSMENT_WITHIN,
    ).select_related("enrolment__school", "enrolment__cohort")
    for milestone in due:
        school = milestone.enrolment.school
        contacts = User.objects.filter(school_contacts__school=school, is_active=True).distinct()
        for user in contacts:
            sent += notify(
                user=user,
                category=Category.PROGRAMME,
                key=f"assessment-due:{milestone.pk}:{user.pk}",
                subject=f"Due on {milestone.due_on:%-d %B}: {milestone.get_kind_display().lower()}",
                template="emails/notifications/assessment_due.txt",
                context={
                    "milestone": milestone,
                    "school": school,
                    "link": site_link(reverse("programmes:school", args=[milestone.enrolment_id])),
                },
                now=now,
            )
    return sent


REMINDERS = (
    consultations_opened,
    consultations_closing,
    results_published,
    impact_updates,
    sessions_soon,
    news_posted,
    assessments_due,
)


def reminders_send(*, now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {reminder.__name__: reminder(now) for reminder in REMINDERS}
