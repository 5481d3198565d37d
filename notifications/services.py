"""Optional emails: each person's settings, quiet hours, one-click unsubscribe, and ``notify``,
which every reminder goes through. Essential emails do not come here: apps queue them in the
outbox directly (core.emails)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.emails import email_context, email_send_on_commit, site_link
from core.models import OutboxEmail, OutboxStatus
from glossary.markup import KnownTerms, known_terms, terms_in
from notifications.models import Category, Frequency, Preferences

LONDON = ZoneInfo("Europe/London")
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def preferences_for(user: User) -> Preferences:
    """The person's settings, or the defaults (unsaved) if they never changed them. Reads the
    relation, so a caller that loaded people with ``select_related("notification_preferences")``
    (the digest batches) makes no query per person."""
    try:
        found: Preferences = user.notification_preferences
    except Preferences.DoesNotExist:
        return Preferences(user=user)
    return found


def preferences_save(*, user: User, **fields: Any) -> Preferences:
    prefs = preferences_for(user)
    for name, value in fields.items():
        setattr(prefs, name, value)
    prefs.save()
    return prefs


def in_quiet_hours(prefs: Preferences, moment: datetime) -> bool:
    local = moment.astimezone(LONDON).time()
    start, end = prefs.quiet_from, prefs.quiet_until
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the quiet runs past midnight


def quiet_hours_end(prefs: Preferences, moment: datetime) -> datetime | None:
    """When an optional email written at ``moment`` may go: None if straight away, else the
    end of the person's quiet hours, on the London clock (so 8am stays 8am across the change
    to and from British Summer Time)."""
    if not in_quiet_hours(prefs, moment):
        return None
    local = moment.astimezone(LONDON)
    day = local.date()
    if local.time() >= prefs.quiet_until:
        day += timedelta(days=1)
    return _london(day, prefs.quiet_until)


def _london(day: Any, at: time) -> datetime:
    """A London wall-clock time as an aware datetime (fold=0: the first 1:30am in October)."""
    return datetime.combine(day, at, tzinfo=LONDON)


def unsubscribe_token(user: User, category: str) -> str:
    return signing.dumps({"u": user.pk, "c": category}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> tuple[User, str] | None:
    """The person and category a token is for, or None for a token that was changed or made
    up. Tokens do not expire: an old email's link must still work."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") not in Category.values:
        return None
    if not isinstance(data.get("u"), int):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    return (user, data["c"]) if user else None


def unsubscribe(*, user: User, category: str) -> None:
    preferences_save(user=user, **{category: Frequency.OFF})


def unsubscribe_headers(user: User, category: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: a mail program POSTs to the link."""
    link = site_link(reverse("notifications:unsubscribe", args=[unsubscribe_token(user, category)]))
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def with_glossary(
    template: str, context: dict[str, Any], known: KnownTerms | None = None
) -> dict[str, Any]:
    """The context with the national glossary's meaning of each term the email uses, which
    the emails' footer lists under "Words in this email". ``known``: the national glossary's
    terms already read (a batch of emails reads them once)."""
    body = render_to_string(template, {**email_context(), **context})
    used = terms_in(body, known if known is not None else known_terms(None), set())
    return {**context, "glossary": [(term.term, term.meaning) for term, _ in used]}


def notify(
    *,
    user: User,
    category: str,
    key: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    now: datetime | None = None,
) -> bool:
    """An optional email as the person wants it: now (after their quiet hours), or not at all
    when they turned the category off or take it in a digest (the digest will carry it). The
    key makes it once per person and event. Says whether an email was queued."""
    prefs = preferences_for(user)
    frequency = prefs.frequency(category)
    if frequency != Frequency.IMMEDIATELY or not user.is_active:
        if frequency == Frequency.OFF and not OutboxEmail.objects.filter(key=key).exists():
            # Kept so that "why did I not hear?" has an answer; never sent.
            OutboxEmail.objects.create(
                key=key,
                to=user.email,
                user=user,
                kind=template,
                category=category,
                subject=subject,
                body_text="",
                status=OutboxStatus.SUPPRESSED,
            )
        return False
    now = now or timezone.now()
    queued = email_send_on_commit(
        to=[user.email],
        subject=subject,
        template=template,
        context=with_glossary(
            template,
            {
                **context,
                "person": user,
                "settings_link": site_link(reverse("notifications:preferences")),
            },
        ),
        key=key,
        user_id=user.pk,
        category=category,
        headers=unsubscribe_headers(user, category),
        send_after=quiet_hours_end(prefs, now),
    )
    return queued > 0
