"""Account emails really leave the service: a password reset through a real SMTP server."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from tests.mail import emails_delivered

if TYPE_CHECKING:
    from tests.conftest import SmtpInbox

pytestmark = [pytest.mark.smtp, pytest.mark.django_db]


def test_password_reset_is_delivered_by_smtp_and_its_link_works(
    client: Client, parent: User, smtp_server: SmtpInbox
) -> None:
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp_server.port,
        EMAIL_USE_TLS=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        response = client.post(reverse("account_reset_password"), {"email": parent.email})
        emails_delivered()
    assert response["Location"] == reverse("account_reset_password_done")

    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == parent.email
    assert message["Subject"].startswith("[Coproduce]")
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    body = plain.get_content()
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", body)
    assert found is not None
    path = found.group(1)

    form_page = client.get(path, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    client.post(
        action, {"password1": "a-brand-new-password-9", "password2": "a-brand-new-password-9"}
    )
    parent.refresh_from_db()
    assert parent.check_password("a-brand-new-password-9")
