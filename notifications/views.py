"""Email settings, and one-click unsubscribe (which works without signing in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from accounts.types import AuthenticatedRequest
from notifications import services
from notifications.forms import PreferencesForm
from notifications.models import Category


@login_required
def preferences(request: AuthenticatedRequest) -> HttpResponse:
    current = services.preferences_for(request.user)
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your email settings are saved.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail programs POST here with no cookies and no CSRF token (RFC 8058 one-click unsubscribe);
# the signed token in the address is what proves the request.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = services.unsubscribe_read(token)
    if found is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user, category = found
    label = Category(category).label
    if request.method == "POST":
        services.unsubscribe(user=user, category=category)
        return render(request, "notifications/unsubscribed.html", {"label": label})
    return render(request, "notifications/unsubscribe.html", {"label": label})
