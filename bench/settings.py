"""The production settings, for benchmarks served over plain HTTP on loopback.

Everything is production (``PRODUCTION=true`` and its environment) except: the URLs add the
ceiling view (bench/urls.py), cookies may travel without HTTPS (there is none on loopback), and
each response says how long the app took and how many queries it made (bench/middleware.py),
so the load generator can tell server time from time spent queueing.
"""

from __future__ import annotations

from coproduce.settings import *  # noqa: F403
from coproduce.settings import MIDDLEWARE, SERVICE_RATE_LIMITS

ROOT_URLCONF = "bench.urls"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
MIDDLEWARE = ["bench.middleware.ServerTiming", *MIDDLEWARE]
# Emails are sent from a queue of their own, so a benchmark can measure building and queueing
# them (the digests) apart from sending them; bench workers take both queues unless told not to.
CELERY_TASK_ROUTES = {"coproduce.outbox_send": {"queue": "outbox"}}
# All load comes from one loopback address and a few hundred made-up people, far over the
# per-address and per-person limits that protect the public service; the benchmarks measure
# the pages, not the limiter.
SERVICE_RATE_LIMITS = {
    action: dict.fromkeys(rates, "1000000/h") for action, rates in SERVICE_RATE_LIMITS.items()
}
