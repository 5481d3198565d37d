from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from accounts.mfa import has_authenticator_app, second_step_done
from accounts.models import ConsentKind, User

# Pages a signed-in person can always reach: allauth's own account and MFA pages (so they can set
# up MFA, sign out or change their password), the public information pages and the health check.
ALWAYS_REACHABLE_NAMESPACE_PREFIXES = ("account_", "mfa_")
ALWAYS_REACHABLE_NAMES = frozenset(
    {"healthz", "privacy", "accessibility", "cookies", "consent_give", "home"}
)
# Pages that hold no one's data, open to a session that has not yet given its code.
PUBLIC_NAMES = frozenset({"healthz", "privacy", "accessibility", "cookies"})
# A session that has given only a password reaches the code page and signing out, nothing else:
# not even allauth's account pages, where the password alone would let it remove the
# authenticator or change the email address.
SECOND_STEP_NAMES = frozenset({"mfa_reauthenticate", "account_logout"})


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name or ""
    except Resolver404:
        return None


def _always_reachable(name: str | None) -> bool:
    return (
        name is None
        or name in ALWAYS_REACHABLE_NAMES
        or name.startswith(ALWAYS_REACHABLE_NAMESPACE_PREFIXES)
    )


def _second_step_redirect(request: HttpRequest, user: User, name: str | None) -> str | None:
    """Where a commissioner or staff member must go first, if anywhere."""
    if not has_authenticator_app(user):
        return None if _always_reachable(name) else reverse("mfa_activate_totp")
    if second_step_done(request, user) or name is None or name in PUBLIC_NAMES | SECOND_STEP_NAMES:
        return None
    return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}"


class MfaRequiredMiddleware:
    """Keeps signed-in people on the pages they may reach until these are in place:

    - commissioners and staff have set up an authenticator app (TOTP);
    - commissioners and staff have given a code from it in this session, however the session
      was signed in (the sign-in form, the admin, a password reset or an invitation);
    - everyone has a current agreement to the privacy notice (it can be withdrawn).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        name = _url_name(request)
        if user.must_use_mfa and (target := _second_step_redirect(request, user, name)):
            return redirect(target)
        if (
            not _always_reachable(name)
            and not user.consents.current().filter(kind=ConsentKind.PRIVACY_NOTICE).exists()
        ):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('consent_give', args=['privacy'])}?{query}")
        return self.get_response(request)
