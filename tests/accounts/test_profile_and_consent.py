from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Consent, ConsentKind, User
from tests.mail import emails_delivered
from tests.types import MakeClient

pytestmark = pytest.mark.django_db


def test_profile_shows_details_and_consents(make_client: MakeClient, practitioner: User) -> None:
    page = make_client(practitioner).get(reverse("profile")).content.decode()
    assert practitioner.email in page
    assert "Example NHS Trust" in page
    assert "Health" in page
    assert "Agreed to version 2026-11" in page
    assert "We do not ask about your children" in page


def test_details_are_changed_through_the_form(make_client: MakeClient, practitioner: User) -> None:
    client = make_client(practitioner)
    response = client.post(
        reverse("profile_details_edit"),
        {"full_name": "Pat New", "sector": "social_care", "organisation": "Gateshead Council"},
    )
    assert response["Location"] == reverse("profile")
    practitioner.refresh_from_db()
    assert (practitioner.full_name, practitioner.sector, practitioner.organisation) == (
        "Pat New",
        "social_care",
        "Gateshead Council",
    )


def test_bad_details_keep_what_was_typed(make_client: MakeClient, practitioner: User) -> None:
    response = make_client(practitioner).post(
        reverse("profile_details_edit"), {"full_name": "", "organisation": "Kept Org", "sector": ""}
    )
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter your full name" in page
    assert "Select the sector you work in" in page
    assert 'value="Kept Org"' in page
    practitioner.refresh_from_db()
    assert practitioner.full_name != ""


def test_special_category_consent_can_be_given_and_withdrawn(
    make_client: MakeClient, parent: User
) -> None:
    client = make_client(parent)
    client.post(reverse("consent_give", args=["children"]))
    client.post(reverse("consent_give", args=["children"]))  # a double submit keeps one
    assert (
        Consent.objects.current().filter(user=parent, kind=ConsentKind.SPECIAL_CATEGORY).count()
        == 1
    )
    client.post(reverse("consent_withdraw", args=["children"]))
    record = Consent.objects.get(user=parent, kind=ConsentKind.SPECIAL_CATEGORY)
    assert record.withdrawn_at is not None  # the record of what was agreed is kept
    assert "We do not ask about your children" in client.get(reverse("profile")).content.decode()


def test_withdrawing_the_privacy_notice_holds_the_person_until_they_agree_again(
    make_client: MakeClient, parent: User
) -> None:
    client = make_client(parent)
    client.post(reverse("consent_withdraw", args=["privacy"]))
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("consent_give", args=["privacy"]))
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("consent_give", args=["privacy"]), {"next": reverse("profile")})
    assert client.get(reverse("profile")).status_code == 200
    assert Consent.objects.filter(user=parent, kind=ConsentKind.PRIVACY_NOTICE).count() == 2


def test_an_unknown_consent_is_a_clear_bad_request(make_client: MakeClient, parent: User) -> None:
    response = make_client(parent).post(reverse("consent_withdraw", args=["everything"]))
    assert response.status_code == 400


def test_consent_next_url_cannot_leave_the_site(make_client: MakeClient, parent: User) -> None:
    response = make_client(parent).post(
        reverse("consent_give", args=["children"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("profile")


def test_signed_in_pages_are_not_stored(client: Client, parent: User) -> None:
    client.force_login(parent)
    response = client.get(reverse("profile"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_changing_email_asks_for_the_password_again(make_client: MakeClient, parent: User) -> None:
    from allauth.account.models import EmailAddress

    client = make_client(parent)
    change = {"action_add": "", "email": "new-address@example.org"}
    response = client.post(reverse("account_email"), change)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="new-address@example.org").exists()

    client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password-1"})
    client.post(reverse("account_email"), change)
    new = EmailAddress.objects.get(email="new-address@example.org")
    assert not new.verified  # the new address is used only once its owner confirms it
    assert emails_delivered()[-1].to == ["new-address@example.org"]


def test_account_pages_speak_plain_english(make_client: MakeClient, parent: User) -> None:
    client = make_client(parent)
    client.post(reverse("account_reauthenticate"), {"password": "a-long-test-password-1"})
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Set up an authenticator app" in page
    assert "Activate Authenticator App" not in page
    assert "Two-step verification" in client.get(reverse("mfa_index")).content.decode()
    assert (
        "Reset your password"
        in make_client(None).get(reverse("account_reset_password")).content.decode()
    )
