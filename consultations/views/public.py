"""Pages anyone may see: the list of consultations, published results and "You said, we did"."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from consultations.models import (
    Action,
    Consultation,
)
from consultations.permissions import (
    can_edit,
    get_consultation_for_impact,
    get_forum,
    may_see_published_results,
)
from consultations.results import consultation_results
from consultations.selectors import open_for_you


def consultation_list(request: HttpRequest) -> HttpResponse:
    published = (
        Consultation.objects.with_impact()
        .select_related("forum", "region")
        .annotate(action_count=Count("actions", distinct=True))
        .order_by("-closes_at")[:20]
    )
    return render(
        request,
        "consultations/list.html",
        {"open_for_me": open_for_you(request.user), "published": published},
    )


def impact(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_impact(pk)
    actions = consultation.actions.prefetch_related("questions", "themes").order_by(
        "due_date", "pk"
    )
    return render(
        request,
        "consultations/impact.html",
        {
            "consultation": consultation,
            "actions": actions,
            "updates": consultation.impact_updates.select_related("action")[:10],
            "can_see_results": may_see_published_results(request.user, consultation),
            "can_edit": can_edit(request.user, consultation),
        },
    )


def forum_impact(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_forum(slug)
    consultations = (
        Consultation.objects.launched()
        .filter(forum=forum)
        .with_impact()
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk")))
        .order_by("-closes_at")
    )
    return render(
        request, "consultations/forum_impact.html", {"forum": forum, "consultations": consultations}
    )


def published_results(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_consultation_for_impact(pk)
    if not may_see_published_results(request.user, consultation):
        if not request.user.is_authenticated and consultation.results_published_at:
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "consultations/results_not_published.html",
            {"consultation": consultation},
            status=404,
        )
    results = consultation_results(consultation, published=True)
    return render(
        request,
        "consultations/published_results.html",
        {"consultation": consultation, "results": results, "published": True},
    )
