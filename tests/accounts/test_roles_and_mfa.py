from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from accounts.models import Role, RoleStatus, User
from tests.accounts.factories import UserFactory, second_step_record, totp_enable
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_commissioner() -> User:
    return UserFactory.create(
        email="new-commissioner@example.org",
        role=Role.COMMISSIONER,
        role_status=RoleStatus.PENDING,
        organisation="Gateshead Council",
        full_name="Nina New",
    )


def test_staff_see_pending_requests(
    make_client: MakeClient, staff: User, pending_commissioner: User
) -> None:
    page = make_client(staff).get(reverse("approvals")).content.decode()
    assert "Nina New" in page
    assert "Gateshead Council" in page
    assert "1 waiting" in page
    assert "Commissioner" in page


def test_staff_approve_a_commissioner_who_is_told_by_email(
    make_client: MakeClient,
    staff: User,
    pending_commissioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    client = make_client(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("approval_decide", args=[pending_commissioner.pk]), {"decision": "approve"}
        )
    assert response["Location"] == reverse("approvals")
    pending_commissioner.refresh_from_db()
    assert pending_commissioner.is_commissioner
    assert pending_commissioner.role_decided_by == staff
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new-commissioner@example.org"]
    assert "approved your commissioner account" in mail.outbox[0].body
    page = client.get(reverse("approvals")).content.decode()
    assert "Nina New&#x27;s commissioner access was approved" in page
    assert "There are no requests waiting" in page


def test_a_declined_request_gives_no_extra_access(
    make_client: MakeClient,
    staff: User,
    pending_commissioner: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        make_client(staff).post(
            reverse("approval_decide", args=[pending_commissioner.pk]), {"decision": "decline"}
        )
    pending_commissioner.refresh_from_db()
    assert pending_commissioner.role_status == RoleStatus.DECLINED
    assert not pending_commissioner.is_commissioner
    assert "could not approve your commissioner account" in mail.outbox[0].body


@pytest.mark.parametrize("who", ["parent_carer", "practitioner", "commissioner"])
def test_only_staff_can_decide(
    who: str,
    role_users: dict[str, User | None],
    make_client: MakeClient,
    pending_commissioner: User,
) -> None:
    response = make_client(role_users[who]).post(
        reverse("approval_decide", args=[pending_commissioner.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    pending_commissioner.refresh_from_db()
    assert pending_commissioner.role_status == RoleStatus.PENDING


def test_deciding_a_parent_carer_or_unknown_id_is_not_found(
    make_client: MakeClient, staff: User, parent: User
) -> None:
    client = make_client(staff)
    assert (
        client.post(
            reverse("approval_decide", args=[parent.pk]), {"decision": "approve"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("approval_decide", args=[999999]), {"decision": "approve"}).status_code
        == 404
    )


def test_a_malformed_decision_changes_nothing(
    make_client: MakeClient, staff: User, pending_commissioner: User
) -> None:
    response = make_client(staff).post(
        reverse("approval_decide", args=[pending_commissioner.pk]),
        {"decision": "promote"},
        follow=True,
    )
    assert "Choose approve or decline" in response.content.decode()
    pending_commissioner.refresh_from_db()
    assert pending_commissioner.role_status == RoleStatus.PENDING


@pytest.mark.parametrize("kind", ["commissioner", "staff"])
def test_commissioners_and_staff_must_set_up_totp_first(kind: str, make_client: MakeClient) -> None:
    user = UserFactory.create(**{kind: True})
    client = make_client(user)
    for name in ("profile", "profile_details_edit"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # They can still reach what they need to set it up, and the public pages.
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("privacy")).status_code == 200
    # An authenticator added some other way still needs a code from it in this session.
    totp_enable(user)
    assert client.get(reverse("profile"))["Location"].startswith(reverse("mfa_reauthenticate"))
    second_step_record(client, user)
    assert client.get(reverse("profile")).status_code == 200


def test_staff_pages_need_totp_too(make_client: MakeClient) -> None:
    user = UserFactory.create(staff=True)
    assert make_client(user).get(reverse("approvals"))["Location"] == reverse("mfa_activate_totp")


def test_parent_carers_and_practitioners_may_choose_mfa(
    make_client: MakeClient, parent: User, practitioner: User
) -> None:
    for user in (parent, practitioner):
        assert make_client(user).get(reverse("profile")).status_code == 200
        assert not user.must_use_mfa


def test_a_pending_commissioner_is_not_yet_forced_to_use_mfa(make_client: MakeClient) -> None:
    user = UserFactory.create(commissioner=True, role_status=RoleStatus.PENDING)
    assert make_client(user).get(reverse("profile")).status_code == 200


def test_signing_in_with_totp_asks_for_the_code(client: Client) -> None:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    user = UserFactory.create(commissioner=True, email="chris@example.org")
    secret = totp_enable(user)
    response = client.post(
        reverse("account_login"),
        {"login": "chris@example.org", "password": "a-long-test-password-1"},
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in until the code is given
    page = client.get(reverse("mfa_authenticate")).content.decode()
    # One name for the step, and a code box that says where the code comes from.
    assert "Two-step verification" in page and "two-factor" not in page.lower()
    assert "Code from your authenticator app" in page and "recovery codes" in page
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(user.pk)
