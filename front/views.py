from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.mfa import has_authenticator_app
from accounts.models import ConsentKind, User
from consultations.selectors import open_for_you
from forums.models import Membership, MembershipStatus, Region
from front.health import broker_reachable, cache_reachable, database_reachable
from front.models import WorkerHeartbeat
from glossary.models import GlossaryTerm
from library import selectors as library_selectors
from peer_network import selectors as peer_network_selectors
from privacy.retention import retention_periods
from raised import selectors as raised_selectors


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "home/signed_out.html")
    user: User = request.user
    context = {
        "has_totp": has_authenticator_app(user),
        "has_children_consent": user.consents.current()
        .filter(kind=ConsentKind.SPECIAL_CATEGORY)
        .exists(),
        "approvals_waiting": User.objects.awaiting_approval().count() if user.is_staff else 0,
        "terms_waiting": GlossaryTerm.objects.proposed().count() if user.is_staff else 0,
        "regions": Region.objects.order_by("name") if user.is_staff else [],
        "open_for_you": open_for_you(user),
        "next_booking": peer_network_selectors.next_booked_session(user),
        "path_progress": library_selectors.path_progress_for(
            user, started_only=not user.is_practitioner
        ),
        "raised_with_you": raised_selectors.matters_for_partner(user).open().count(),
        "sessions_for_you": (
            peer_network_selectors.sessions_for_sector(user) if user.is_practitioner else []
        ),
        "memberships": Membership.objects.filter(user=user)
        .exclude(status__in=[MembershipStatus.LEFT, MembershipStatus.DECLINED])
        .select_related("forum")
        .with_waiting_requests()
        .order_by("forum__name"),
    }
    return render(request, "home/signed_in.html", context)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = database_reachable()
    broker = broker_reachable()
    cache = cache_reachable()
    healthy = database and broker and cache
    last = None
    if database:
        last = WorkerHeartbeat.objects.values_list("created_at", flat=True).first()
    body = {
        "status": "ok" if healthy else "unavailable",
        "database": "ok" if database else "unreachable",
        "broker": "ok" if broker else "unreachable",
        "cache": "ok" if cache else "unreachable",
        "last_worker_heartbeat": last.isoformat() if last else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/privacy.html",
        {"retention": retention_periods(), "export_days": settings.DATA_EXPORT_LINK_DAYS},
    )


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/cookies.html")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database.
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"request": None}), status=500)
