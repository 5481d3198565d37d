"""Sending the service's emails once the transaction that caused them has committed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from core.text import single_line


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


def email_send_on_commit(
    *, to: list[str], subject: str, template: str, context: dict[str, Any]
) -> None:
    """Render a plain-text email from templates/emails/ and send it after the current
    transaction commits, so that a rolled-back change never emails anybody."""
    body = render_to_string(template, {**email_context(), **context})
    # A subject holds names and titles people typed; one line break in it would make Django
    # refuse the whole email (BadHeaderError) after the change that caused it was saved.
    full_subject = single_line(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}")
    transaction.on_commit(
        lambda: send_mail(subject=full_subject, message=body, from_email=None, recipient_list=to)
    )
