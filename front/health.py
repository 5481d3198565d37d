"""Reachability checks for /healthz: the database and the background-job broker."""

from __future__ import annotations

from django.db import connection

from coproduce.celery import app as celery_app


def database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
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
