"""Abuse limits: allauth's limits on signing in, signing up and resetting passwords stay on,
and the service's own limits on bookings, invitations and sending answers stop a person or
an address that goes over, with the service's 429 page and an entry in the access log."""

from __future__ import annotations

import pytest
from allauth.account import app_settings as allauth_settings
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import User
from core.limits import parse_rate
from core.models import AccessKind, AccessLog, AccessWhat
from forums.models import Forum, Invitation
from peer_network.models import Booking
from tests.accounts.factories import UserFactory
from tests.peer_network.factories import SessionFactory
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_allauths_limits_are_on_for_signing_in_up_and_resetting() -> None:
    assert getattr(django_settings, "ACCOUNT_RATE_LIMITS", {}) is not False
    rates = allauth_settings.RATE_LIMITS
    for action in ("login", "login_failed", "signup", "reset_password", "confirm_email"):
        assert rates.get(action), action


def test_rates_read_as_written() -> None:
    assert (parse_rate("20/h").count, parse_rate("20/h").seconds) == (20, 3600)
    assert parse_rate("5/10m").seconds == 600
    assert parse_rate("1/d").wait_words == "a day"
    with pytest.raises(ImproperlyConfigured):
        parse_rate("twenty an hour")


def test_bookings_over_the_personal_limit_get_the_429_page_and_are_logged(
    settings: SettingsWrapper, make_client: MakeClient, parent: User
) -> None:
    settings.SERVICE_RATE_LIMITS = {"booking": {"person": "2/h", "address": "100/h"}}
    sessions = [SessionFactory.create() for _ in range(3)]
    client = make_client(parent)
    statuses = [
        client.post(reverse("peer_network:book", args=[s.pk]), {"access_needs": ""}).status_code
        for s in sessions
    ]
    assert statuses == [302, 302, 429]
    assert Booking.objects.filter(user=parent).count() == 2
    response = client.post(
        reverse("peer_network:book", args=[sessions[2].pk]), {"access_needs": ""}
    )
    page = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Please try again later" in page and "try again in an hour" in page
    assert 'class="govuk-skip-link"' in page  # the service's own layout
    limited = AccessLog.objects.filter(kind=AccessKind.LIMITED)
    assert {(e.what, e.person) for e in limited} == {(AccessWhat.BOOKING, parent)}
    # Someone else is not held back by this person's count.
    other = make_client(UserFactory.create())
    assert (
        other.post(
            reverse("peer_network:book", args=[sessions[2].pk]), {"access_needs": ""}
        ).status_code
        == 302
    )


def test_one_address_is_limited_across_people(
    settings: SettingsWrapper, make_client: MakeClient
) -> None:
    settings.SERVICE_RATE_LIMITS = {"booking": {"person": "100/h", "address": "2/h"}}
    session = SessionFactory.create()
    statuses = []
    for _ in range(3):
        client = make_client(UserFactory.create())
        statuses.append(
            client.post(
                reverse("peer_network:book", args=[session.pk]), {"access_needs": ""}
            ).status_code
        )
    assert statuses == [302, 302, 429]
    assert Booking.objects.count() == 2
    assert (
        make_client(UserFactory.create())
        .post(
            reverse("peer_network:book", args=[session.pk]),
            {"access_needs": ""},
            REMOTE_ADDR="198.51.100.1",
        )
        .status_code
        == 302
    )


def test_invitations_over_the_limit_are_not_sent(
    settings: SettingsWrapper, make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    settings.SERVICE_RATE_LIMITS = {"invitation_send": {"person": "2/h", "address": "100/h"}}
    forum, lead = gateshead
    client = make_client(lead)
    statuses = [
        client.post(
            reverse("forums:invite", args=[forum.slug]),
            {"email": f"person{n}@example.org", "role": "member"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Invitation.objects.count() == 2
    assert AccessLog.objects.filter(
        kind=AccessKind.LIMITED, what=AccessWhat.INVITATION_SEND, person=lead
    ).exists()


def test_an_invalid_form_does_not_count(
    settings: SettingsWrapper, make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    settings.SERVICE_RATE_LIMITS = {"invitation_send": {"person": "1/h"}}
    forum, lead = gateshead
    client = make_client(lead)
    url = reverse("forums:invite", args=[forum.slug])
    for _ in range(3):
        assert client.post(url, {"email": "not an address", "role": "member"}).status_code == 200
    assert client.post(url, {"email": "jo@example.org", "role": "member"}).status_code == 302


def test_a_missing_limit_is_a_configuration_error(
    settings: SettingsWrapper, make_client: MakeClient, parent: User
) -> None:
    settings.SERVICE_RATE_LIMITS = {}
    session = SessionFactory.create()
    with pytest.raises(ImproperlyConfigured):
        make_client(parent).post(
            reverse("peer_network:book", args=[session.pk]), {"access_needs": ""}
        )


def test_every_limited_action_has_settings_and_a_message() -> None:
    from core.limits import LIMIT_MESSAGES, rates_for

    for action in LIMIT_MESSAGES:
        assert rates_for(AccessWhat(action))


def test_anonymous_people_are_counted_by_address(settings: SettingsWrapper) -> None:
    from consultations.models import Response
    from tests.consultations.factories import make_consultation
    from tests.forums.factories import forum_with_lead

    settings.SERVICE_RATE_LIMITS = {"open_link_start": {"address": "1/h"}}
    consultation = make_consultation(*forum_with_lead("Durham"), audience="open_link")
    url = reverse("consultations:open_start", args=[consultation.open_link_token])
    assert Client().post(url).status_code == 302
    response = Client().post(url)
    assert response.status_code == 429
    assert "started from your network" in response.content.decode()
    assert Response.objects.count() == 1
    entry = AccessLog.objects.get()
    assert (entry.what, entry.person, entry.network) == (
        AccessWhat.OPEN_LINK_START,
        None,
        "127.0.0.0/24",
    )


def test_sending_answers_over_the_limit_is_refused_and_the_draft_kept(
    settings: SettingsWrapper, make_client: MakeClient, gateshead: tuple[Forum, User]
) -> None:
    from consultations.models import Response
    from tests.consultations.factories import make_consultation
    from tests.consultations.helpers import answer_all
    from tests.forums.factories import MembershipFactory

    settings.SERVICE_RATE_LIMITS = {"consultation_submit": {"person": "1/h", "address": "100/h"}}
    forum, lead = gateshead
    first, second = make_consultation(forum, lead), make_consultation(forum, lead)
    member = MembershipFactory.create(forum=forum).user
    client = make_client(member)
    assert answer_all(client, first).status_code != 429
    assert Response.objects.filter(consultation=first, submitted_at__isnull=False).count() == 1
    refused = answer_all(client, second)
    assert refused.status_code == 429
    assert "consultation answers have been sent" in refused.content.decode()
    # The answers to the second wait as a draft, to be sent once the hour is up.
    draft = Response.objects.get(consultation=second, respondent=member)
    assert draft.submitted_at is None and draft.answers.exists()
    assert AccessLog.objects.filter(
        kind=AccessKind.LIMITED, what=AccessWhat.CONSULTATION_SUBMIT, person=member
    ).exists()
