"""allauth's emails in the service's own words, with every link built from SITE_URL.

allauth builds the links in its emails from the request (its Host header) and names the site
after that host. A forged Host header could then put an attacker's address in a password reset
link. Here every link is the configured SITE_URL plus the path, and the templates under
templates/account/email/ and templates/mfa/email/ say who is writing (SERVICE_NAME).
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import parse_rates
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from core.emails import email_context, site_link
from core.outbox import outbox_queue

# allauth's banners: "Confirmation email sent to ...", "You have confirmed ...", "Successfully
# signed in as ...".
EMAIL_SENT_MESSAGE = "account/messages/email_confirmation_sent.txt"
EMAIL_CONFIRMED_MESSAGE = "account/messages/email_confirmed.txt"
SIGNED_IN_MESSAGE = "account/messages/logged_in.txt"
CONFIRMED_NOW = "_coproduce_email_confirmed_now"


def duration_words(seconds: int) -> str:
    """A duration as people say it: "3 days", "24 hours", "1 hour", "3 minutes"."""
    day, hour, minute = 24 * 60 * 60, 60 * 60, 60
    if seconds > day and seconds % day == 0:
        count, unit = seconds // day, "day"
    elif seconds >= hour and seconds % hour == 0:
        count, unit = seconds // hour, "hour"
    elif seconds >= minute and seconds % minute == 0:
        count, unit = seconds // minute, "minute"
    else:
        count, unit = seconds, "second"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _resend_wait_seconds() -> int:
    """How long allauth's "confirm_email" rate limit makes an address wait between emails."""
    rates = parse_rates(app_settings.RATE_LIMITS.get("confirm_email"))
    return int(max((rate.duration for rate in rates if rate.per == "key"), default=0))


def email_link_lifetimes() -> dict[str, str]:
    """How long each emailed link or code lasts, and how long before a confirmation email can
    be sent again, in words: the emails and the "check your email" page say the same."""
    return {
        "confirmation_link_lasts": duration_words(
            app_settings.EMAIL_CONFIRMATION_EXPIRE_DAYS * 86400
        ),
        "reset_link_lasts": duration_words(settings.PASSWORD_RESET_TIMEOUT),
        "code_lasts": duration_words(app_settings.LOGIN_BY_CODE_TIMEOUT),
        "resend_wait": duration_words(_resend_wait_seconds()),
    }


def _password_reset_path(key: str) -> str:
    # allauth's own way of putting its opaque key ("<uid>-<token>") into the URL.
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return path.replace("UID-KEY", quote(key))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Every allauth email goes through here: the templates get the service's details, and
        links to fixed pages point at SITE_URL (allauth builds ``signup_url`` from the request).
        """
        service = {
            **email_context(),
            "login_url": site_link(reverse("account_login")),
            "signup_url": site_link(reverse("account_signup")),
            "forgot_password_url": site_link(reverse("account_reset_password")),
            **email_link_lifetimes(),
        }
        if template_prefix == "account/email/email_confirmation":
            # The same email confirms a new address for an account and, at sign-in, the address
            # of an account never confirmed: only the first has another address confirmed.
            service["changing_address"] = (
                EmailAddress.objects.filter(user=context["user"], verified=True)
                .exclude(email__iexact=email)
                .exists()
            )
        # allauth's own send_mail would add the site named after the request's host. The email
        # is queued in the outbox, so a mail server that is down never fails the sign-up, the
        # reset or the change that asked for it.
        message = self.render_mail(template_prefix, email, {"email": email, **context, **service})
        user = context.get("user")
        outbox_queue(
            to=email,
            subject=message.subject,
            body=message.body,
            kind=template_prefix.removeprefix("account/email/").removeprefix("mfa/email/"),
            key=f"{template_prefix}:{uuid.uuid4().hex}",
            user_id=user.pk if isinstance(user, User) else None,
        )

    def send_account_already_exists_mail(self, email: str) -> None:
        # allauth builds this email's links from the request.
        self.send_mail("account/email/account_already_exists", email, {})

    def send_notification_mail(
        self,
        template_prefix: str,
        user: User,
        context: dict[str, Any] | None = None,
        email: str | None = None,
    ) -> None:
        """allauth's notices (password changed, email address changed, two-step sign-in turned
        on or off) do not name the person; these greet them by name."""
        super().send_notification_mail(
            template_prefix, user, {"user": user, **(context or {})}, email
        )

    def add_message(
        self,
        request: HttpRequest,
        level: int,
        message_template: str | None = None,
        message_context: dict[str, Any] | None = None,
        extra_tags: str = "",
        message: str | None = None,
    ) -> None:
        # Someone not signed in who was sent a confirmation email is taken to the "check your
        # email" page, which says where it went: a banner saying it too would repeat it.
        if message_template == EMAIL_SENT_MESSAGE and not request.user.is_authenticated:
            return
        # Confirming an address can sign the person in too: one banner (the confirmation) says
        # so, as GOV.UK pages show one notification banner at a time; the header names them.
        if message_template == SIGNED_IN_MESSAGE and getattr(request, CONFIRMED_NOW, False):
            return
        if message_template == EMAIL_CONFIRMED_MESSAGE:
            setattr(request, CONFIRMED_NOW, True)
        super().add_message(request, level, message_template, message_context, extra_tags, message)

    def get_email_confirmation_url(self, request: Any, emailconfirmation: Any) -> str:
        return site_link(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return site_link(_password_reset_path(key))
