from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from accounts.models import User
from forums.models import Forum, Membership, MembershipRole, MembershipStatus
from tests.accounts.factories import UserFactory
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient

pytestmark = pytest.mark.django_db


def test_a_parent_asks_to_join_and_the_leads_are_emailed(
    make_client: MakeClient,
    parent: User,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    client = make_client(parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("forums:join", args=[forum.slug]), {"message": "My son is autistic."}
        )
    assert response["Location"] == reverse("forums:detail", args=[forum.slug])
    membership = Membership.objects.get(forum=forum, user=parent)
    assert membership.status == MembershipStatus.PENDING
    assert membership.request_message == "My son is autistic."
    assert mail.outbox[0].to == [lead.email]
    assert "My son is autistic." in mail.outbox[0].body
    page = client.get(reverse("forums:detail", args=[forum.slug])).content.decode()
    assert "You have asked to join" in page


def test_a_second_join_request_is_refused_and_nothing_is_duplicated(
    make_client: MakeClient, parent: User, gateshead: ForumLead
) -> None:
    forum, _ = gateshead
    client = make_client(parent)
    client.post(reverse("forums:join", args=[forum.slug]), {"message": ""})
    response = client.post(reverse("forums:join", args=[forum.slug]), {"message": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "You have already asked to join" in page
    assert Membership.objects.filter(forum=forum, user=parent).count() == 1


def test_practitioners_cannot_ask_to_join(
    make_client: MakeClient, practitioner: User, gateshead: ForumLead
) -> None:
    forum, _ = gateshead
    response = make_client(practitioner).post(reverse("forums:join", args=[forum.slug]), {})
    assert "Practitioners join when a lead invites them" in response.content.decode()
    assert not Membership.objects.filter(user=practitioner).exists()


def test_the_lead_approves_with_a_message_and_the_parent_is_told(
    make_client: MakeClient,
    parent: User,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    membership = MembershipFactory.create(forum=forum, user=parent, status=MembershipStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        response = make_client(lead).post(
            reverse("forums:member_decide", args=[forum.slug, membership.pk]),
            {"decision": "approve", "message": "See you at coffee morning!"},
        )
    assert response["Location"] == reverse("forums:members", args=[forum.slug])
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE
    assert membership.joined_at is not None
    assert mail.outbox[-1].to == [parent.email]
    assert "You are now a member of Gateshead Parent Carer Forum" in mail.outbox[-1].body
    assert "See you at coffee morning!" in mail.outbox[-1].body


def test_a_declined_request_is_told_and_can_ask_again(
    make_client: MakeClient,
    parent: User,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    membership = MembershipFactory.create(forum=forum, user=parent, status=MembershipStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        make_client(lead).post(
            reverse("forums:member_decide", args=[forum.slug, membership.pk]),
            {"decision": "decline", "message": "This forum is for Gateshead families."},
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.DECLINED
    assert "has not accepted your request" in mail.outbox[-1].body
    make_client(parent).post(reverse("forums:join", args=[forum.slug]), {"message": "I moved."})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_a_decision_twice_changes_nothing_the_second_time(
    make_client: MakeClient, parent: User, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    membership = MembershipFactory.create(forum=forum, user=parent, status=MembershipStatus.PENDING)
    client = make_client(lead)
    url = reverse("forums:member_decide", args=[forum.slug, membership.pk])
    client.post(url, {"decision": "approve"})
    response = client.post(url, {"decision": "decline"}, follow=True)
    assert "already been dealt with" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ACTIVE


def test_a_lead_of_another_forum_cannot_touch_these_members(
    make_client: MakeClient, parent: User, gateshead: ForumLead, sunderland: ForumLead
) -> None:
    forum, _ = gateshead
    _, other_lead = sunderland
    membership = MembershipFactory.create(forum=forum, user=parent, status=MembershipStatus.PENDING)
    client = make_client(other_lead)
    # Through their own forum's address: the membership is not found there.
    url = reverse("forums:member_decide", args=["sunderland-parent-carer-forum", membership.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    # Through this forum's address: they are not its lead.
    url = reverse("forums:member_decide", args=[forum.slug, membership.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    for name in ("forums:member_role", "forums:member_remove"):
        assert (
            client.post(
                reverse(name, args=[forum.slug, membership.pk]), {"role": "lead"}
            ).status_code
            == 403
        )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_the_lead_changes_a_role_and_removes_a_member(
    make_client: MakeClient, gateshead: ForumLead
) -> None:
    forum, lead = gateshead
    membership = MembershipFactory.create(forum=forum)
    client = make_client(lead)
    client.post(
        reverse("forums:member_role", args=[forum.slug, membership.pk]), {"role": "representative"}
    )
    membership.refresh_from_db()
    assert membership.role == MembershipRole.REPRESENTATIVE
    client.post(reverse("forums:member_remove", args=[forum.slug, membership.pk]))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT and membership.left_at is not None


def test_a_malformed_role_changes_nothing(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    membership = MembershipFactory.create(forum=forum)
    response = make_client(lead).post(
        reverse("forums:member_role", args=[forum.slug, membership.pk]),
        {"role": "owner"},
        follow=True,
    )
    assert "Choose a role from the list" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == MembershipRole.MEMBER


def test_a_forum_always_keeps_a_lead(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    lead_membership = Membership.objects.get(forum=forum, user=lead)
    client = make_client(lead)
    response = client.post(
        reverse("forums:member_role", args=[forum.slug, lead_membership.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "A forum needs at least one lead" in response.content.decode()
    response = client.post(reverse("forums:leave", args=[forum.slug]))
    assert "A forum needs at least one lead" in response.content.decode()
    lead_membership.refresh_from_db()
    assert lead_membership.is_lead


def test_a_member_leaves(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, _ = gateshead
    membership = MembershipFactory.create(forum=forum)
    client = make_client(membership.user)
    assert (
        "Are you sure you want to leave"
        in client.get(reverse("forums:leave", args=[forum.slug])).content.decode()
    )
    client.post(reverse("forums:leave", args=[forum.slug]))
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.LEFT


def test_member_list_search_and_filters(make_client: MakeClient, gateshead: ForumLead) -> None:
    forum, lead = gateshead
    MembershipFactory.create(
        forum=forum, user=UserFactory.create(full_name="Ann Aardvark"), role="representative"
    )
    MembershipFactory.create(
        forum=forum, user=UserFactory.create(full_name="Ben Badger"), status="pending"
    )
    client = make_client(lead)
    url = reverse("forums:members", args=[forum.slug])
    page = client.get(url, {"q": "aardvark"}).content.decode()
    assert "Ann Aardvark" in page and "Ben Badger" not in page
    page = client.get(url, {"status": "pending"}).content.decode()
    assert "Ben Badger" in page and "Ann Aardvark" not in page
    page = client.get(url, {"role": "representative"}).content.decode()
    assert "Ann Aardvark" in page and "Ben Badger" not in page
    # Requests waiting for a decision are listed first.
    page = client.get(url).content.decode()
    assert page.index("Ben Badger") < page.index("Ann Aardvark")
    # A malformed filter is ignored with no error page.
    assert client.get(url, {"status": "nonsense"}).status_code == 200


@pytest.mark.parametrize("members", [10, 200])
def test_member_list_query_count_is_constant(
    members: int,
    make_client: MakeClient,
    gateshead: ForumLead,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    forum, lead = gateshead
    MembershipFactory.create_batch(members, forum=forum)
    client = make_client(lead)
    # 10 with the navigation's programmes link, 1 to record the view in the access log and 1
    # for its content type (read once, then cached by Django).
    with django_assert_max_num_queries(12):
        response = client.get(reverse("forums:members", args=[forum.slug]))
    assert response.status_code == 200
    assert f"{members + 1} results" in response.content.decode()


def test_a_line_break_in_a_forum_name_never_stops_the_leads_email(
    make_client: MakeClient,
    parent: User,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    # Staff keep forum names in the admin, which no service stands in front of.
    Forum.objects.filter(pk=forum.pk).update(name="Gateshead\r\nParent Carer Forum")
    with django_capture_on_commit_callbacks(execute=True):
        make_client(parent).post(reverse("forums:join", args=[forum.slug]), {"message": ""})
    assert Membership.objects.get(forum=forum, user=parent).status == MembershipStatus.PENDING
    assert [message.to for message in mail.outbox] == [[lead.email]]
    assert mail.outbox[0].subject.endswith("asked to join Gateshead Parent Carer Forum")
    assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject


def test_joining_and_leaving_again_and_again_emails_the_lead_once_a_day(
    make_client: MakeClient,
    parent: User,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from forums import services

    forum, lead = gateshead
    client = make_client(parent)
    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("forums:join", args=[forum.slug]), {"message": "Please"})
        client.post(reverse("forums:leave", args=[forum.slug]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forums:join", args=[forum.slug]), {"message": "Last time"})
    assert len([m for m in mail.outbox if m.to == [lead.email]]) == 1

    # The request itself is always there for the lead to see and decide.
    membership = Membership.objects.get(forum=forum, user=parent)
    assert membership.status == MembershipStatus.PENDING
    page = make_client(lead).get(reverse("forums:members", args=[forum.slug])).content.decode()
    assert "Last time" in page
    assert reverse("forums:member_decide", args=[forum.slug, membership.pk]) in page

    # A day later, a new request is news again.
    Membership.objects.filter(pk=membership.pk).update(
        lead_emailed_at=timezone.now() - timedelta(hours=24, minutes=1)
    )
    services.membership_leave(membership=membership, user=parent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("forums:join", args=[forum.slug]), {"message": ""})
    assert len([m for m in mail.outbox if m.to == [lead.email]]) == 2


def test_another_persons_request_is_still_emailed(
    make_client: MakeClient,
    parent: User,
    gateshead: ForumLead,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    forum, lead = gateshead
    other = UserFactory.create()
    for person in (parent, other):
        with django_capture_on_commit_callbacks(execute=True):
            make_client(person).post(reverse("forums:join", args=[forum.slug]), {"message": ""})
    assert len([m for m in mail.outbox if m.to == [lead.email]]) == 2
