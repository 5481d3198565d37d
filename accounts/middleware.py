from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode

from accounts.models import ConsentKind

# Pages a signed-in person can always reach: allauth's own account and MFA pages (so they can set
# up MFA, sign out or change their password), the public information pages and the health check.
ALWAYS_REACHABLE_NAMESPACE_PREFIXES = ("account_", "mfa_")
ALWAYS_REACHABLE_NAMES = frozenset(
    {"healthz", "privacy", "accessibility", "cookies", "consent_give", "home"}
)


def _always_reachable(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True
    name = match.url_name or ""
    return name in ALWAYS_REACHABLE_NAMES or name.startswith(ALWAYS_REACHABLE_NAMESPACE_PREFIXES)


class MfaRequiredMiddleware:
    """Keeps signed-in people on the pages they may reach until two things are in place:

    - commissioners and staff have set up an authenticator app (TOTP);
    - everyone has a current agreement to the privacy notice (it can be withdrawn).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _always_reachable(request):
            if (
                user.must_use_mfa
                and not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists()
            ):
                return redirect("mfa_activate_totp")
            if not user.consents.current().filter(kind=ConsentKind.PRIVACY_NOTICE).exists():
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('consent_give', args=['privacy'])}?{query}")
        return self.get_response(request)
