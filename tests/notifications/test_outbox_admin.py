"""Staff find emails in the outbox and send failed ones again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User
from core.models import OutboxEmail
from core.outbox import outbox_queue
from tests.mail import emails_delivered
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_staff_search_the_outbox_and_resend_failures(make_client: MakeClient, staff: User) -> None:
    for n, status in enumerate(["failed", "sent", "failed"]):
        row = outbox_queue(
            to=f"p{n}@example.org", subject=f"Subject {n}", body="Hi", kind="test", key=f"k{n}"
        )
        assert row is not None
        OutboxEmail.objects.filter(pk=row.pk).update(status=status, attempts=10)
    emails_delivered()
    sent_before = len(emails_delivered())
    client = make_client(staff)
    url = reverse("admin:core_outboxemail_changelist")
    page = client.get(url, {"q": "p2@example.org"}).content.decode()
    assert "Subject 2" in page and "Subject 0" not in page
    ids = list(OutboxEmail.objects.values_list("pk", flat=True))
    response = client.post(url, {"action": "resend", "_selected_action": ids}, follow=True)
    assert "2 emails queued again." in response.content.decode()
    emails_delivered()
    assert sorted(m.to[0] for m in emails_delivered()[sent_before:]) == [
        "p0@example.org",
        "p2@example.org",
    ]
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}
