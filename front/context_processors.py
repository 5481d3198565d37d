from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from programmes.permissions import takes_part


def _takes_part(request: HttpRequest) -> bool:
    """Whether to show the Programmes link: asked once a request, however many templates the
    page renders with the navigation."""
    known = getattr(request, "_takes_part_in_programmes", None)
    if known is None:
        known = takes_part(request.user)
        request._takes_part_in_programmes = known  # type: ignore[attr-defined]
    return bool(known)


def _navigation(request: HttpRequest) -> list[dict[str, object]]:
    user = getattr(request, "user", None)
    items: list[tuple[str, str]] = [
        ("Home", reverse("home")),
        ("Forums", reverse("forums:list")),
        ("Consultations", reverse("consultations:list")),
        ("Peer Network", reverse("peer_network:list")),
        ("Glossary", reverse("glossary:index")),
    ]
    if user is not None and user.is_authenticated:
        if _takes_part(request):
            items.append(("Programmes", reverse("programmes:home")))
        items.append(("Your account", reverse("profile")))
        if user.is_staff or user.is_commissioner:
            items.append(("Dashboards", reverse("dashboards:overview")))
        if user.is_staff:
            items.append(("Approvals", reverse("approvals")))
            items.append(("Glossary review", reverse("glossary:review")))
            items.append(("Admin", reverse("admin:index")))
    else:
        items.append(("Sign in", reverse("account_login")))
        items.append(("Create an account", reverse("account_signup")))
    path = request.path
    return [
        {
            "text": text,
            "href": href,
            "active": path == href if href == "/" else path.startswith(href),
        }
        for text, href in items
    ]


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "service_name": settings.SERVICE_NAME,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
        "privacy_notice_version": settings.PRIVACY_NOTICE_VERSION,
        "navigation": _navigation(request),
    }
