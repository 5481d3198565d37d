"""Someone answering by open link can email themselves their code to carry on; the address is
used for that email only."""

from __future__ import annotations

import re
import socket
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from consultations.services import CARRY_ON_EMAILS_PER_HOUR
from core.models import OutboxEmail
from core.outbox import outbox_sweep
from tests.conftest import SmtpInbox
from tests.consultations.factories import make_consultation
from tests.consultations.helpers import page_one
from tests.mail import emails_delivered
from tests.types import ForumLead

pytestmark = pytest.mark.django_db

ADDRESS = "sam.parent@example.net"


@pytest.fixture
def open_consultation(gateshead: ForumLead) -> Consultation:
    return make_consultation(*gateshead, audience="open_link")


def _started(consultation: Consultation) -> tuple[Client, str]:
    client = Client()
    token = str(consultation.open_link_token)
    client.post(reverse("consultations:open_start", args=[token]))
    client.post(
        reverse("consultations:open_section", args=[token, 1]),
        {**page_one(consultation), "save_and_exit": "1"},
    )
    page = client.get(reverse("consultations:open_start", args=[token])).content.decode()
    found = re.search(r'id="carry-on-code">([^<]+)<', page)
    assert found is not None
    assert "Email me the code" in page and "Copy the code" in page
    return client, found.group(1)


def _stored_anywhere(text: str) -> list[str]:
    """Every model and text column where the text is stored."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            is_text = isinstance(field, models.CharField | models.TextField)
            if is_text and model._default_manager.filter(**{f"{field.name}__icontains": text}):
                found.append(f"{model.__name__}.{field.name}")
    return found


def test_the_code_is_emailed_and_the_address_is_not_kept(
    open_consultation: Consultation,
) -> None:
    client, code = _started(open_consultation)
    token = open_consultation.open_link_token
    url = reverse("consultations:open_email_code", args=[token])
    page = client.get(url).content.decode()
    assert "forget it once the email has gone" in page
    response = client.post(url, {"email": ADDRESS}, follow=True)
    assert f"We have emailed your code to {ADDRESS}" in response.content.decode()
    [message] = emails_delivered()
    assert message.to == [ADDRESS]
    assert open_consultation.title in message.subject
    assert code in message.body
    carry_on = f"{settings.SITE_URL}{reverse('consultations:open_carry_on', args=[token])}"
    assert carry_on in message.body
    assert _stored_anywhere(ADDRESS) == []


def test_bad_addresses_get_a_message(open_consultation: Consultation) -> None:
    client, _ = _started(open_consultation)
    url = reverse("consultations:open_email_code", args=[open_consultation.open_link_token])
    page = client.post(url, {"email": "not an address"}).content.decode()
    assert "Enter an email address in the correct format" in page and "not an address" in page
    assert "Enter your email address" in client.post(url, {"email": ""}).content.decode()
    assert emails_delivered() == []


def test_a_code_is_emailed_a_few_times_an_hour_at_most(open_consultation: Consultation) -> None:
    client, _ = _started(open_consultation)
    url = reverse("consultations:open_email_code", args=[open_consultation.open_link_token])
    for n in range(CARRY_ON_EMAILS_PER_HOUR):
        client.post(url, {"email": f"person{n}@example.net"})
    page = client.post(url, {"email": "stranger@example.net"}).content.decode()
    assert "already been emailed 3 times in the last hour" in page
    assert len(emails_delivered()) == CARRY_ON_EMAILS_PER_HOUR


def test_without_a_draft_there_is_no_code_to_send(open_consultation: Consultation) -> None:
    url = reverse("consultations:open_email_code", args=[open_consultation.open_link_token])
    response = Client().post(url, {"email": ADDRESS})
    assert response["Location"] == reverse(
        "consultations:open_start", args=[open_consultation.open_link_token]
    )
    assert emails_delivered() == []


@pytest.mark.smtp
def test_the_email_goes_through_a_mail_server_and_waits_while_it_is_down(
    open_consultation: Consultation, smtp_server: SmtpInbox
) -> None:
    client, code = _started(open_consultation)
    url = reverse("consultations:open_email_code", args=[open_consultation.open_link_token])
    smtp = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_USE_TLS": False,
        "EMAIL_HOST_USER": "",
        "EMAIL_HOST_PASSWORD": "",
        "EMAIL_TIMEOUT": 5,
    }
    with override_settings(**smtp, EMAIL_PORT=smtp_server.port):
        client.post(url, {"email": ADDRESS})
        emails_delivered()
    [message] = smtp_server.messages
    assert message["To"] == ADDRESS
    body = message.get_body(preferencelist=("plain",))
    assert body is not None and code in body.get_content()
    # Once sent, the outbox keeps that an email went, not to whom or what it said.
    assert _stored_anywhere(ADDRESS) == []
    assert _stored_anywhere(code) == []

    with socket.socket() as probe:  # a port nothing listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    with override_settings(**smtp, EMAIL_PORT=closed_port):
        response = client.post(url, {"email": ADDRESS}, follow=True)
        emails_delivered()
    assert f"We have emailed your code to {ADDRESS}" in response.content.decode()
    waiting = OutboxEmail.objects.get(status="queued")
    assert waiting.attempts == 1 and "Error" in waiting.last_error
    # The server is back and the wait is over: the next sweep sends it, and only once.
    OutboxEmail.objects.filter(pk=waiting.pk).update(
        send_after=timezone.now() - timedelta(seconds=1)
    )
    with override_settings(**smtp, EMAIL_PORT=smtp_server.port):
        outbox_sweep()
        outbox_sweep()
    assert len(smtp_server.messages) == 2
    assert OutboxEmail.objects.get(pk=waiting.pk).status == "sent"
