"""Email settings, quiet hours across the clock changes, and one-click unsubscribe."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from core.models import OutboxEmail
from notifications import services
from notifications.models import Preferences
from tests.mail import emails_delivered
from tests.types import MakeClient

LONDON = ZoneInfo("Europe/London")
UTC = ZoneInfo("UTC")

pytestmark = pytest.mark.django_db


def test_settings_are_saved_and_bad_input_gets_a_message(
    make_client: MakeClient, parent: User
) -> None:
    client = make_client(parent)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "Email settings" in page and "In a weekly digest" in page
    data = {
        "consultations": "daily",
        "sessions": "off",
        "programme": "immediately",
        "news": "weekly",
        "impact": "immediately",
        "digest_day": "4",
        "digest_time": "18:00",
        "quiet_from": "22:00",
        "quiet_until": "07:30",
    }
    response = client.post(url, {**data, "digest_time": "18:30", "quiet_from": "late"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Digests come on the hour" in text
    assert "Enter the start of your quiet hours like 21:00" in text
    assert not Preferences.objects.exists()
    assert client.post(url, data).status_code == 302
    prefs = Preferences.objects.get(user=parent)
    assert (prefs.sessions, prefs.digest_day, prefs.quiet_until) == ("off", 4, time(7, 30))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Winter (GMT): 10pm is quiet until 8am the next day.
        (datetime(2026, 12, 1, 22, 0, tzinfo=UTC), datetime(2026, 12, 2, 8, 0, tzinfo=LONDON)),
        # Summer (BST): 20:30 UTC is 21:30 in London, quiet; 8am London is 07:00 UTC.
        (datetime(2026, 7, 1, 20, 30, tzinfo=UTC), datetime(2026, 7, 2, 8, 0, tzinfo=LONDON)),
        # 19:30 UTC in summer is 20:30 in London: not quiet.
        (datetime(2026, 7, 1, 19, 30, tzinfo=UTC), None),
        # The night the clocks go forward (Sunday 29 March 2026): 8am is BST, 07:00 UTC.
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), datetime(2026, 3, 29, 8, 0, tzinfo=LONDON)),
        # The night they go back (Sunday 25 October 2026): 8am is GMT, 08:00 UTC.
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 8, 0, tzinfo=LONDON)),
        # Early morning, still quiet: the same day's 8am.
        (datetime(2026, 12, 1, 6, 0, tzinfo=UTC), datetime(2026, 12, 1, 8, 0, tzinfo=LONDON)),
    ],
)
def test_quiet_hours_end_on_the_london_clock(moment: datetime, expected: datetime | None) -> None:
    prefs = Preferences()
    assert services.quiet_hours_end(prefs, moment) == expected
    if expected is not None:
        assert expected.astimezone(LONDON).hour == 8


def test_the_unsubscribe_link_works_without_signing_in_and_refuses_a_tampered_token(
    client: Client, parent: User
) -> None:
    token = services.unsubscribe_token(parent, "news")
    url = reverse("notifications:unsubscribe", args=[token])
    assert "Stop emails about forum news" in client.get(url).content.decode()
    # A mail program's one-click POST: no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preferences.objects.get(user=parent).news == "off"
    for bad in (token[:-2] + "xx", "nonsense", token.replace(":", "")):
        response = client.post(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    headers = services.unsubscribe_headers(parent, "news")
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        headers["List-Unsubscribe"].startswith("<https://")
        or "/notifications/unsubscribe/" in headers["List-Unsubscribe"]
    )


def test_notify_respects_the_setting_and_the_key(parent: User) -> None:
    daytime = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    sent = services.notify(
        user=parent,
        category="sessions",
        key="k1",
        subject="Hello",
        template="emails/notifications/results_published.txt",
        context={"consultation": None, "link": "https://x"},
        now=daytime,
    )
    again = services.notify(
        user=parent,
        category="sessions",
        key="k1",
        subject="Hello",
        template="emails/notifications/results_published.txt",
        context={"consultation": None, "link": "https://x"},
        now=daytime,
    )
    assert (sent, again) == (True, False)
    [message] = emails_delivered()
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    services.unsubscribe(user=parent, category="sessions")
    assert not services.notify(
        user=parent,
        category="sessions",
        key="k2",
        subject="Hello",
        template="emails/notifications/results_published.txt",
        context={"consultation": None, "link": "https://x"},
        now=daytime,
    )
    assert OutboxEmail.objects.get(key="k2").status == "suppressed"
    assert len(emails_delivered()) == 1
