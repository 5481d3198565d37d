"""Emails in tests. Every email is queued in the outbox and handed to the worker when the
transaction that caused it commits. A test runs inside a transaction that never commits, so
``emails_delivered`` does what the commit would: it runs the work waiting for it (the worker
runs eagerly in tests) and returns what the locmem backend received."""

from __future__ import annotations

from django.core import mail
from django.db import connection


def emails_delivered() -> list[mail.EmailMessage]:
    while connection.run_on_commit:
        pending = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for entry in pending:
            entry[1]()
    return list(mail.outbox)
