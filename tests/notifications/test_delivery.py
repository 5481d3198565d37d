"""Email delivery through the outbox against real parts: a Celery worker on the configured
broker, and an SMTP server (aiosmtpd) started by the test.

- A weekly digest is built by the scheduler's task, in chunks, by the worker, and arrives once.
- Messages the broker lost, and a row a worker died while sending, are all delivered exactly
  once after the sweeper runs, however often it runs.
- With the mail server down, signing up, asking to join and resetting a password all work for
  the person; their emails wait and arrive once when it is back.
"""

from __future__ import annotations

import socket
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import OperationalError, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.emails import email_send_on_commit
from core.models import OutboxEmail
from core.outbox import outbox_sweep
from forums.models import Forum
from notifications.tasks import digests_send
from tests.accounts.factories import SIGN_UP_FORM, UserFactory
from tests.conftest import SmtpInbox
from tests.forums.factories import MembershipFactory, NewsPostFactory, forum_with_lead
from tests.mail import emails_delivered

LONDON = ZoneInfo("Europe/London")


def _smtp(port: int) -> dict[str, object]:
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": port,
        "EMAIL_USE_TLS": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_TIMEOUT": 5,
    }


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            pass  # SQLite's test database is locked while the worker writes: read again
        time.sleep(0.2)
    return False


@pytest.fixture
def smtp_settings(smtp_server: SmtpInbox) -> Iterator[SmtpInbox]:
    with override_settings(**_smtp(smtp_server.port)):
        yield smtp_server


@pytest.mark.worker
@pytest.mark.smtp
@pytest.mark.django_db(transaction=True)
def test_the_weekly_digest_is_built_in_chunks_by_the_worker_and_arrives_once(
    celery_worker: object, smtp_settings: SmtpInbox
) -> None:
    forum, lead = forum_with_lead("Gateshead")
    members = [MembershipFactory.create(forum=forum).user for _ in range(3)]
    quiet = MembershipFactory.create(forum=forum).user  # nothing new for them: no digest
    monday_9am = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)
    NewsPostFactory.create(
        forum=forum, title="Coffee morning moved", published_at=monday_9am - timedelta(days=2)
    )
    # News before their last digest is not new.
    from notifications.models import Preferences

    Preferences.objects.create(user=quiet, weekly_digest_covered_to=monday_9am - timedelta(hours=1))
    Preferences.objects.create(user=lead, digest_day=2)  # Wednesdays: not due now

    digests_send.delay(at=monday_9am.isoformat())
    digests_send.delay(at=monday_9am.isoformat())  # the scheduler firing twice sends nothing twice
    expected = {m.email for m in members}
    assert _wait_for(lambda: {m["To"] for m in smtp_settings.messages} >= expected)
    time.sleep(1)
    received = Counter(m["To"] for m in smtp_settings.messages)
    assert received == Counter(expected)
    message = next(m for m in smtp_settings.messages if m["To"] == members[0].email)
    assert message["Subject"] == "[Coproduce] What is new for you this week"
    plain = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert "Coffee morning moved" in plain.get_content()
    assert "Coffee morning moved" in html.get_content()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.worker
@pytest.mark.smtp
@pytest.mark.django_db(transaction=True)
def test_lost_messages_and_a_dead_worker_still_deliver_each_email_exactly_once(
    celery_worker: object, smtp_settings: SmtpInbox
) -> None:
    from coproduce.celery import app

    people = UserFactory.create_batch(20)
    # The broker loses every message: they go to a queue nobody reads, which is then deleted.
    lost_queue = f"lost-{uuid.uuid4().hex[:8]}"
    worker_queue = app.conf.task_default_queue
    app.conf.task_default_queue = lost_queue
    try:
        with transaction.atomic():
            for person in people:
                email_send_on_commit(
                    to=[person.email],
                    subject="Your place",
                    template="emails/peer_network/booking_waiting.txt",
                    context={"person": person, "session": None, "booking": None},
                    key=f"fault:{person.pk}",
                )
    finally:
        app.conf.task_default_queue = worker_queue
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(lost_queue)
    # A worker died mid-send on three of them: they sit in "sending".
    stuck = list(OutboxEmail.objects.order_by("pk").values_list("pk", flat=True)[:3])
    OutboxEmail.objects.filter(pk__in=stuck).update(status="sending")
    time.sleep(1)
    assert smtp_settings.messages == []

    later = timezone.now() + timedelta(minutes=11)
    outbox_sweep(now=later)  # takes back the stuck rows and hands every due row to the worker
    outbox_sweep(now=later)  # a second sweep while the first is being worked on
    assert _wait_for(lambda: len(smtp_settings.messages) >= 20)
    time.sleep(1)
    outbox_sweep(now=later)
    time.sleep(1)
    received = Counter(m["To"] for m in smtp_settings.messages)
    assert received == Counter(p.email for p in people)
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}


@pytest.mark.smtp
@pytest.mark.django_db
def test_with_the_mail_server_down_people_can_still_sign_up_join_and_reset(
    smtp_server: SmtpInbox, gateshead: tuple[Forum, User], parent: User
) -> None:
    forum, _ = gateshead
    with override_settings(**_smtp(_closed_port())):
        client = Client()
        response = client.post(
            reverse("account_signup"),
            {**SIGN_UP_FORM, "email": "sam@example.org"},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        joining = Client()
        joining.force_login(parent)
        assert (
            joining.post(reverse("forums:join", args=[forum.slug]), {"message": "Hi"}).status_code
            == 302
        )
        assert (
            Client().post(reverse("account_reset_password"), {"email": parent.email}).status_code
            == 302
        )
        emails_delivered()
    waiting = OutboxEmail.objects.filter(status="queued")
    assert waiting.count() >= 3 and all(row.last_error for row in waiting)
    assert smtp_server.messages == []
    # The server is back, and each email's wait is over: one sweep delivers, a second adds nothing.
    OutboxEmail.objects.update(send_after=timezone.now() - timedelta(seconds=1))
    with override_settings(**_smtp(smtp_server.port)):
        outbox_sweep()
        outbox_sweep()
    received = Counter((m["To"], m["Subject"]) for m in smtp_server.messages)
    assert received and set(received.values()) == {1}
    assert len(smtp_server.messages) == OutboxEmail.objects.filter(status="sent").count() >= 3
    assert {"sam@example.org", parent.email} <= {m["To"] for m in smtp_server.messages}
