from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from accounts.types import AuthenticatedRequest
from core.forms import add_service_errors
from core.suppression import SMALL_COUNT
from library import selectors, services
from library.documents import CONTENT_TYPES, EXTENSIONS, DocumentSizeLimit, size_text
from library.forms import ResourceFilterForm, ResourceForm
from library.models import LearningPath, PathStep, Resource, ResourceKind, StepCompletion
from library.permissions import (
    get_path_for_curator,
    get_resource_for_curator,
    is_curator,
    require_curator,
)
from peer_network.models import Session

RESOURCES_PER_PAGE = 20


# The library -------------------------------------------------------------------------------


@login_required
def resource_list(request: AuthenticatedRequest) -> HttpResponse:
    bound = ResourceFilterForm(request.GET)
    bound.is_valid()
    # Filters that do not make sense (a topic that no longer exists) are left out, not refused.
    chosen = bound.cleaned_data
    query = chosen.get("q", "")
    topics = list(chosen.get("topic") or [])
    sector = chosen.get("sector", "")
    resources = (
        Resource.objects.search(query)
        .about_any_topic([topic.pk for topic in topics])
        .for_sector(sector)
        .for_listing()
    )
    page = Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "library/resource_list.html",
        {
            "filters": ResourceFilterForm(initial={"q": query, "topic": topics, "sector": sector}),
            "filtered": bool(query or topics or sector),
            "page": page,
            "query": kept.urlencode(),
            "is_curator": is_curator(request.user),
        },
    )


@login_required
def resource_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resource = get_object_or_404(
        Resource.objects.prefetch_related("topics", "sector_tags").prefetch_related(
            Prefetch("sessions", queryset=Session.objects.order_by("-starts_at", "pk")),
            Prefetch(
                "path_steps",
                queryset=PathStep.objects.select_related("path").order_by("path__title"),
            ),
        ),
        pk=pk,
    )
    paths = {step.path.pk: step.path for step in resource.path_steps.all()}
    return render(
        request,
        "library/resource_detail.html",
        {
            "resource": resource,
            "paths": list(paths.values()),
            "document_size": size_text(resource.document_size or 0),
            "is_curator": is_curator(request.user),
        },
    )


@login_required
@require_safe
def resource_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A document, always as a download with a content type from its checked kind, so that a
    browser never shows an uploaded file as a page of this site."""
    resource = get_object_or_404(Resource, pk=pk)
    if resource.kind == ResourceKind.LINK:
        raise Http404("This resource is a web link, not a document.")
    try:
        handle = resource.document.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The document is missing.") from missing
    kind = ResourceKind(resource.kind)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(resource.title)[:80] or 'document'}.{EXTENSIONS[kind]}",
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _resource_form_page(
    request: AuthenticatedRequest, form: ResourceForm, resource: Resource | None
) -> HttpResponse:
    return render(request, "library/resource_form.html", {"form": form, "resource": resource})


def _details(data: dict[str, Any]) -> services.ResourceDetails:
    return services.ResourceDetails(
        title=data["title"],
        summary=data["summary"],
        sectors=data["sectors"],
        topics=data["topics"],
        sessions=data.get("sessions", ()),
    )


def _uploads_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Put documents.DocumentSizeLimit in place before anything reads the form data. The CSRF
    check reads it, so that check is made here, after the handler, rather than by the
    middleware (Django's documented way to change upload handlers in a view)."""
    protected = csrf_protect(view)

    @csrf_exempt
    @wraps(view)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        handlers = request.upload_handlers
        # A list until something reads the form data; immutable afterwards.
        if request.method == "POST" and isinstance(handlers, list):
            handlers.insert(0, DocumentSizeLimit(request))
        return protected(request, *args, **kwargs)

    return limited


def _resource_form(request: AuthenticatedRequest, **kwargs: Any) -> ResourceForm:
    if request.method != "POST":
        return ResourceForm(**kwargs)
    data, files = request.POST, request.FILES  # reading them runs the upload handlers
    too_large = any(
        isinstance(handler, DocumentSizeLimit) and handler.too_large
        for handler in request.upload_handlers
    )
    return ResourceForm(data, files, upload_too_large=too_large, **kwargs)


@_uploads_limited
@login_required
def resource_new(request: AuthenticatedRequest) -> HttpResponse:
    require_curator(request.user)
    form = _resource_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(
                created_by=request.user,
                details=_details(form.cleaned_data),
                url=form.cleaned_data["url"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"“{resource.title}” is in the library.")
            return redirect("library:resource", pk=resource.pk)
    return _resource_form_page(request, form, None)


@_uploads_limited
@login_required
def resource_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_curator(request.user, pk)
    initial = {
        "title": resource.title,
        "summary": resource.summary,
        "url": resource.url,
        "sectors": list(resource.sector_tags.values_list("sector", flat=True)),
        "topics": list(resource.topics.all()),
        "sessions": list(resource.sessions.all()),
    }
    form = _resource_form(request, initial=initial, resource=resource)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(
                resource=resource,
                edited_by=request.user,
                details=_details(form.cleaned_data),
                url=form.cleaned_data["url"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("library:resource", pk=resource.pk)
    return _resource_form_page(request, form, resource)


@login_required
def resource_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    resource = get_resource_for_curator(request.user, pk)
    if request.method == "POST":
        title = resource.title
        services.resource_delete(resource=resource, deleted_by=request.user)
        messages.success(request, f"“{title}” has been removed from the library.")
        return redirect("library:resources")
    paths = LearningPath.objects.filter(steps__resource=resource).distinct().order_by("title")
    return render(
        request, "library/resource_delete.html", {"resource": resource, "paths": list(paths)}
    )


# Learning paths ----------------------------------------------------------------------------


@login_required
def path_list(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "library/path_list.html",
        {"progress": selectors.path_progress_for(request.user)},
    )


@login_required
def path_detail(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    path = get_object_or_404(LearningPath, slug=slug)
    steps = list(path.steps.select_related("resource", "session").order_by("position", "pk"))
    done = set(
        StepCompletion.objects.filter(step__path=path, user=request.user).values_list(
            "step_id", flat=True
        )
    )
    return render(
        request,
        "library/path_detail.html",
        {
            "path": path,
            "steps": [(step, step.pk in done) for step in steps],
            "done_count": len(done),
            "is_curator": is_curator(request.user),
        },
    )


def _step(slug: str, pk: int) -> PathStep:
    return get_object_or_404(PathStep.objects.select_related("path"), path__slug=slug, pk=pk)


def _back_to_step(step: PathStep) -> HttpResponse:
    return redirect(reverse("library:path", args=[step.path.slug]) + f"#step-{step.position}")


@login_required
@require_POST
def step_done(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    step = _step(slug, pk)
    services.step_mark_done(step=step, user=request.user)
    messages.success(request, f"Step {step.position} is marked as done.")
    return _back_to_step(step)


@login_required
@require_POST
def step_undone(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    step = _step(slug, pk)
    services.step_mark_undone(step=step, user=request.user)
    messages.success(request, f"Step {step.position} is marked as not done.")
    return _back_to_step(step)


@login_required
def path_figures(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    path = get_path_for_curator(request.user, slug)
    return render(
        request,
        "library/path_figures.html",
        {
            "path": path,
            "figures": selectors.path_figures(path, viewer=request.user),
            "still_going": selectors.STILL_GOING,
            "finished": selectors.FINISHED,
            "small_count": SMALL_COUNT,
        },
    )
