"""Limits on how often a person, or a network address, may do something that writes or
sends: sending consultation answers, starting open-link consultations, sending invitations,
booking sessions. One limiter for all of them; each limit's numbers are in settings
(SERVICE_RATE_LIMITS, read from the environment).

Counts live in the cache (Redis in production). With Redis down, core.cache keeps them in the
process's memory, so limits still hold. Going over raises ``RateLimited``; the middleware
(core.middleware.RateLimitedMiddleware) answers with a 429 page and records the event in the
access log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from core.access import client_address
from core.models import AccessWhat

PERIODS = {"m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([mhd])$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @property
    def wait_words(self) -> str:
        """'an hour', '10 minutes', 'a day': how long until the count starts again."""
        if self.seconds % 86400 == 0:
            days = self.seconds // 86400
            return "a day" if days == 1 else f"{days} days"
        if self.seconds % 3600 == 0:
            hours = self.seconds // 3600
            return "an hour" if hours == 1 else f"{hours} hours"
        minutes = max(self.seconds // 60, 1)
        return "a minute" if minutes == 1 else f"{minutes} minutes"


def parse_rate(text: str) -> Rate:
    """'20/h' is 20 an hour; '5/10m' is 5 in ten minutes; '100/d' is 100 a day."""
    found = RATE.match(text.strip())
    if not found:
        raise ImproperlyConfigured(f"A rate limit must look like 20/h or 5/10m, not {text!r}.")
    count, multiple, unit = found.groups()
    return Rate(int(count), int(multiple or 1) * PERIODS[unit])


class RateLimited(Exception):
    def __init__(self, action: AccessWhat, rate: Rate, by: str) -> None:
        super().__init__(f"{action} over {rate.count} per {rate.seconds} s by {by}")
        self.action = action
        self.rate = rate
        self.by = by


def rates_for(action: AccessWhat) -> dict[str, Rate]:
    configured: dict[str, dict[str, str]] = settings.SERVICE_RATE_LIMITS
    if action not in configured:
        raise ImproperlyConfigured(f"SERVICE_RATE_LIMITS has no entry for {action}.")
    return {by: parse_rate(text) for by, text in configured[action].items()}


def _hashed(value: str) -> str:
    # Keys in the cache carry no address or id in the clear.
    key = hashlib.sha256(f"{settings.SECRET_KEY}:rate-limits".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def _count(key: str, rate: Rate) -> int:
    cache.add(key, 0, timeout=rate.seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=rate.seconds)
        return 1


def rate_limit_hit(request: HttpRequest, *, action: AccessWhat, scope: str = "") -> None:
    """Count one attempt at ``action`` against the signed-in person (if any) and the network
    address, and raise RateLimited if either is over its limit. ``scope`` narrows the count
    to one object (an open-link consultation counts starts per consultation). Call it where
    the attempt is made (a POST), before anything is written."""
    rates = rates_for(action)
    counted: list[tuple[str, str]] = []
    user = getattr(request, "user", None)
    if "person" in rates and user is not None and user.is_authenticated:
        counted.append(("person", f"person:{user.pk}"))
    if "address" in rates:
        counted.append(("address", f"address:{client_address(request)}"))
    for by, who in counted:
        rate = rates[by]
        key = f"rate-limit:{action}:{scope}:{_hashed(who)}"
        if _count(key, rate) > rate.count:
            raise RateLimited(action, rate, by)


# What the 429 page says for each limit: what happened, in plain words.
LIMIT_MESSAGES: dict[str, str] = {
    AccessWhat.CONSULTATION_SUBMIT: "A lot of consultation answers have been sent from your account or your network recently.",
    AccessWhat.OPEN_LINK_START: "A lot of answers to this consultation have been started from your network recently. To keep the results fair, starts from one network are limited.",
    AccessWhat.INVITATION_SEND: "A lot of invitations have been sent from your account or your network recently.",
    AccessWhat.BOOKING: "A lot of bookings have been made from your account or your network recently.",
}
