"""The email outbox: every email the service sends is a row (core.models.OutboxEmail) written in
the transaction that caused it, and sent by a Celery task after the commit.

- ``outbox_queue`` writes the row; its key is unique, so queueing the same email twice does
  nothing (reminders and digests pass keys such as "digest:<person>:<week>").
- ``outbox_deliver`` sends one row under a row lock. A row already sent is left alone, so a
  task delivered twice by the broker sends once. A failure waits (2, 4, 8... minutes, at most
  six hours) and is tried again; after MAX_ATTEMPTS it is marked failed for staff to resend.
- ``outbox_sweep`` runs every minute: it hands the worker every row that is due, whether its
  task was lost (a broker restarted, a worker died) or its wait is over, and takes back rows
  stuck in "sending" by a worker that died mid-send.

Delivery is at least once; the row's status, checked under the lock, makes it once in all but
the case of a worker dying between the mail server's "accepted" and the row being marked sent.
Each email's Message-ID comes from its key, so a mail server can drop that rare second copy.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from hashlib import sha256

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from core.links import link_addresses
from core.models import OutboxEmail, OutboxStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
# A row in "sending" this long was left by a worker that died mid-send.
SENDING_TIMEOUT = timedelta(minutes=10)
# Rows handed to the worker per sweep.
SWEEP_BATCH = 500


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email, such as a calendar invitation."""

    filename: str
    content: bytes
    mimetype: str


def html_body(text: str, subject: str) -> str:
    """The HTML alternative: the same words, paragraphs kept, addresses as links."""
    paragraphs = [link_addresses(part).replace("\n", "<br>\n") for part in text.split("\n\n")]
    return render_to_string(
        "emails/outbox.html",
        {"subject": subject, "paragraphs": paragraphs, "service_name": settings.SERVICE_NAME},
    )


def outbox_queue(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    key: str,
    user_id: int | None = None,
    category: str = "essential",
    headers: dict[str, str] | None = None,
    attachments: tuple[Attachment, ...] = (),
    send_after: datetime | None = None,
    forget_after_sending: bool = False,
) -> OutboxEmail | None:
    """Write the email as a row and hand it to the worker once the transaction commits.
    Returns None if an email with this key was queued before (nothing is queued again)."""
    try:
        with transaction.atomic():
            row = OutboxEmail.objects.create(
                key=key,
                to=to,
                user_id=user_id,
                kind=kind,
                category=category,
                subject=subject,
                body_text=body,
                body_html=html_body(body, subject),
                headers=headers or {},
                attachments=[
                    {
                        "filename": a.filename,
                        "content": base64.b64encode(a.content).decode("ascii"),
                        "mimetype": a.mimetype,
                    }
                    for a in attachments
                ],
                send_after=send_after,
                forget_after_sending=forget_after_sending,
            )
    except IntegrityError:
        return None
    if send_after is None or send_after <= timezone.now():
        transaction.on_commit(lambda: outbox_dispatch([row.pk]), robust=True)
    return row


def outbox_dispatch(row_ids: list[int]) -> None:
    """Hand rows to the worker. A broker that is down is logged: the sweeper tries again."""
    from core.tasks import outbox_send

    for row_id in row_ids:
        try:
            outbox_send.delay(row_id)
        except Exception:
            logger.warning("The broker did not take email %s; the sweeper will", row_id)
            return


def _message(row: OutboxEmail) -> EmailMultiAlternatives:
    domain = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        to=[row.to],
        headers={
            **row.headers,
            "Message-ID": f"<{sha256(row.key.encode()).hexdigest()[:32]}@{domain}>",
        },
    )
    if row.body_html:
        message.attach_alternative(row.body_html, "text/html")
    for attachment in row.attachments:
        message.attach(
            attachment["filename"],
            base64.b64decode(attachment["content"]),
            attachment["mimetype"],
        )
    return message


def outbox_deliver(row_id: int) -> str:
    """Send one row if it is due and not yet sent. Safe to run twice, or at once in two
    workers (the second finds the row taken or sent). Returns the row's status."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            OutboxEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=row_id, status=OutboxStatus.QUEUED)
            .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
            .first()
        )
        if row is None:
            return "not due"
        row.status = OutboxStatus.SENDING
        row.attempts += 1
        row.save(update_fields=["status", "attempts", "updated_at"])
    try:
        _message(row).send()
    except Exception as error:
        wait = min(timedelta(minutes=2**row.attempts), timedelta(hours=6))
        failed = row.attempts >= MAX_ATTEMPTS
        OutboxEmail.objects.filter(pk=row.pk).update(
            status=OutboxStatus.FAILED if failed else OutboxStatus.QUEUED,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            send_after=None if failed else timezone.now() + wait,
            updated_at=timezone.now(),
        )
        logger.warning("Email %s was not sent (attempt %s): %s", row.pk, row.attempts, error)
        return OutboxStatus.FAILED if failed else OutboxStatus.QUEUED
    done = {"status": OutboxStatus.SENT, "sent_at": timezone.now(), "last_error": ""}
    if row.forget_after_sending:
        done |= {"to": "", "body_text": "", "body_html": "", "subject": "", "attachments": []}
    OutboxEmail.objects.filter(pk=row.pk).update(**done, updated_at=timezone.now())
    return OutboxStatus.SENT


def outbox_sweep(*, now: datetime | None = None) -> int:
    """Hand the worker every row that is due, and take back rows a dead worker left in
    "sending". Returns how many rows were handed over."""
    now = now or timezone.now()
    OutboxEmail.objects.filter(
        status=OutboxStatus.SENDING, updated_at__lt=now - SENDING_TIMEOUT
    ).update(status=OutboxStatus.QUEUED, updated_at=now)
    due = list(
        OutboxEmail.objects.filter(status=OutboxStatus.QUEUED)
        .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    outbox_dispatch(due)
    return len(due)


def outbox_resend(*, row_ids: list[int]) -> int:
    """Staff: try failed emails again from the start."""
    count = OutboxEmail.objects.filter(pk__in=row_ids, status=OutboxStatus.FAILED).update(
        status=OutboxStatus.QUEUED, attempts=0, send_after=None, updated_at=timezone.now()
    )
    transaction.on_commit(lambda: outbox_dispatch(list(row_ids)), robust=True)
    return count
