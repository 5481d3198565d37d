"""Commissioners and staff reach nothing until this session has given an authenticator code,
whichever way the session was signed in; authenticator secrets are stored encrypted."""

from __future__ import annotations

import importlib

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import (
    PASSWORD,
    UserFactory,
    second_step_record,
    totp_code,
    totp_enable,
)
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

# The admin index, staff approvals and a signed-in person's own pages.
GUARDED = ("/admin/", "/accounts/approvals/", "/accounts/profile/", "/")


def _person(kind: str) -> tuple[User, str]:
    user = UserFactory.create(**{kind: True}, email=f"{kind}@example.org")
    return user, totp_enable(user)


def _held_at_second_step(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302, path
    assert response["Location"].startswith(reverse("mfa_reauthenticate")), path


def _code_given(client: Client, secret: str, next_path: str) -> None:
    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next={next_path}", {"code": totp_code(secret)}
    )
    assert response.status_code == 302
    assert response["Location"] == next_path


@pytest.mark.parametrize("kind", ["staff", "commissioner"])
def test_a_session_signed_in_without_the_code_reaches_nothing(kind: str) -> None:
    user, secret = _person(kind)
    client = Client()
    client.force_login(user)  # django.contrib.auth.login: how any other route signs people in
    for path in GUARDED:
        _held_at_second_step(client, path)
    # Signing out and the public pages stay open.
    assert client.get(reverse("privacy")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200
    # The two-step page asks for the code, then the person carries on where they were going.
    page = client.get(reverse("mfa_reauthenticate")).content.decode()
    assert "Enter the code from your authenticator app" in page
    assert 'name="code"' in page
    assert "Use your password" not in page  # a password alone is not the second step
    assert 'href="/accounts/logout/"' in page
    _code_given(client, secret, "/accounts/profile/")
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/").status_code == 200
    if kind == "staff":
        assert "Site administration" in client.get("/admin/").content.decode()
        assert (
            "There are no requests waiting" in client.get("/accounts/approvals/").content.decode()
        )


def test_a_wrong_code_does_not_open_the_pages() -> None:
    user, _ = _person("staff")
    client = Client()
    client.force_login(user)
    response = client.post(reverse("mfa_reauthenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    response = client.post(reverse("mfa_reauthenticate"), {"code": ""})
    assert "Enter the code from your authenticator app" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    _held_at_second_step(client, "/admin/")


def test_another_persons_code_does_not_count(make_client: MakeClient) -> None:
    """The record of a code given belongs to the person who gave it."""
    first, _ = _person("staff")
    second, _ = _person("commissioner")
    client = make_client(first)
    client.force_login(second)
    _held_at_second_step(client, "/accounts/profile/")


@pytest.mark.parametrize("kind", ["staff", "commissioner"])
def test_the_sign_in_form_without_the_code_gives_no_session(kind: str) -> None:
    user, secret = _person(kind)
    client = Client()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    # Skipping the code step: nothing opens, and the person is sent to the service's sign-in.
    for path in GUARDED[:3]:
        response = client.get(path, follow=True)
        # The sign-in is pending, so the sign-in page sends them on to its code step.
        assert response.redirect_chain[-1][0] == reverse("mfa_authenticate"), path
        assert "_auth_user_id" not in client.session
    # Giving the code on the sign-in journey counts as this session's second step.
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get("/accounts/profile/").status_code == 200


def test_the_admin_sign_in_form_is_the_services_own() -> None:
    user, secret = _person("staff")
    client = Client()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.post(
        "/admin/login/?next=/admin/", {"username": user.email, "password": PASSWORD}
    )
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    response = client.get("/admin/")
    assert response["Location"].startswith("/admin/login/")


def test_a_signed_in_person_who_is_not_staff_is_refused_the_admin_sign_in(
    make_client: MakeClient,
) -> None:
    response = make_client(UserFactory.create()).get("/admin/login/")
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_setting_up_the_authenticator_counts_as_the_second_step() -> None:
    """Someone who has just proved they hold the new authenticator is not asked again."""
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    user = UserFactory.create(commissioner=True)
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/profile/")["Location"] == reverse("mfa_activate_totp")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/accounts/profile/").status_code == 200


def test_the_test_helper_records_the_second_step_as_allauth_does() -> None:
    user, _ = _person("staff")
    client = Client()
    client.force_login(user)
    second_step_record(client, user)
    assert client.get("/accounts/approvals/").status_code == 200


# Secrets at rest ----------------------------------------------------------------------------


def test_the_authenticator_secret_is_not_stored_in_clear() -> None:
    user, secret = _person("commissioner")
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    # ...and the encrypted secret still checks codes on the sign-in journey.
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_recovery_code_seed_is_not_stored_in_clear() -> None:
    user, _ = _person("staff")
    codes = RecoveryCodes.activate(user)
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    seed = codes.generate_codes()  # works through decrypt
    assert len(seed) == 10
    assert len(stored.data["seed"]) > 80  # 80 hex characters in clear; more once encrypted
    assert not all(c in "0123456789abcdef" for c in stored.data["seed"])
    client = Client()
    client.force_login(user)
    _code_given_with_recovery = client.post(
        f"{reverse('mfa_reauthenticate')}?next=/admin/", {"code": seed[0]}
    )
    assert _code_given_with_recovery["Location"] == "/admin/"


def test_secrets_stored_in_clear_before_are_encrypted_and_keep_working() -> None:
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    user = UserFactory.create(staff=True)
    secret = generate_totp_secret()
    authenticator = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    client = Client()
    client.force_login(user)
    _code_given(client, secret, "/admin/")  # a secret stored in clear still works

    migration = importlib.import_module("accounts.migrations.0003_encrypt_mfa_secrets")
    migration.encrypt_secrets(apps, None)
    migration.encrypt_secrets(apps, None)  # running it twice changes nothing more
    authenticator.refresh_from_db()
    assert secret not in authenticator.data["secret"]
    cache.clear()  # a code cannot be used twice: forget that this one was
    other = Client()
    other.force_login(user)
    _code_given(other, secret, "/admin/")


def test_the_admin_does_not_show_authenticator_secrets(
    make_client: MakeClient, staff: User
) -> None:
    user, secret = _person("commissioner")
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    client = make_client(staff)
    listing = client.get("/admin/mfa/authenticator/")
    assert listing.status_code == 200
    assert str(user) in listing.content.decode()
    page = client.get(f"/admin/mfa/authenticator/{authenticator.pk}/change/").content.decode()
    assert "TOTP" in page or "Authenticator App" in page
    assert secret not in page
    assert authenticator.data["secret"] not in page
    assert "secret" not in page.lower()


def test_production_refuses_to_start_without_its_own_encryption_key() -> None:
    from tests.production import PRODUCTION_ENV, production_check

    for result in (
        production_check(without=("MFA_ENCRYPTION_KEY",)),
        production_check(MFA_ENCRYPTION_KEY=PRODUCTION_ENV["SECRET_KEY"]),
        production_check(MFA_ENCRYPTION_KEY="too-short"),
    ):
        assert result.returncode != 0
        assert "MFA_ENCRYPTION_KEY" in result.stderr
