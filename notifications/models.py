"""What each person wants to hear about, and how often. Emails themselves are rows of the
outbox (core.models.OutboxEmail)."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models


class Category(models.TextChoices):
    """The kinds of optional email. Essential emails (account, booking, a place freed) always
    go and have no setting."""

    CONSULTATIONS = "consultations", "Consultations"
    SESSIONS = "sessions", "Peer sessions and family groups"
    PROGRAMME = "programme", "School programme"
    NEWS = "news", "Forum news"
    IMPACT = "impact", "Updates on “You said, we did”"


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "As it happens"
    DAILY = "daily", "In a daily digest"
    WEEKLY = "weekly", "In a weekly digest"
    OFF = "off", "Off"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


def _frequency(default: str) -> models.CharField[str, str]:
    return models.CharField(max_length=12, choices=Frequency.choices, default=default)


class Preferences(models.Model):
    """One person's settings. No row means the defaults: reminders as they happen, news and
    sessions weekly, digests on Monday at 9am, quiet from 9pm to 8am (Europe/London)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    consultations = _frequency(Frequency.IMMEDIATELY)
    sessions = _frequency(Frequency.IMMEDIATELY)
    programme = _frequency(Frequency.IMMEDIATELY)
    news = _frequency(Frequency.WEEKLY)
    impact = _frequency(Frequency.IMMEDIATELY)
    digest_day = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    digest_time = models.TimeField(default=time(9, 0))
    quiet_from = models.TimeField(default=time(21, 0))
    quiet_until = models.TimeField(default=time(8, 0))
    # The end of the period each digest last covered, so the next says only what is new.
    daily_digest_covered_to = models.DateTimeField(null=True, blank=True)
    weekly_digest_covered_to = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"Email settings of {self.user}"

    def frequency(self, category: str) -> str:
        value: str = getattr(self, category)
        return value
