from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from accounts.models import Consent, User
from core.dates import gov_time
from forums import services
from forums.models import (
    INVITATION_LIFETIME,
    Forum,
    Invitation,
    Membership,
    MembershipRole,
    MembershipStatus,
    invitation_status_filters,
)
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
    later = time.time() + INVITATION_LIFETIME.total_seconds() + 60
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


# The lead's list, cancelling and sending again --------------------------------------------------


def _sent_ago(invitation: Invitation, **ago: float) -> Invitation:
    """The invitation as if its latest email went out that long ago."""
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now() - timedelta(**ago))
    invitation.refresh_from_db()
    return invitation


def _url(name: str, invitation: Invitation, forum: Forum | None = None) -> str:
    return reverse(name, args=[(forum or invitation.forum).slug, invitation.pk])


def test_the_leads_list_shows_each_invitations_status_with_what_can_be_done(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    waiting = services.invitation_create(
        forum=forum, email="waiting@example.org", role="member", invited_by=lead
    )
    expired = _sent_ago(
        services.invitation_create(
            forum=forum, email="expired@example.org", role="member", invited_by=lead
        ),
        days=15,
    )
    accepted = services.invitation_create(
        forum=forum, email="accepted@example.org", role="representative", invited_by=lead
    )
    services.invitation_accept(
        invitation=accepted, user=UserFactory.create(email="accepted@example.org", full_name="Ada")
    )
    cancelled = services.invitation_create(
        forum=forum, email="cancelled@example.org", role="member", invited_by=lead
    )
    services.invitation_cancel(invitation=cancelled, cancelled_by=lead)

    # The status one invitation shows and the filters lists count by are the same rule.
    for invitation in (waiting, expired, accepted, cancelled):
        invitation.refresh_from_db()
        matching = {
            status
            for status, rule in invitation_status_filters().items()
            if Invitation.objects.filter(rule, pk=invitation.pk).exists()
        }
        assert matching == {invitation.status}

    page = make_client(lead).get(reverse("forums:invite", args=[forum.slug])).content.decode()
    assert "1 waiting for a reply, 1 accepted, 1 expired, 1 cancelled." in page
    cards = {
        email: page[page.index(f">{email}</h3>") :].split('class="govuk-summary-card"')[0]
        for email in ("waiting", "expired", "accepted", "cancelled")
        for email in [f"{email}@example.org"]
    }
    assert "Waiting</strong>" in cards["waiting@example.org"]
    assert "Link works until" in cards["waiting@example.org"]
    assert _url("forums:invitation_resend", waiting) in cards["waiting@example.org"]
    assert _url("forums:invitation_cancel", waiting) in cards["waiting@example.org"]
    assert "Expired</strong>" in cards["expired@example.org"]
    assert _url("forums:invitation_resend", expired) in cards["expired@example.org"]
    assert _url("forums:invitation_cancel", expired) not in cards["expired@example.org"]
    assert "Accepted</strong>" in cards["accepted@example.org"]
    assert "by Ada" in cards["accepted@example.org"]
    assert "/resend/" not in cards["accepted@example.org"]
    assert "Cancelled</strong>" in cards["cancelled@example.org"]
    assert "by Gateshead Lead" in cards["cancelled@example.org"]
    assert "/resend/" not in cards["cancelled@example.org"]


@pytest.mark.parametrize("invitations", [3, 60])
def test_the_invitation_list_query_count_is_constant(
    invitations: int,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, lead = gateshead
    for n in range(invitations):
        services.invitation_create(
            forum=forum, email=f"person{n}@example.org", role="member", invited_by=lead
        )
    client = make_client(lead)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("forums:invite", args=[forum.slug]))
    page = response.content.decode()
    assert f"{invitations} waiting for a reply." in page and "0 accepted" not in page


def test_a_cancelled_invitations_link_says_plainly_that_it_was_cancelled(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    invitation, link = _lead_invitation(forum, lead)
    client = make_client(lead)
    page = client.get(_url("forums:invitation_cancel", invitation)).content.decode()
    assert "Cancel the invitation to" in page and "jo.lead@example.org" in page
    assert "The link in the email we sent them will stop working." in page
    assert (
        'govuk-button--warning" data-module="govuk-button" data-prevent-double-click="true">Cancel invitation'
        in page
    )
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None

    response = client.post(_url("forums:invitation_cancel", invitation))
    assert response["Location"] == reverse("forums:invite", args=[forum.slug])
    assert (
        "The link in their email no longer works."
        in client.get(response["Location"]).content.decode()
    )
    invitation.refresh_from_db()
    assert invitation.cancelled_by == lead

    invitee = UserFactory.create(email="jo.lead@example.org")
    for who in (make_client(None), make_client(invitee)):
        response = who.get(link)
        assert response.status_code == 400
        assert (
            "Gateshead Parent Carer Forum has cancelled this invitation, so the link no longer "
            "works." in response.content.decode()
        )
        forum_page = reverse("forums:detail", args=[forum.slug])
        assert f'href="{forum_page}">Visit Gateshead Parent Carer Forum’s page' in (
            response.content.decode()
        )
    assert make_client(invitee).post(link).status_code == 400
    assert not Membership.objects.filter(forum=forum, user=invitee).exists()
    # Cancelling twice changes nothing.
    client.post(_url("forums:invitation_cancel", invitation))
    assert Invitation.objects.get(pk=invitation.pk).cancelled_at == invitation.cancelled_at


def test_an_invitation_cancelled_after_its_link_was_opened_cannot_be_accepted(
    gateshead: ForumLead,
) -> None:
    forum, lead = gateshead
    invitation, _ = _lead_invitation(forum, lead)
    opened = services.invitation_from_token(services.invitation_token(invitation))
    services.invitation_cancel(invitation=invitation, cancelled_by=lead)
    person = UserFactory.create(email="jo.lead@example.org")
    with pytest.raises(services.InvitationInvalid, match="has cancelled this invitation"):
        services.invitation_accept(invitation=opened, user=person)
    assert not Membership.objects.filter(forum=forum, user=person).exists()


def test_an_accepted_or_expired_invitation_cannot_be_cancelled(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    invitation, _ = _lead_invitation(forum, lead)
    services.invitation_accept(
        invitation=invitation, user=UserFactory.create(email="jo.lead@example.org")
    )
    with pytest.raises(ValidationError, match="already accepted"):
        services.invitation_cancel(invitation=invitation, cancelled_by=lead)
    expired = _sent_ago(_lead_invitation(forum, lead, email="late@example.org")[0], days=15)
    with pytest.raises(ValidationError, match="has expired"):
        services.invitation_cancel(invitation=expired, cancelled_by=lead)


def test_sending_again_emails_a_new_link_and_the_old_one_stops_working(
    make_client: MakeClient,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    with django_capture_on_commit_callbacks(execute=True):
        _invite(make_client(lead), forum, "jo@example.org", "steering_group")
    invitation = _sent_ago(Invitation.objects.get(), hours=2)
    old_link = _link(mail.outbox[0])

    client = make_client(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("forums:invitation_resend", invitation))
    assert response["Location"] == reverse("forums:invite", args=[forum.slug])
    page = client.get(response["Location"]).content.decode()
    assert "The invitation has been emailed to jo@example.org again" in page
    assert "(2 times)" in page

    assert len(mail.outbox) == 2
    resent = mail.outbox[1]
    assert resent.to == ["jo@example.org"]
    assert resent.subject.endswith("You are invited to join Gateshead Parent Carer Forum")
    assert "This is a new link. The link in the invitation we sent you before no longer works." in (
        resent.body
    )
    assert "as a steering group" in resent.body
    expires = timezone.localdate() + INVITATION_LIFETIME
    assert f"This link works until {expires.day} {expires:%B %Y}." in resent.body
    new_link = _link(resent)
    assert new_link != old_link

    response = make_client(None).get(old_link)
    assert response.status_code == 400
    assert (
        "Gateshead Parent Carer Forum has sent you a newer invitation, so this link no longer "
        "works. Use the link in the most recent email." in response.content.decode()
    )
    # The new link is still bound to the address it was sent to.
    stranger = UserFactory.create(email="not.jo@example.org")
    assert make_client(stranger).post(new_link).status_code == 403
    person = UserFactory.create(email="jo@example.org")
    assert make_client(person).post(old_link).status_code == 400
    response = make_client(person).post(new_link)
    assert response["Location"] == reverse("forums:detail", args=[forum.slug])
    assert Membership.objects.get(forum=forum, user=person).role == MembershipRole.STEERING_GROUP


def test_sending_again_within_the_hour_is_refused_with_a_clear_message(
    make_client: MakeClient,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    invitation = _sent_ago(
        services.invitation_create(
            forum=forum, email="jo@example.org", role="member", invited_by=lead
        ),
        minutes=20,
    )
    client = make_client(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("forums:invitation_resend", invitation), follow=True)
    page = response.content.decode()
    assert "govuk-error-summary" in page
    sent, again = invitation.sent_at, invitation.sent_at + services.INVITATION_RESEND_INTERVAL
    assert (
        f"This invitation to jo@example.org was sent at {gov_time(sent)}. "
        f"You can send it again from {gov_time(again)}." in page
    )
    assert mail.outbox == []
    assert Invitation.objects.get(pk=invitation.pk).times_sent == 1


def test_an_expired_invitation_can_be_sent_again_for_another_14_days(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    invitation, old_link = _lead_invitation(forum, lead)
    invitation = _sent_ago(invitation, days=20)
    assert "has expired" in make_client(None).get(old_link).content.decode()
    services.invitation_resend(invitation=invitation, resent_by=lead)
    invitation.refresh_from_db()
    assert invitation.times_sent == 2
    assert invitation.expires_at > timezone.now() + timedelta(days=13)
    link = reverse("forums:invitation_accept", args=[services.invitation_token(invitation)])
    assert "Create your account" in make_client(None).get(link).content.decode()


def test_accepted_and_cancelled_invitations_are_not_sent_again(gateshead: ForumLead) -> None:
    forum, lead = gateshead
    accepted, _ = _lead_invitation(forum, lead)
    services.invitation_accept(
        invitation=accepted, user=UserFactory.create(email="jo.lead@example.org")
    )
    cancelled, _ = _lead_invitation(forum, lead, email="cancel@example.org")
    services.invitation_cancel(invitation=cancelled, cancelled_by=lead)
    for invitation, refusal in ((accepted, "already accepted"), (cancelled, "was cancelled")):
        _sent_ago(invitation, days=1)
        with pytest.raises(ValidationError, match=refusal):
            services.invitation_resend(invitation=invitation, resent_by=lead)
    # Someone who joined another way since is not invited again.
    joined, _ = _lead_invitation(forum, lead, email="joined@example.org")
    MembershipFactory.create(forum=forum, user=UserFactory.create(email="joined@example.org"))
    with pytest.raises(ValidationError, match="already a member"):
        services.invitation_resend(invitation=_sent_ago(joined, days=1), resent_by=lead)


def test_inviting_the_same_address_twice_sends_one_invitation(
    make_client: MakeClient,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    client = make_client(lead)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, forum, "jo@example.org")
        page = _invite(client, forum, "Jo@Example.org").content.decode()
    assert "You have already invited jo@example.org." in page
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1
    # Once that invitation has expired, inviting again is fine.
    _sent_ago(Invitation.objects.get(), days=15)
    _invite(client, forum, "jo@example.org")
    assert Invitation.objects.count() == 2


@pytest.mark.parametrize("name", ["forums:invitation_resend", "forums:invitation_cancel"])
def test_only_this_forums_leads_send_again_or_cancel_its_invitations(
    name: str,
    make_client: MakeClient,
    gateshead: ForumLead,
    sunderland: ForumLead,
    parent: User,
) -> None:
    forum, lead = gateshead
    invitation = _sent_ago(_lead_invitation(forum, lead)[0], days=1)
    other_forum, other_lead = sunderland
    by_slug = make_client(other_lead).post(_url(name, invitation))
    by_id = make_client(other_lead).post(_url(name, invitation, other_forum))
    member = make_client(parent).post(_url(name, invitation))
    assert (by_slug.status_code, by_id.status_code, member.status_code) == (403, 404, 403)
    assert make_client(other_lead).get(_url(name, invitation, other_forum)).status_code in (
        404,
        405,
    )
    invitation.refresh_from_db()
    assert invitation.times_sent == 1 and invitation.cancelled_at is None
    with pytest.raises(PermissionDenied):
        services.invitation_resend(invitation=invitation, resent_by=other_lead)
    with pytest.raises(PermissionDenied):
        services.invitation_cancel(invitation=invitation, cancelled_by=other_lead)


def test_a_link_sent_before_invitations_could_be_sent_again_still_works(
    client: Client, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    invitation, _ = _lead_invitation(forum, lead)
    token = signing.dumps({"invitation": invitation.pk}, salt=services.INVITATION_SALT)
    assert services.invitation_from_token(token) == invitation
    services.invitation_resend(invitation=_sent_ago(invitation, hours=2), resent_by=lead)
    with pytest.raises(services.InvitationInvalid, match="newer invitation"):
        services.invitation_from_token(token)
