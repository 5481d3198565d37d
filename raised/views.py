"""Raised matters: the forum's list and form, partners, a matter's page with its thread and
steps, the partner's list, and the public pages. Every object comes through
raised.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.types import AuthenticatedRequest
from core.forms import add_service_errors
from forums.models import Forum, Region
from raised import selectors, services
from raised.clock import holidays, matter_clock
from raised.forms import MatterFilterForm, MatterForm, PartnerForm, StepForm, UpdateForm
from raised.models import OPEN_STATUSES, Matter, Partner
from raised.permissions import (
    get_forum_for_raiser,
    get_matter_for_reader,
)

PER_PAGE = 25


def _form_errors(
    form: MatterForm | PartnerForm | StepForm | UpdateForm, error: ValidationError
) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        add_service_errors(form, error)


@require_safe
@login_required
def forum_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_raiser(request.user, slug)
    form = MatterFilterForm(request.GET or None, forum=forum)
    matters = Matter.objects.filter(forum=forum)
    rows, figures = selectors.listed(matters)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"] == "open":
            rows = [row for row in rows if row.matter.status in OPEN_STATUSES]
        elif data["status"]:
            rows = [row for row in rows if row.matter.status == data["status"]]
        if data["partner"]:
            rows = [row for row in rows if row.matter.partner_id == data["partner"].pk]
        if data["overdue"]:
            rows = [row for row in rows if row.clock.overdue]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "raised/forum_list.html",
        {"forum": forum, "form": form, "page": page, "figures": figures},
    )


@login_required
def matter_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_raiser(request.user, slug)
    form = MatterForm(request.POST if request.method == "POST" else None, forum=forum)
    if request.method == "POST" and form.is_valid():
        try:
            matter = services.matter_raise(
                forum=forum, raised_by=request.user, details=form.details()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, f"Raised with {matter.partner.name}. We have emailed their contact."
            )
            return redirect("raised:detail", pk=matter.pk)
    has_partners = Partner.objects.filter(forum=forum).exists()
    return render(
        request,
        "raised/matter_form.html",
        {"forum": forum, "form": form, "has_partners": has_partners},
    )


@login_required
def partners(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_raiser(request.user, slug)
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_add(forum=forum, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"{partner.name} is added.")
            return redirect("raised:partners", slug=forum.slug)
    listed = Partner.objects.filter(forum=forum).select_related("contact")
    return render(
        request, "raised/partners.html", {"forum": forum, "form": form, "partners": listed}
    )


def _matter_page(
    request: HttpRequest,
    matter: Matter,
    update_form: UpdateForm | None = None,
    step_form: StepForm | None = None,
) -> HttpResponse:
    user = request.user
    side = services.side_of(user, matter) if user.is_authenticated else None
    steps = services.steps_for(user, matter) if user.is_authenticated else []
    return render(
        request,
        "raised/matter_detail.html",
        {
            "matter": matter,
            "clock": matter_clock(matter, holidays()),
            "updates": matter.updates.select_related("author"),
            "side": side,
            "steps": [(name, services.STEPS[name]) for name in steps],
            "update_form": update_form or UpdateForm(),
            "step_form": step_form,
            "form": update_form or step_form,
            "themes": matter.themes.select_related("consultation"),
            "entries": matter.engagement_entries.all(),
            "quotes": matter.quotes.all(),
        },
    )


@require_safe
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _matter_page(request, get_matter_for_reader(request.user, pk))


@require_POST
@login_required
def matter_update(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    matter = get_matter_for_reader(request.user, pk)
    form = UpdateForm(request.POST)
    if form.is_valid():
        try:
            services.matter_update_post(
                matter=matter, author=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Your update is added.")
            return redirect("raised:detail", pk=matter.pk)
    return _matter_page(request, matter, update_form=form)


@require_POST
@login_required
def matter_step(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    matter = get_matter_for_reader(request.user, pk)
    form = StepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            matter = services.matter_step(
                matter=matter,
                by=request.user,
                step=data["step"],
                body=data["body"],
                action_title=data["action_title"],
                action_due=data["action_due"],
                add_to_you_said_we_did=data["add_to_you_said_we_did"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, services.STEPS[data["step"]].done)
            return redirect("raised:detail", pk=matter.pk)
    return _matter_page(request, matter, step_form=form)


@require_safe
@login_required
def yours(request: AuthenticatedRequest) -> HttpResponse:
    """Matters raised with the organisations this person answers for, overdue first, and for
    commissioners the matters of the forums they commission for."""
    rows, figures = selectors.listed(selectors.matters_for_partner(request.user))
    rows.sort(
        key=lambda row: (
            not row.clock.overdue,
            not row.matter.is_open,
            -row.matter.raised_at.timestamp(),
        )
    )
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "raised/yours.html", {"page": page, "figures": figures})


@require_safe
def forum_public(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(Forum, slug=slug)
    rows, figures = selectors.listed(Matter.objects.published().filter(forum=forum))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "raised/public.html", {"place": forum.name, "page": page, "figures": figures}
    )


@require_safe
def region_public(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    rows, figures = selectors.listed(selectors.published_in_region(region))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "raised/public.html",
        {"place": region.name, "region": region, "page": page, "figures": figures},
    )
