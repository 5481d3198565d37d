"""A person downloads their data from their account, then deletes the account; staff see that
an account was deleted and nothing about whose. axe-core checks each page at every width."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from accounts.models import User
from peer_network import services as peer_services
from privacy.models import Erasure
from tests.accounts.factories import PASSWORD, UserFactory, totp_enable
from tests.browser.visitor import Visitor
from tests.peer_network.factories import SessionFactory
from tests.types import NewVisitor, SignInAs

pytestmark = pytest.mark.django_db(transaction=True)


def _download_path(email: str) -> str:
    [message] = [m for m in mail.outbox if m.to == [email] and "ready" in m.subject]
    found = re.search(r"(/accounts/your-data/download/\S+/)", str(message.body))
    assert found is not None
    return found.group(1)


def test_download_then_delete(
    visitor: Visitor, new_visitor: NewVisitor, sign_in_as: SignInAs
) -> None:
    page = visitor.page
    email = f"robin.{visitor.width}@example.org"
    person = UserFactory.create(email=email, full_name="Robin Example")
    peer_services.booking_create(
        session_id=SessionFactory.create().pk, user=person, access_needs="Step-free access"
    )
    sign_in_as(person)

    visitor.goto("/accounts/profile/")
    page.get_by_role("link", name="Download your data").click()
    visitor.check("your-data-empty")
    page.get_by_role("button", name="Ask for your data").click()
    page.wait_for_url("**/accounts/your-data/")
    visitor.check("your-data-asked")
    assert page.get_by_text("Ready", exact=True).is_visible()

    # The link in the email downloads the ZIP for this person only.
    path = _download_path(email)
    download = page.request.get(visitor.base_url + path)
    assert download.status == 200
    assert download.headers["content-type"] == "application/zip"
    assert download.body()[:2] == b"PK"
    stranger = new_visitor("stranger")
    sign_in_as(UserFactory.create(email=f"stranger.{visitor.width}@example.org"), stranger)
    assert stranger.page.request.get(visitor.base_url + path).status == 404

    visitor.goto("/accounts/profile/")
    page.get_by_role("link", name="Delete your account").click()
    visitor.check("delete-account")
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account").click()
    visitor.check("delete-account-error")
    assert page.get_by_role("link", name="The password is not right").is_visible()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/accounts/deleted/")
    visitor.check("account-deleted")
    assert not User.objects.filter(email=email).exists()
    assert Erasure.objects.count() == 1

    staff = UserFactory.create(email=f"staff.{visitor.width}@example.org", staff=True)
    totp_enable(staff)
    watcher = new_visitor("staff")
    sign_in_as(staff, watcher)
    watcher.goto("/accounts/deletions/")
    assert watcher.page.get_by_text("Future bookings cancelled: 1").is_visible()
    assert email not in watcher.page.content()
