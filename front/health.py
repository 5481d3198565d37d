"""Reachability checks for /healthz: the database, the background-job broker and the cache."""

from __future__ import annotations

from django.core.cache import caches
from django.db import connection

from coproduce.celery import app as celery_app
from core.cache import ResilientRedisCache


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return bool(cursor.fetchone() == (1,))
    except Exception:
        return False


def broker_reachable() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
            conn.default_channel  # noqa: B018 (opening a channel proves the broker answers)
        return True
    except Exception:
        return False


def cache_reachable() -> bool:
    """The cache holds the rate-limit counts. If Redis is down they fall back to each process's
    memory (core.cache), which keeps people signing in but loosens the limits: so ask Redis
    itself, not the fallback."""
    cache = caches["default"]
    try:
        if isinstance(cache, ResilientRedisCache):
            return cache.redis_ping()
        cache.set("healthz", "ok", timeout=10)
        return bool(cache.get("healthz") == "ok")
    except Exception:
        return False
