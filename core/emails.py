"""Sending the service's emails: plain text from templates/emails/, links built on SITE_URL."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string

from core.text import single_line

logger = logging.getLogger(__name__)


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


def _compose(subject: str, template: str, context: dict[str, Any]) -> tuple[str, str]:
    body = render_to_string(template, {**email_context(), **context})
    # A subject holds names and titles people typed; one line break in it would make Django
    # refuse the whole email (BadHeaderError) after the change that caused it was saved.
    return single_line(f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"), body


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email, such as a calendar invitation."""

    filename: str
    content: bytes
    mimetype: str


def email_send_on_commit(
    *,
    to: list[str],
    subject: str,
    template: str,
    context: dict[str, Any],
    attachments: tuple[Attachment, ...] = (),
) -> None:
    """Send a plain-text email after the current transaction commits, so that a rolled-back
    change never emails anybody. The change is already saved when the email goes, so a mail
    server that is down is logged rather than turned into an error page for a saved change."""
    full_subject, body = _compose(subject, template, context)

    def send() -> None:
        message = EmailMessage(subject=full_subject, body=body, to=to)
        for attachment in attachments:
            message.attach(attachment.filename, attachment.content, attachment.mimetype)
        message.send()

    transaction.on_commit(send, robust=True)


def email_send_now(*, to: list[str], subject: str, template: str, context: dict[str, Any]) -> bool:
    """Send a plain-text email while the person waits, for emails that are the whole point of
    their request and whose address is kept nowhere else. Says whether the mail server took
    it, so the page can tell them."""
    full_subject, body = _compose(subject, template, context)
    try:
        send_mail(subject=full_subject, message=body, from_email=None, recipient_list=to)
    except (smtplib.SMTPException, OSError):
        logger.warning("An email could not be handed to the mail server", exc_info=True)
        return False
    return True
