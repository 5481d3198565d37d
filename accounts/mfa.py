"""Two-step sign-in: whether this session gave an authenticator code, and how authenticator
secrets are kept at rest."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings
from django.http import HttpRequest

from accounts.models import User

# Marks a value this service encrypted; anything without it was stored in clear before
# encryption was turned on (accounts/migrations/0003 encrypts those).
ENCRYPTED_PREFIX = "fernet:"


@cache
def _fernet(key: str) -> Fernet:
    # The setting is any long random string; Fernet needs 32 bytes, url-safe base64.
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))


def secret_encrypt(text: str) -> str:
    """Encrypt an authenticator secret with MFA_ENCRYPTION_KEY, which is never in the database,
    so a copy of the database alone cannot produce anyone's sign-in codes. Idempotent."""
    if text.startswith(ENCRYPTED_PREFIX):
        return text
    token = _fernet(settings.MFA_ENCRYPTION_KEY).encrypt(text.encode())
    return ENCRYPTED_PREFIX + token.decode()


def secret_decrypt(stored: str) -> str:
    """The secret in clear. A value stored in clear (before encryption) is returned as it is;
    an encrypted value that the key cannot open raises cryptography's InvalidToken."""
    if not stored.startswith(ENCRYPTED_PREFIX):
        return stored
    token = stored.removeprefix(ENCRYPTED_PREFIX).encode()
    return _fernet(settings.MFA_ENCRYPTION_KEY).decrypt(token).decode()


class MfaAdapter(DefaultMFAAdapter):
    """allauth stores TOTP secrets and recovery-code seeds through these two hooks."""

    def encrypt(self, text: str) -> str:
        return secret_encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return secret_decrypt(encrypted_text)


def has_authenticator_app(user: User) -> bool:
    """Whether the person has set up an authenticator app (TOTP): the one definition."""
    # allauth carries no types, so exists() is Any to the type checker.
    return bool(Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists())


def second_step_done(request: HttpRequest, user: User) -> bool:
    """Whether this session, signed in as this person, gave an authenticator code.

    allauth records each way a session proved who it is; a password alone, or a session opened
    by any other route (django.contrib.auth.login), has no "mfa" record.
    """
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


def second_step_record_on_setup(
    sender: type[Authenticator],
    request: HttpRequest | None = None,
    user: User | None = None,
    authenticator: Authenticator | None = None,
    **kwargs: Any,
) -> None:
    """Setting up an authenticator app means typing a code from it, in this session: that is
    the second step, so the person is not asked for another code straight away. Connected to
    allauth's authenticator_added signal, allauth's only hook at that point."""
    if (
        request is None
        or user is None
        or authenticator is None
        or authenticator.type != Authenticator.Type.TOTP
    ):
        return
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, setup=True
    )
