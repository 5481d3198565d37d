"""Daily and weekly digests: one email with what is new for a person since their last one,
sent only when there is something. Built in chunks of user ids, each chunk its own task, so
100,000 members never sit in memory at once nor flood the queue in one go. Each digest's
outbox key is (person, period), so it is never sent twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from consultations.models import Consultation, ImpactUpdate, Participation, Response
from core.emails import email_send_on_commit, site_link
from forums.models import Membership, NewsPost
from glossary.markup import KnownTerms, known_terms
from notifications.models import Category, Frequency, Preferences
from notifications.services import (
    LONDON,
    preferences_for,
    quiet_hours_end,
    unsubscribe_headers,
    with_glossary,
)
from peer_network.models import Session
from peer_network.selectors import sessions_upcoming_for

CHUNK = 500
SESSIONS_AHEAD = timedelta(days=14)
PERIODS: dict[str, timedelta] = {
    Frequency.DAILY: timedelta(days=1),
    Frequency.WEEKLY: timedelta(days=7),
}


def period_key(period: str, moment: datetime) -> str:
    """The period a digest covers, on the London calendar: "2026-W48" or "2026-11-29"."""
    local = moment.astimezone(LONDON).date()
    if period == Frequency.WEEKLY:
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
    return local.isoformat()


@dataclass
class Digest:
    consultations: list[Consultation] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    news: list[NewsPost] = field(default_factory=list)
    impact: list[ImpactUpdate] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.consultations or self.sessions or self.news or self.impact)

    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """(heading, [(line, link), ...]) for each part with something in it."""
        parts = [
            (
                "Have your say",
                [
                    (
                        f"{c.title} (closes {c.closes_at.astimezone(LONDON):%-d %B})",
                        _link("consultations:answer_start", c.pk),
                    )
                    for c in self.consultations
                ],
            ),
            (
                "Peer Network sessions in the next two weeks",
                [
                    (
                        f"{s.title}, {s.starts_at.astimezone(LONDON):%A %-d %B}",
                        _link("peer_network:detail", s.pk),
                    )
                    for s in self.sessions
                ],
            ),
            (
                "News from your forums",
                [
                    (
                        f"{post.forum.name}: {post.title}",
                        _link("forums:news", post.forum.slug, post.pk),
                    )
                    for post in self.news
                ],
            ),
            (
                "You said, we did",
                [
                    (
                        f"{update.action.title}: {update.get_status_display().lower()}",
                        _link("consultations:impact", update.consultation_id),
                    )
                    for update in self.impact
                ],
            ),
        ]
        return [(heading, lines) for heading, lines in parts if lines]


def _link(name: str, *args: object) -> str:
    return site_link(reverse(name, args=args))


def _covered(user: User, period: str, now: datetime) -> datetime:
    """Where the person's last digest of this period ended (a period ago if they had none)."""
    covered: datetime | None = getattr(preferences_for(user), f"{period}_digest_covered_to")
    return covered or now - PERIODS[period]


@dataclass
class Shared:
    """What a chunk of people's digests read once for them all, rather than once a person: the
    glossary, each person's forums and those forums' news since the earliest of their digests."""

    known: KnownTerms
    forums_of: dict[int, list[int]]
    news_of_forum: dict[int, list[NewsPost]]

    def news_for(self, user: User, since: datetime) -> list[NewsPost]:
        """The person's forums' news since their last digest, newest first, at most 10."""
        posts = [
            post
            for forum_id in self.forums_of.get(user.pk, [])
            for post in self.news_of_forum.get(forum_id, [])
            if post.published_at > since
        ]
        return sorted(posts, key=lambda post: (post.published_at, post.pk), reverse=True)[:10]


def shared_load(people: list[User], period: str, now: datetime) -> Shared:
    forums_of: dict[int, list[int]] = {}
    for user_id, forum_id in (
        Membership.objects.active()
        .filter(user_id__in=[user.pk for user in people])
        .values_list("user_id", "forum_id")
    ):
        forums_of.setdefault(user_id, []).append(forum_id)
    news_of_forum: dict[int, list[NewsPost]] = {}
    if forums_of:
        since = min(_covered(user, period, now) for user in people)
        for post in NewsPost.objects.filter(
            forum_id__in={f for forums in forums_of.values() for f in forums},
            published_at__gt=since,
        ).select_related("forum"):
            news_of_forum.setdefault(post.forum_id, []).append(post)
    return Shared(known_terms(None), forums_of, news_of_forum)


