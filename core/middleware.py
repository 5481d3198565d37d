from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import urlencode

from core.access import access_log_record, reset_current_network, set_current_network
from core.limits import LIMIT_MESSAGES, RateLimited
from core.models import AccessKind

logger = logging.getLogger("coproduce.security")

Handler = Callable[[HttpRequest], HttpResponse]

# Where each signed-in session keeps when it began and when it was last used (Unix seconds).
SESSION_STARTED_KEY = "_coproduce_started_at"
SESSION_SEEN_KEY = "_coproduce_seen_at"
# The last-used time is written at most this often, so a page view does not always write the
# session; the idle limit is then exact to within this many seconds.
SEEN_RESOLUTION_SECONDS = 60


class PrivatePagesNoStoreMiddleware:
    """Pages served to a signed-in person can show personal data: no cache may keep them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class AccessContextMiddleware:
    """Keeps the network the request came from (truncated, core.access) for the access log,
    so services that record exports need not be handed the request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_current_network(request)
        try:
            return self.get_response(request)
        finally:
            reset_current_network(token)


class SecurityHeadersMiddleware:
    """Headers Django has no setting for: Permissions-Policy turns off the browser features the
    service never uses (camera, microphone, location and the rest), so no injected script can
    ask for them."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RateLimitedMiddleware:
    """Answers a limit reached (core.limits.RateLimited) with the service's 429 page, and
    records it in the access log and the security log."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, RateLimited):
            return None
        user = getattr(request, "user", None)
        person = user if user is not None and user.is_authenticated else None
        access_log_record(kind=AccessKind.LIMITED, what=exception.action, person=person)
        logger.warning(
            "Rate limit reached: %s by %s at %s", exception.action, exception.by, request.path
        )
        response = render(
            request,
            "errors/429.html",
            {"message": LIMIT_MESSAGES[exception.action], "wait": exception.rate.wait_words},
            status=429,
        )
        response["Retry-After"] = str(exception.rate.seconds)
        return response


def session_times_start(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """On signing in (Django's user_logged_in signal, connected in core.apps): the session's
    clock starts. Written with the sign-in, so the next request need not write the session."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SESSION_STARTED_KEY] = now
        request.session[SESSION_SEEN_KEY] = now


class SessionLimitsMiddleware:
    """Signed-in sessions end after SESSION_IDLE_SECONDS without a request and after
    SESSION_ABSOLUTE_SECONDS whatever happens, so a shared or lost device does not stay
    signed in. The session cookie's own age is the idle limit too (settings)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        session = request.session
        now = time.time()
        started = session.get(SESSION_STARTED_KEY)
        seen = session.get(SESSION_SEEN_KEY)
        if started is None:
            session[SESSION_STARTED_KEY] = started = now
        too_old = now - started > settings.SESSION_ABSOLUTE_SECONDS
        idle = seen is not None and now - seen > settings.SESSION_IDLE_SECONDS
        if too_old or idle:
            logout(request)
            messages.info(
                request,
                "You were signed out because you had not used the service for a while"
                if idle
                else "You were signed out because you had been signed in for a long time",
            )
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('account_login')}?{query}")
        if seen is None or now - seen >= SEEN_RESOLUTION_SECONDS:
            session[SESSION_SEEN_KEY] = now
        return self.get_response(request)
