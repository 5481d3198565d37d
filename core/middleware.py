from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control

from core.cache import CacheUnavailable


class PrivatePagesNoStoreMiddleware:
    """Pages served to a signed-in person can show personal data: no cache may keep them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class CacheUnavailableMiddleware:
    """When the cache that holds rate-limit counts is down, an action guarded by a limit (signing
    in, giving a code, signing up, resetting a password, starting an open-link answer) is refused
    with a "try again" page rather than let through unchecked or answered with a server error.
    Pages that keep no count in the cache, answering a consultation among them, carry on."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, CacheUnavailable):
            return None
        # 503 with Retry-After: the service, not the person, is at fault, and monitoring should
        # see it; the page itself tells the person what to do.
        response = render(request, "errors/try_again.html", status=503)
        response["Retry-After"] = "60"
        return response
