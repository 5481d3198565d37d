from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.adapter import email_link_lifetimes
from accounts.forms import (
    AccessLogFilterForm,
    MemberProfileForm,
    ProfileDetailsForm,
    RoleDecisionForm,
)
from accounts.models import CONSENT_KINDS_BY_SLUG, ConsentKind, MemberProfile, User
from accounts.permissions import get_role_request_for_decision, staff_required
from accounts.types import AuthenticatedRequest
from accounts.verification import Resend, pending_verification, verification_email_resend


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    current = {c.kind: c for c in user.consents.current()}
    return render(
        request,
        "accounts/profile.html",
        {
            "privacy_consent": current.get(ConsentKind.PRIVACY_NOTICE),
            "special_category_consent": current.get(ConsentKind.SPECIAL_CATEGORY),
        },
    )


@login_required
def profile_details_edit(request: AuthenticatedRequest) -> HttpResponse:
    user: User = request.user
    initial = {
        "full_name": user.full_name,
        "sector": user.sector,
        "organisation": user.organisation,
    }
    form = ProfileDetailsForm(
        request.POST if request.method == "POST" else None, user=user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.user_details_update(
            user=user,
            full_name=form.cleaned_data["full_name"],
            organisation=form.cleaned_data.get("organisation", ""),
            sector=form.cleaned_data.get("sector", ""),
        )
        messages.success(request, "Your details have been saved.")
        return redirect("profile")
    return render(request, "accounts/profile_details_edit.html", {"form": form})


@login_required
def member_profile_edit(request: AuthenticatedRequest) -> HttpResponse:
    user: User = request.user
    ask_special = services.has_special_category_consent(user)
    profile = MemberProfile.objects.filter(user=user).first()
    form = MemberProfileForm(
        request.POST if request.method == "POST" else None,
        ask_special_category=ask_special,
        initial=MemberProfileForm.initial_from(profile),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.member_profile_update(user=user, **form.answers())
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "Your answers have been saved.")
            return redirect("profile")
    return render(
        request, "accounts/member_profile_edit.html", {"form": form, "ask_special": ask_special}
    )


def _consent_kind(slug: str) -> ConsentKind | None:
    return CONSENT_KINDS_BY_SLUG.get(slug)


@login_required
def consent_give(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    kind = _consent_kind(slug)
    if kind is None:
        return HttpResponseBadRequest("Unknown consent.")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: redirect() would take a bare word for the name of a view.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = ""
    if request.method == "POST":
        services.consent_give(user=request.user, kind=kind)
        messages.success(request, "Thank you. Your consent has been recorded.")
        return redirect(next_url or "profile")
    return render(
        request, "accounts/consent_give.html", {"kind": kind, "slug": slug, "next": next_url}
    )


@staff_required
def approvals(request: AuthenticatedRequest) -> HttpResponse:
    pending = User.objects.awaiting_approval()
    return render(request, "accounts/approvals.html", {"pending": pending})


ACCESS_LOG_PER_PAGE = 50


@staff_required
def access_log(request: AuthenticatedRequest) -> HttpResponse:
    """Who opened or exported personal data, and which limits were reached, for staff to
    review (docs/threat-model.md)."""
    filters = AccessLogFilterForm(request.GET or None)
    if filters.is_bound:
        filters.is_valid()  # a malformed filter is shown as an error and otherwise ignored
    page = Paginator(filters.entries(), ACCESS_LOG_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/access_log.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@staff_required
@require_POST
def approval_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = get_role_request_for_decision(request.user, pk)
    form = RoleDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect("approvals")
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.role_request_decide(user=person, decided_by=request.user, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("approvals")
    verb = "approved" if approve else "declined"
    messages.success(
        request,
        f"{person.get_full_name()}'s {person.get_role_display().lower()} access was {verb}. They have been emailed.",
    )
    return redirect("approvals")


def _resend_message(request: HttpRequest, outcome: Resend, email: str) -> None:
    wait = email_link_lifetimes()["resend_wait"]
    if outcome == Resend.SENT:
        messages.success(
            request,
            f"We have sent the email again to {email}. It can take a few minutes to arrive.",
        )
    elif outcome == Resend.TOO_SOON:
        messages.warning(
            request,
            f"We sent you an email less than {wait} ago, so we have not sent another yet. "
            f"Check your spam or junk folder. You can ask again after {wait}.",
        )
    elif outcome == Resend.ALREADY_CONFIRMED:
        messages.success(request, f"You have already confirmed {email}. You can sign in now.")
    else:
        messages.warning(
            request,
            "We could not send the email again from this page. "
            "Sign in with your email address and password, and we will send you a new link.",
        )


@require_http_methods(["GET", "POST"])
def email_verification_sent(request: HttpRequest) -> HttpResponse:
    """allauth's "check your email" page, which can also send the email again (POST)."""
    if request.method == "POST":
        outcome, email = verification_email_resend(request)
        _resend_message(request, outcome, email)
        if outcome in (Resend.ALREADY_CONFIRMED, Resend.NOTHING_WAITING):
            return redirect("account_login")
        return redirect("account_email_verification_sent")
    return render(
        request,
        "account/verification_sent.html",
        {"pending": pending_verification(request), **email_link_lifetimes()},
    )