def digest_build(user: User, period: str, now: datetime, shared: Shared | None = None) -> Digest:
    """What is new for this person in the categories they take in this period's digest.
    ``shared``: what the person's chunk read once for everyone in it."""
    prefs = preferences_for(user)
    covered = _covered(user, period, now)
    wants = {c for c in Category.values if prefs.frequency(c) == period}
    digest = Digest()
    if Category.CONSULTATIONS in wants:
        digest.consultations = list(
            Consultation.objects.for_respondent(user)
            .filter(opens_at__gt=covered)
            .exclude(pk__in=Response.objects.filter(respondent=user).values("consultation_id"))
            .exclude(pk__in=Participation.objects.filter(user=user).values("consultation_id"))
            .order_by("closes_at")
        )
    if Category.SESSIONS in wants:
        digest.sessions = list(
            sessions_upcoming_for(user, starts_before=now + SESSIONS_AHEAD).filter(
                created_at__gt=covered
            )[:10]
        )
    if Category.NEWS in wants:
        shared = shared or shared_load([user], period, now)
        digest.news = shared.news_for(user, covered)
    if Category.IMPACT in wants:
        took_part = Q(
            consultation__in=Participation.objects.filter(user=user).values("consultation_id")
        ) | Q(
            consultation__in=Response.objects.submitted()
            .filter(respondent=user)
            .values("consultation_id")
        )
        digest.impact = list(
            ImpactUpdate.objects.filter(took_part, created_at__gt=covered)
            .select_related("action", "consultation")
            .order_by("-created_at")[:10]
        )
    return digest


def digest_send(user: User, period: str, now: datetime, shared: Shared | None = None) -> bool:
    """Queue this person's digest for the period if there is anything new. Safe to run again:
    the key is (person, period). Says whether one was queued."""
    prefs = preferences_for(user)
    digest = digest_build(user, period, now, shared)
    queued = False
    if not digest.is_empty():
        queued = (
            email_send_on_commit(
                to=[user.email],
                subject=(
                    "What is new for you this week"
                    if period == Frequency.WEEKLY
                    else "What is new for you today"
                ),
                template="emails/notifications/digest.txt",
                context=with_glossary(
                    "emails/notifications/digest.txt",
                    {
                        "person": user,
                        "sections": digest.sections(),
                        "period": period,
                        "home": site_link(reverse("home")),
                        "settings_link": site_link(reverse("notifications:preferences")),
                    },
                    shared.known if shared else None,
                ),
                key=f"digest:{period}:{user.pk}:{period_key(period, now)}",
                user_id=user.pk,
                category="digest",
                headers=unsubscribe_headers(user, Category.NEWS),
                send_after=quiet_hours_end(prefs, now),
            )
            > 0
        )
    setattr(prefs, f"{period}_digest_covered_to", now)
    prefs.save()
    return queued


def _due(period: str, now: datetime) -> Q:
    """People whose digest time is this hour (their own settings, or Monday 9am) and who take
    something in this period's digest."""
    local = now.astimezone(LONDON)
    hour = Q(notification_preferences__digest_time__hour=local.hour)
    default = local.hour == 9
    if period == Frequency.WEEKLY:
        hour &= Q(notification_preferences__digest_day=local.weekday())
        default = default and local.weekday() == 0
    due = Q(notification_preferences__isnull=False) & hour
    if default:
        due |= Q(notification_preferences__isnull=True)
    return due & _takes(period)


def _takes(period: str) -> Q:
    """People who take at least one category in this period's digest, by their settings or,
    without any, by the defaults: nobody else has a digest to build (nor settings to write)."""
    takes = Q(pk__in=[])
    for category in Category.values:
        takes |= Q(**{f"notification_preferences__{category}": period})
    defaults = Preferences()
    if any(defaults.frequency(category) == period for category in Category.values):
        takes |= Q(notification_preferences__isnull=True)
    return takes


def digest_ranges(period: str, now: datetime) -> list[tuple[int, int]]:
    """Ranges of user ids, CHUNK people each, of those due a digest this hour: the tasks to
    queue. Only the ids are read, in order, a chunk at a time."""
    ids = (
        User.objects.filter(is_active=True)
        .filter(_due(period, now))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ranges = []
    chunk: list[int] = []
    for pk in ids.iterator(chunk_size=5000):
        chunk.append(pk)
        if len(chunk) == CHUNK:
            ranges.append((chunk[0], chunk[-1]))
            chunk = []
    if chunk:
        ranges.append((chunk[0], chunk[-1]))
    return ranges


def digest_batch(period: str, first_id: int, last_id: int, now: datetime) -> int:
    people = list(
        User.objects.filter(is_active=True, pk__gte=first_id, pk__lte=last_id)
        .filter(_due(period, now))
        .select_related("notification_preferences")
        .order_by("pk")
    )
    shared = shared_load(people, period, now)
    return sum(digest_send(user, period, now, shared) for user in people)
