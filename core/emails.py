"""Writing the service's emails: plain text from templates/emails/ (with an HTML alternative
made from it), links built on SITE_URL, each one queued in the outbox (core/outbox.py) and sent
by the worker after the change that caused it commits."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from core.outbox import Attachment, outbox_queue
from core.text import single_line

__all__ = ["Attachment", "email_context", "email_send_on_commit", "site_link"]


def site_link(path: str) -> str:
    """An address on the service for an email: SITE_URL and the path, never the host of the
    request that caused the email (a forged Host header must not change where a link goes)."""
    return f"{settings.SITE_URL}{path}"


def email_context() -> dict[str, str]:
    """What every email names: the service, its address and where to ask for help."""
    return {
        "site_url": settings.SITE_URL,
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
    }


def email_compose(subject: str, template: str, context: dict[str, Any]) -> tuple[str, str]:
    body = render_to_string(template, {**email_context(), **context})
    # A subject holds names and titles people typed; one line break in it would make Django
    # refuse the whole email (BadHeaderError) after the change that caused it was saved.
    return single_line(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"), body


def email_send_on_commit(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    attachments: tuple[Attachment, ...] = (),
    key: str | None = None,
    user_id: int | None = None,
    category: str = "essential",
    headers: dict[str, str] | None = None,
    send_after: datetime | None = None,
    forget_after_sending: bool = False,
) -> int:
    """Queue a plain-text email to each address, sent once the current transaction commits,
    so that a rolled-back change never emails anybody and a mail server that is down loses
    nothing. ``key`` makes queueing idempotent (one address per call when given). Returns how
    many were queued (0 if the key was used before)."""
    full_subject, body = email_compose(subject, template, context)
    kind = template.removeprefix("emails/").removesuffix(".txt")
    queued = 0
    for address in to:
        row = outbox_queue(
            to=address,
            subject=full_subject,
            body=body,
            kind=kind,
            key=key if key and len(to) == 1 else f"{kind}:{uuid.uuid4().hex}",
            user_id=user_id,
            category=category,
            headers=headers,
            attachments=attachments,
            send_after=send_after,
            forget_after_sending=forget_after_sending,
        )
        queued += row is not None
    return queued
