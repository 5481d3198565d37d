from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.permissions import staff_required
from accounts.types import AuthenticatedRequest
from core.forms import add_service_errors
from forums.permissions import get_forum_for_lead
from glossary import services
from glossary.forms import GlossarySearchForm, GlossaryTermForm
from glossary.models import GlossaryTerm
from glossary.permissions import get_proposed_term_for_staff


@login_required
def glossary_propose(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    form = GlossaryTermForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.glossary_term_propose(
                forum=forum, proposed_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. Staff will check the term before it is used.")
            return redirect("glossary:propose", slug=slug)
    proposed = forum.glossary_terms.order_by("-created_at")[:20]
    return render(
        request,
        "glossary/propose.html",
        {"forum": forum, "form": form, "proposed": proposed},
    )


def glossary_index(request: HttpRequest) -> HttpResponse:
    form = GlossarySearchForm(request.GET or None)
    terms = GlossaryTerm.objects.approved().select_related("forum").order_by("term")
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if query:
        terms = terms.filter(
            Q(term__icontains=query)
            | Q(also_known_as__icontains=query)
            | Q(meaning__icontains=query)
        )
    letters = [(letter, list(group)) for letter, group in groupby(terms, key=lambda t: t.letter)]
    return render(
        request,
        "glossary/index.html",
        {
            "form": form,
            "query": query,
            "letters": letters,
            "alphabet": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        },
    )


@staff_required
def glossary_review(request: AuthenticatedRequest) -> HttpResponse:
    proposed = GlossaryTerm.objects.proposed().select_related("forum", "proposed_by")
    return render(request, "glossary/review.html", {"proposed": proposed})


@staff_required
@require_POST
def glossary_decide(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    term = get_proposed_term_for_staff(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    services.glossary_term_decide(term=term, decided_by=request.user, approve=approve)
    messages.success(request, f"“{term.term}” was {'approved' if approve else 'not approved'}.")
    return redirect("glossary:review")
