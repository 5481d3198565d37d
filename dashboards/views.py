"""The dashboards: each page with its filters, print view and CSV downloads; the staff page that
sets commissioners' scopes; and the public page explaining the disclosure rules. Every figure is
read through dashboards.scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Role, RoleStatus, User
from accounts.types import AuthenticatedRequest
from core.forms import add_service_errors
from core.suppression import HIDDEN, MIN_BASE_FOR_PERCENT, SMALL_COUNT, TOO_FEW_TO_SHOW
from dashboards import services, summaries
from dashboards.figures.context import Context
from dashboards.forms import FilterForm, ScopeForm
from dashboards.models import CommissionerScope
from dashboards.pages import PAGES, Page, page_get
from dashboards.release import ALL
from dashboards.scope import scope_for
from dashboards.tables import DashTable


def _page_or_404(slug: str) -> Page:
    page = page_get(slug)
    if page is None:
        raise Http404("No such dashboard.")
    return page


@dataclass(frozen=True)
class Prepared:
    page: Page
    form: FilterForm | None  # None while the person's scope is not set yet
    ctx: Context | None = None  # None while the filters are not valid
    tables: list[DashTable] = field(default_factory=list)
    # When the summary tables the figures come from were worked out; None when they are live.
    as_of: datetime | None = None


def _prepare(request: AuthenticatedRequest, slug: str) -> Prepared:
    """The page, its filter form and, when the filters are valid, the context and its tables:
    for the area chosen (or all of the person's areas), from the summary tables or live."""
    page = _page_or_404(slug)
    found = scope_for(request.user)
    if found is None:
        return Prepared(page, None)
    scope, forum_areas = found
    form = FilterForm(request.GET, scope=scope)
    if not form.is_valid():
        return Prepared(page, form)
    period, now = form.chosen_period(), timezone.now()
    area = form.chosen_area()
    view = ALL if area is None else str(area.pk)
    tables, as_of = summaries.tables_for(scope, forum_areas, period, view, slug, now)
    if area is not None:
        scope = scope.narrowed_to(area, forum_areas)
    ctx = Context(scope=scope, period=period, now=now)
    return Prepared(page, form, ctx, tables, as_of)


@login_required
@require_safe
def page(request: AuthenticatedRequest, slug: str = "overview") -> HttpResponse:
    prepared = _prepare(request, slug)
    dashboard, form, ctx, tables = prepared.page, prepared.form, prepared.ctx, prepared.tables
    if form is None:
        return render(request, "dashboards/no_scope.html", {"pages": PAGES.values()})
    more = dashboard.more(ctx, tables) if ctx and dashboard.more else {}
    query = request.GET.copy()
    query.pop("print", None)
    return render(
        request,
        "dashboards/page.html",
        {
            "page": dashboard,
            "pages": PAGES.values(),
            "form": form,
            "ctx": ctx,
            "as_of": prepared.as_of,
            "tables": tables,
            "printing": request.GET.get("print") == "1",
            "largest_hidden": SMALL_COUNT - 1,
            "query": query.urlencode(),
            **more,
        },
    )


@login_required
@require_safe
def export(request: AuthenticatedRequest, slug: str, table: str) -> HttpResponse:
    """One table as CSV, for the same scope and filters as the page, suppressed the same way."""
    prepared = _prepare(request, slug)
    if prepared.form is None:
        raise Http404("Your scope is not set up yet.")
    if prepared.ctx is None:
        # The filters were not valid: the page says what is wrong, with nothing downloaded.
        return page(request, slug)
    found = next((t for t in prepared.tables if t.slug == table), None)
    if found is None:
        raise Http404("No such table.")
    content = services.table_export_csv(table=found, exported_by=request.user)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    name = f"{slug}-{table}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _staff(request: AuthenticatedRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied("Only staff set commissioners' scopes.")


@login_required
@require_safe
def scopes(request: AuthenticatedRequest) -> HttpResponse:
    _staff(request)
    commissioners = (
        User.objects.filter(role=Role.COMMISSIONER, role_status=RoleStatus.APPROVED)
        .select_related("commissioner_scope__region")
        .prefetch_related("commissioner_scope__council_areas")
        .order_by("email")
    )
    rows = []
    for person in commissioners:
        scope: CommissionerScope | None = getattr(person, "commissioner_scope", None)
        if scope is None:
            covers = "Not set yet"
        elif scope.region is not None:
            covers = f"{scope.region.name} (whole region)"
        else:
            covers = ", ".join(a.name for a in scope.council_areas.all()) or "Not set yet"
        rows.append((person, covers))
    return render(request, "dashboards/scopes.html", {"rows": rows})


@login_required
def scope_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _staff(request)
    person = get_object_or_404(User, pk=pk, role=Role.COMMISSIONER, role_status=RoleStatus.APPROVED)
    current = CommissionerScope.objects.filter(user=person).first()
    initial = (
        {"region": current.region, "council_areas": list(current.council_areas.all())}
        if current
        else {}
    )
    form = ScopeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.scope_set(
                commissioner=person,
                set_by=request.user,
                region=form.cleaned_data["region"],
                council_areas=list(form.cleaned_data["council_areas"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person}'s scope has been saved.")
            return redirect("dashboards:scopes")
    return render(request, "dashboards/scope_form.html", {"person": person, "form": form})


@require_safe
def disclosure(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboards/disclosure.html",
        {
            "small_count": SMALL_COUNT,
            "largest_hidden": SMALL_COUNT - 1,
            "min_base": MIN_BASE_FOR_PERCENT,
            "hidden_words": HIDDEN,
            "too_few_words": TOO_FEW_TO_SHOW,
        },
    )
