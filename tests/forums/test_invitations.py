from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Consent, User
from forums import services
from forums.models import Forum, Invitation, Membership, MembershipRole, MembershipStatus
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

if TYPE_CHECKING:
    from tests.types import TestResponse

pytestmark = pytest.mark.django_db


def _invite(
    client: Client,
    forum: Forum,
    email: str,
    role: str = "member",
    capture: DjangoCaptureOnCommitCallbacks | None = None,
) -> TestResponse:
    return client.post(reverse("forums:invite", args=[forum.slug]), {"email": email, "role": role})


def _link(message: EmailMessage) -> str:
    found = re.search(r"https?://[^/\s]+(/forums/invitations/\S+/)", str(message.body))
    assert found is not None
    return found.group(1)


def test_a_lead_invites_by_email_with_a_signed_link(
    make_client: MakeClient,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(make_client(lead), forum, "New.Person@Example.org", "representative")
    assert response["Location"] == reverse("forums:invite", args=[forum.slug])
    invitation = Invitation.objects.get()
    assert invitation.email == "new.person@example.org"
    assert invitation.role == MembershipRole.REPRESENTATIVE
    assert mail.outbox[0].to == ["new.person@example.org"]
    assert (
        "Gateshead Lead has invited you to join Gateshead Parent Carer Forum" in mail.outbox[0].body
    )
    token = _link(mail.outbox[0]).split("/")[-2]
    assert services.invitation_from_token(token) == invitation


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-email", "Enter an email address in the correct format"),
        ("", "Enter the email address of the person to invite"),
    ],
)
def test_a_malformed_address_shows_the_error_summary_and_writes_nothing(
    make_client: MakeClient, gateshead: ForumLead, email: str, message: str
) -> None:
    forum, lead = gateshead
    response = _invite(make_client(lead), forum, email)
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert message in page
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_an_existing_member_is_refused(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    member = MembershipFactory.create(forum=forum).user
    page = _invite(make_client(lead), forum, member.email).content.decode()
    assert "is already a member" in page
    assert not Invitation.objects.exists()


def test_only_the_forums_leads_can_invite(
    make_client: MakeClient, gateshead: ForumLead, sunderland: ForumLead, parent: User
) -> None:
    forum, _ = gateshead
    for user in (sunderland[1], parent):
        assert _invite(make_client(user), forum, "x@example.org").status_code == 403
    assert not Invitation.objects.exists()


def test_someone_new_accepts_and_gets_a_verified_account(
    client: Client, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    invitation = services.invitation_create(
        forum=forum, email="newbie@example.org", role="member", invited_by=lead
    )
    url = reverse("forums:invitation_accept", args=[services.invitation_token(invitation)])
    page = client.get(url).content.decode()
    assert "Create your account" in page and "newbie@example.org" in page

    # Bad input keeps what was typed and creates nothing.
    response = client.post(
        url, {"full_name": "Nia New", "password1": "short", "password2": "short"}
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'value="Nia New"' in page
    assert not User.objects.filter(email="newbie@example.org").exists()

    response = client.post(
        url,
        {
            "full_name": "Nia New",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
            "privacy_notice_agreed": "on",
        },
    )
    assert response["Location"] == reverse("forums:detail", args=[forum.slug])
    user = User.objects.get(email="newbie@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert Consent.objects.filter(user=user, kind="privacy_notice").exists()
    assert Membership.objects.get(forum=forum, user=user).status == MembershipStatus.ACTIVE
    assert client.get(reverse("profile")).status_code == 200  # signed in
    # The link cannot be used twice.
    assert "already been used" in client.get(url).content.decode()


def test_a_signed_in_person_accepts_and_their_account_is_linked(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    person = UserFactory.create(email="existing@example.org")
    invitation = services.invitation_create(
        forum=forum, email=person.email, role="steering_group", invited_by=lead
    )
    url = reverse("forums:invitation_accept", args=[services.invitation_token(invitation)])
    assert "Sign in to accept" in make_client(None).get(url).content.decode()
    client = make_client(person)
    client.post(url)
    membership = Membership.objects.get(forum=forum, user=person)
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.role == MembershipRole.STEERING_GROUP
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_a_tampered_link_is_refused_clearly(client: Client, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    invitation = services.invitation_create(
        forum=forum, email="a@example.org", role="member", invited_by=lead
    )
    token = services.invitation_token(invitation)
    response = client.get(reverse("forums:invitation_accept", args=[token[:-3] + "abc"]))
    assert response.status_code == 400
    assert "This invitation link is not valid" in response.content.decode()
    forged = signing.dumps({"invitation": invitation.pk}, salt="something-else")
    response = client.get(reverse("forums:invitation_accept", args=[forged]))
    assert "This invitation link is not valid" in response.content.decode()


def test_an_expired_link_is_refused_clearly(
    client: Client, gateshead: ForumLead, monkeypatch: pytest.MonkeyPatch
) -> None:
    forum, lead = gateshead
    invitation = services.invitation_create(
        forum=forum, email="a@example.org", role="member", invited_by=lead
    )
    token = services.invitation_token(invitation)
    # Signing reads the clock through the time module.
    later = time.time() + services.INVITATION_LIFETIME.total_seconds() + 60
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(reverse("forums:invitation_accept", args=[token]))
    assert response.status_code == 400
    assert "This invitation has expired" in response.content.decode()
    assert client.post(reverse("forums:invitation_accept", args=[token]), {}).status_code == 400
    assert not Membership.objects.filter(user__email="a@example.org").exists()


def _lead_invitation(
    forum: Forum, lead: User, email: str = "jo.lead@example.org"
) -> tuple[Invitation, str]:
    invitation = services.invitation_create(
        forum=forum, email=email, role=MembershipRole.LEAD, invited_by=lead
    )
    url = reverse("forums:invitation_accept", args=[services.invitation_token(invitation)])
    return invitation, url


def test_a_signed_in_person_with_another_address_is_refused_and_told_plainly(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    invitation, url = _lead_invitation(forum, lead)
    stranger = UserFactory.create(email="someone.else@example.org")
    client = make_client(stranger)

    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This invitation was sent to j***@example.org." in page
    assert "Sign out and sign in with that address, or ask the forum to invite you again." in page
    assert "jo.lead@example.org" not in page
    assert "Accept and join" not in page

    response = client.post(url)
    assert response.status_code == 403
    assert "This invitation was sent to j***@example.org." in response.content.decode()
    assert not Membership.objects.filter(forum=forum, user=stranger).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.accepted_by is None


def test_the_service_refuses_another_account_even_without_the_view(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    invitation, _ = _lead_invitation(forum, lead)
    member = MembershipFactory.create(forum=forum, role=MembershipRole.MEMBER).user
    # An unverified address that matches proves nothing.
    EmailAddress.objects.create(user=member, email="jo.lead@example.org", verified=False)
    with pytest.raises(services.InvitationForAnotherAccount, match=r"j\*\*\*@example\.org"):
        services.invitation_accept(invitation=invitation, user=member)
    membership = Membership.objects.get(forum=forum, user=member)
    assert membership.role == MembershipRole.MEMBER
    assert not Membership.objects.leads().filter(forum=forum, user=member).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_invited_address_is_matched_whatever_its_case(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    invitation, url = _lead_invitation(forum, lead, email="Jo.Lead@Example.org")
    person = UserFactory.create(email="jo.lead@example.org")
    person.email = "JO.LEAD@EXAMPLE.ORG"  # an address stored with other capitals
    person.save(update_fields=["email"])
    response = make_client(person).post(url)
    assert response["Location"] == reverse("forums:detail", args=[forum.slug])
    membership = Membership.objects.get(forum=forum, user=person)
    assert membership.is_lead
    invitation.refresh_from_db()
    assert invitation.accepted_by == person


def test_a_verified_second_address_of_the_account_matches(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    invitation, _ = _lead_invitation(forum, lead)
    person = UserFactory.create(email="jo.personal@example.org")
    EmailAddress.objects.create(user=person, email="JO.LEAD@example.org", verified=True)
    membership = services.invitation_accept(invitation=invitation, user=person)
    assert membership.is_lead
