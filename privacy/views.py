from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import CONSENT_KINDS_BY_SLUG
from accounts.permissions import staff_required
from accounts.types import AuthenticatedRequest
from privacy import services
from privacy.forms import AccountDeleteForm
from privacy.models import DataExport, Erasure


@login_required
@require_http_methods(["GET", "POST"])
def your_data(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        _, made = services.data_export_request(user=request.user)
        if made:
            messages.success(
                request,
                "We are preparing your data. We will email you a link when it is ready.",
            )
        else:
            messages.info(request, "We are already preparing your data.")
        return redirect("your_data")
    latest = DataExport.objects.filter(user=request.user).first()
    return render(request, "privacy/your_data.html", {"latest": latest})


@login_required
@require_GET
def your_data_download(request: AuthenticatedRequest, token: str) -> HttpResponseBase:
    """Only the person the download is for, signed in, gets it; anyone else gets 404."""
    try:
        export = services.download_for(token=token, user=request.user)
    except services.DownloadGone:
        return render(
            request,
            "privacy/download_expired.html",
            {"days": settings.DATA_EXPORT_LINK_DAYS},
            status=410,
        )
    if export is None:
        raise Http404("No such download.")
    response = FileResponse(
        services.export_path(export).open("rb"),
        as_attachment=True,
        filename=f"coproduce-your-data-{export.ready_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    refusals: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.account_erase(user=request.user)
        except services.ErasureRefused as error:
            refusals = services.erasure_refusal_messages(error)
        else:
            logout(request)
            return redirect("account_deleted")
    return render(
        request,
        "privacy/account_delete.html",
        {"form": form, "refusals": refusals},
    )


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/account_deleted.html")


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    kind = CONSENT_KINDS_BY_SLUG.get(slug)
    if kind is None:
        return HttpResponseBadRequest("Unknown consent.")
    if request.method == "POST":
        if services.consent_withdraw(user=request.user, kind=kind):
            messages.success(request, "Your consent has been withdrawn.")
        return redirect("profile")
    return render(request, "accounts/consent_withdraw.html", {"slug": slug})


@staff_required
@require_GET
def erasure_log(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(Erasure.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "privacy/erasure_log.html", {"page": page})
