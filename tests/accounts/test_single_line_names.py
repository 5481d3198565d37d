"""Names end up in email subjects, so a line break typed (or pasted) into one must never reach a
header: it is turned into a space when the name is saved, and mail about the person still goes."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts import services
from accounts.models import Role, User
from forums.models import Forum
from tests.accounts.factories import UserFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def _ask_to_join(client: Client, forum: Forum, capture: DjangoCaptureOnCommitCallbacks) -> None:
    with capture(execute=True):
        response = client.post(reverse("forums:join", args=[forum.slug]), {"message": "Hello"})
    assert response["Location"] == reverse("forums:detail", args=[forum.slug])


def test_a_name_signed_up_with_a_line_break_is_saved_on_one_line_and_the_lead_is_emailed(
    client: Client,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Ann\nSmith",
            "email": "ann@example.org",
            "password1": "correct-horse-battery",
            "password2": "correct-horse-battery",
            "role": Role.PARENT_CARER,
            "privacy_notice_agreed": "on",
        },
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    ann = User.objects.get(email="ann@example.org")
    assert ann.full_name == "Ann Smith"

    mail.outbox.clear()
    _ask_to_join(make_client(ann), forum, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert (
        mail.outbox[0].subject == "[Coproduce] Ann Smith asked to join Gateshead Parent Carer Forum"
    )


def test_a_name_changed_to_one_with_line_breaks_is_saved_on_one_line(
    make_client: MakeClient, practitioner: User
) -> None:
    client = make_client(practitioner)
    response = client.post(
        reverse("profile_details_edit"),
        {
            "full_name": "Ann\r\nSmith\u2028",
            "sector": "health",
            "organisation": "Gateshead\nCouncil",
        },
    )
    assert response["Location"] == reverse("profile")
    practitioner.refresh_from_db()
    assert practitioner.full_name == "Ann Smith"
    assert practitioner.organisation == "Gateshead Council"


def test_the_services_clean_names_that_did_not_come_through_a_form(
    gateshead: ForumLead, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    from forums import services as forum_services

    forum, lead = gateshead
    person = UserFactory.create()
    services.user_details_update(user=person, full_name="Ann\n\tSmith\x00\x85")
    person.refresh_from_db()
    assert person.full_name == "Ann Smith"

    with django_capture_on_commit_callbacks(execute=True):
        forum_services.membership_request(forum=forum, user=person)
    assert (
        mail.outbox[0].subject == "[Coproduce] Ann Smith asked to join Gateshead Parent Carer Forum"
    )
