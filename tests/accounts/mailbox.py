"""Reading the account emails a test caused: what every one of them must say, and the links
in them, which must all point at SITE_URL."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail

from tests.mail import emails_delivered

# Tests set SITE_URL to this, so that a link built from the test client's host ("testserver")
# cannot pass for one built from SITE_URL.
SITE = "https://coproduce.example"

LINK = re.compile(r"https?://\S+")


def email_to(address: str) -> mail.EmailMessage:
    """The one email sent to this address."""
    sent = [message for message in emails_delivered() if address in message.to]
    assert len(sent) == 1, [(m.to, m.subject) for m in mail.outbox]
    return sent[0]


def assert_plain(message: mail.EmailMessage, subject: str, *words: str) -> str:
    """The email has this subject, says these words, speaks as the service and links only to
    SITE_URL. Returns the body."""
    assert message.subject == f"[{settings.SERVICE_NAME}] {subject}"
    body = str(message.body)
    for word in (*words, settings.SERVICE_NAME, settings.SERVICE_CONTACT_EMAIL):
        assert word in body, f"{word!r} not in:\n{body}"
    for stock in ("Hello from", "Thank you for using", "example.com", "testserver", "{{", "{%"):
        assert stock not in body, f"{stock!r} in:\n{body}"
    links = LINK.findall(body)
    assert links, body
    assert all(link == SITE or link.startswith(SITE + "/") for link in links), links
    # The same words as HTML beside the plain text, like every email the service sends.
    [(html, mimetype)] = message.alternatives  # type: ignore[attr-defined]
    assert mimetype == "text/html" and subject in str(html)
    return body


def link_path(message: mail.EmailMessage, starts: str) -> str:
    """The path of the one link in the email whose path starts with ``starts``, to follow with
    the test client."""
    paths: list[str] = [urlsplit(link).path for link in LINK.findall(str(message.body))]
    found = [path for path in paths if path.startswith(starts)]
    assert len(found) == 1, paths
    return found[0]
