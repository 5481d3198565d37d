"""Who may reach what in accounts. Views fetch objects through these helpers only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from accounts.models import ROLES_NEEDING_APPROVAL, User


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff only; anonymous people are sent to sign in, everyone else gets 403.
    Multi-factor authentication is enforced for staff by MfaRequiredMiddleware."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_staff:
            raise PermissionDenied("This page is for Coproduce staff.")
        return view(request, *args, **kwargs)

    return wrapper


def get_role_request_for_decision(staff_user: User, pk: int) -> User:
    if not staff_user.is_staff:
        raise PermissionDenied("Only staff can decide role requests.")
    return get_object_or_404(User, pk=pk, role__in=ROLES_NEEDING_APPROVAL, is_active=True)
