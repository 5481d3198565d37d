"""The "check your email" step: which address this browser is waiting to have confirmed, and
sending that email again within allauth's rate limit.

allauth keeps a sign-up (or a sign-in with an address not yet confirmed) waiting in the session
at its email verification stage, for ACCOUNT_LOGIN_TIMEOUT. While it waits, this browser may ask
for the email again; confirming the address in this browser then signs the person in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from allauth.account.internal.flows.email_verification import (
    get_address_for_login,
    send_verification_email_at_login,
)
from allauth.account.stages import EmailVerificationStage, LoginStageController
from django.http import HttpRequest


class Resend(Enum):
    SENT = "sent"
    TOO_SOON = "too_soon"
    ALREADY_CONFIRMED = "already_confirmed"
    NOTHING_WAITING = "nothing_waiting"


@dataclass(frozen=True)
class PendingVerification:
    """The address typed at sign-up or sign-in, and allauth's waiting sign-in.

    When someone signs up with an address that already has an account, allauth waits in the
    same way with nobody behind it (``login.user`` is None) and emails the owner instead, so
    that the page cannot tell anyone which addresses have accounts.
    """

    email: str
    login: Any
    confirmed: bool


def pending_verification(request: HttpRequest) -> PendingVerification | None:
    """The verification this browser is waiting for, if any."""
    stage = LoginStageController.enter(request, EmailVerificationStage.key)
    if stage is None:
        return None
    login = stage.login
    if login.user is None:
        return PendingVerification(email=login.email or "", login=login, confirmed=False)
    address = get_address_for_login(login)
    if address is None:
        return None
    return PendingVerification(email=address.email, login=login, confirmed=address.verified)


def verification_email_resend(request: HttpRequest) -> tuple[Resend, str]:
    """Send the waiting confirmation email again, unless one was sent to that address within
    ACCOUNT_EMAIL_CONFIRMATION_COOLDOWN (allauth's "confirm_email" rate limit, one per address).
    Returns what happened and the address. Safe to repeat: the rate limit holds back copies."""
    pending = pending_verification(request)
    if pending is None or not pending.email:
        return Resend.NOTHING_WAITING, ""
    if pending.confirmed:
        return Resend.ALREADY_CONFIRMED, pending.email
    sent = send_verification_email_at_login(request, pending.login)
    return (Resend.SENT if sent else Resend.TOO_SOON), pending.email
