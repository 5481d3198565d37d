"""Types for views."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request from a signed-in person: for views behind login_required (or a check that
    does the same), so that ``request.user`` is a User, not possibly anonymous."""

    user: User
