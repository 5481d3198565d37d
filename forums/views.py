from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import uuid4

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.types import AuthenticatedRequest
from core.access import access_log_viewed
from core.forms import add_service_errors
from core.limits import rate_limit_hit
from core.models import AccessWhat
from core.page_parts import FORUM_PAGE, page_parts
from forums import services
from forums.forms import (
    EngagementForm,
    ForumDetailsForm,
    ForumSearchForm,
    InvitationForm,
    JoinDecisionForm,
    JoinRequestForm,
    MemberFilterForm,
    NewAccountFromInvitationForm,
    NewNewsPostForm,
    NewsPostForm,
    RepresentativeForm,
    RoleChangeForm,
)
from forums.models import (
    Forum,
    Membership,
    MembershipRole,
    MembershipStatus,
    NewsPost,
    Region,
    RepresentativeRole,
)
from forums.permissions import (
    get_forum_for_lead,
    get_invitation_for_lead,
    get_membership_for_lead,
    get_news_for_lead,
    get_news_for_reader,
    is_lead,
    membership_of,
)
from forums.search import forum_search, regions_phrase

MEMBERS_PER_PAGE = 25
INVITATIONS_PER_PAGE = 20
NEWS_PER_PAGE = 20


# Public pages -------------------------------------------------------------------------------


def forum_list(request: HttpRequest) -> HttpResponse:
    form = ForumSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    search = forum_search(query) if query else None
    regions = list(
        Region.objects.prefetch_related(
            Prefetch("forums", queryset=Forum.objects.order_by("name"), to_attr="forum_list")
        ).order_by("name")
    )
    covered = [region.name for region in regions if region.forum_list]
    return render(
        request,
        "forums/forum_list.html",
        {
            "form": form,
            "query": query,
            "search": search,
            "regions": regions,
            "covered_regions": regions_phrase(covered),
        },
    )


def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(Forum.objects.for_listing().with_public_counts(), slug=slug)
    membership = membership_of(request.user, forum)
    is_member = membership is not None and membership.is_active
    news = list(
        NewsPost.objects.filter(forum=forum)
        .visible_to(is_member=is_member)
        .order_by("-published_at")[:10]
    )
    today = timezone.localdate()
    representatives = list(
        RepresentativeRole.objects.filter(forum=forum)
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=today))
        .select_related("user")
        .order_by("board", "user__full_name")
    )
    steering = list(
        Membership.objects.active()
        .filter(forum=forum, role__in=[MembershipRole.STEERING_GROUP, MembershipRole.LEAD])
        .select_related("user")
        .order_by("user__full_name")
    )
    return render(
        request,
        "forums/forum_detail.html",
        {
            "forum": forum,
            "membership": membership,
            "is_member": is_member,
            "is_lead": membership is not None and membership.is_lead,
            "news": news,
            "representatives": representatives,
            "steering": steering,
            "parts": page_parts(FORUM_PAGE, forum, request.user),
        },
    )


def news_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        post = get_object_or_404(NewsPost, forum__slug=slug, pk=pk)
        if post.visibility != "public":
            return redirect_to_login(request.get_full_path())
    post = get_news_for_reader(request.user, slug, pk)
    return render(
        request,
        "forums/news_detail.html",
        {"post": post, "forum": post.forum, "is_lead": is_lead(request.user, post.forum)},
    )


# Joining and leaving ------------------------------------------------------------------------


@login_required
def join(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(Forum, slug=slug)
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_request(
                forum=forum, user=request.user, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"You have asked to join {forum.name}. We will email you when a lead has replied.",
            )
            return redirect("forums:detail", slug=forum.slug)
    return render(request, "forums/join.html", {"forum": forum, "form": form})


@login_required
def leave(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_object_or_404(Forum, slug=slug)
    membership = membership_of(request.user, forum)
    if membership is None or membership.status == MembershipStatus.LEFT:
        messages.info(request, f"You are not a member of {forum.name}.")
        return redirect("forums:detail", slug=forum.slug)
    error = None
    if request.method == "POST":
        try:
            services.membership_leave(membership=membership, user=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, f"You have left {forum.name}.")
            return redirect("forums:detail", slug=forum.slug)
    return render(request, "forums/leave.html", {"forum": forum, "error": error})


def _invitation_wrong_account(
    request: HttpRequest, problem: services.InvitationForAnotherAccount, *, status: int
) -> HttpResponse:
    return render(
        request, "forums/invitation_wrong_account.html", {"problem": str(problem)}, status=status
    )


def _invitation_invalid(request: HttpRequest, problem: services.InvitationInvalid) -> HttpResponse:
    return render(
        request,
        "forums/invitation_invalid.html",
        {"problem": str(problem), "forum": problem.forum},
        status=400,
    )


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationInvalid as problem:
        return _invitation_invalid(request, problem)
    forum = invitation.forum
    context: dict[str, object] = {"invitation": invitation, "forum": forum}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                services.invitation_accept(invitation=invitation, user=request.user)
            except services.InvitationForAnotherAccount as problem:
                return _invitation_wrong_account(request, problem, status=403)
            except services.InvitationInvalid as problem:
                return _invitation_invalid(request, problem)
            messages.success(request, f"Welcome to {forum.name}.")
            return redirect("forums:detail", slug=forum.slug)
        if not services.invitation_is_for(invitation, request.user):
            return _invitation_wrong_account(
                request, services.InvitationForAnotherAccount.for_invitation(invitation), status=200
            )
        return render(request, "forums/invitation_accept.html", context)

    if User.objects.filter(email__iexact=invitation.email).exists():
        context["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
        return render(request, "forums/invitation_accept.html", context)

    form = NewAccountFromInvitationForm(
        request.POST if request.method == "POST" else None, email=invitation.email
    )
    if request.method == "POST" and form.is_valid():
        try:
            user, _ = services.invitation_accept_new_account(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                special_category_consent=form.cleaned_data["special_category_consent"],
            )
        except services.InvitationInvalid as problem:
            return _invitation_invalid(request, problem)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Your account has been created. Welcome to {forum.name}.")
        return redirect("forums:detail", slug=forum.slug)
    context["form"] = form
    return render(request, "forums/invitation_accept.html", context)


# Lead tools ---------------------------------------------------------------------------------


@login_required
def members(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    access_log_viewed(request, what=AccessWhat.MEMBERS, subject=forum)
    filters = MemberFilterForm(request.GET)
    filters.is_valid()  # a malformed filter is shown as an error and otherwise ignored
    data = filters.cleaned_data
    memberships = (
        Membership.objects.filter(forum=forum)
        .select_related("user")
        .search(data.get("q", ""))
        .waiting_first()
    )
    if data.get("role"):
        memberships = memberships.filter(role=data["role"])
    if data.get("status"):
        memberships = memberships.filter(status=data["status"])
    page = Paginator(memberships, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    counts = dict(
        Membership.objects.filter(forum=forum)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "forums/manage/members.html",
        {
            "forum": forum,
            "filters": filters,
            "page": page,
            "counts": counts,
            "query": query.urlencode(),
            "roles": MembershipRole.choices,
            "exports": forum.access_log.exports().select_related("person")[:5],
        },
    )


@login_required
@require_POST
def member_decide(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_lead(request.user, slug, pk)
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
    else:
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.membership_decide(
                membership=membership,
                decided_by=request.user,
                approve=approve,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            outcome = "approved" if approve else "declined"
            messages.success(
                request,
                f"{membership.user.get_full_name()}'s request was {outcome}. They have been emailed.",
            )
    return redirect("forums:members", slug=slug)


@login_required
@require_POST
def member_role(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_lead(request.user, slug, pk)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a role from the list.")
    else:
        try:
            services.membership_role_change(
                membership=membership, changed_by=request.user, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{membership.user.get_full_name()} is now {membership.get_role_display().lower()}.",
            )
    return redirect("forums:members", slug=slug)


def _confirmation_page(
    request: AuthenticatedRequest,
    template: str,
    context: dict[str, object],
    *,
    act: Callable[[], object],
    done: str,
    then: str,
) -> HttpResponse:
    """A page that asks before a change that cannot be undone. Its POST makes the change
    (``act``), says what was done and goes on to ``then``; a refusal is shown on the page."""
    error = None
    if request.method == "POST":
        try:
            act()
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, done)
            return redirect(then)
    return render(request, template, {**context, "error": error})


@login_required
def member_remove(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership_for_lead(request.user, slug, pk)
    return _confirmation_page(
        request,
        "forums/manage/member_remove.html",
        {"forum": membership.forum, "membership": membership},
        act=lambda: services.membership_remove(membership=membership, removed_by=request.user),
        done=f"{membership.user.get_full_name()} has been removed.",
        then=reverse("forums:members", args=[slug]),
    )


@login_required
@require_POST
def members_export(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    content = services.members_export_csv(forum=forum, exported_by=request.user)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    filename = f"{forum.slug}-members-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def details_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    initial = {
        "description": forum.description,
        "contact_email": forum.contact_email,
        "website": forum.website,
        "independence_statement": forum.independence_statement,
    }
    form = ForumDetailsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.forum_details_update(forum=forum, edited_by=request.user, **form.cleaned_data)
        messages.success(request, "Your forum's details have been saved.")
        return redirect("forums:detail", slug=slug)
    return render(request, "forums/manage/details.html", {"forum": forum, "form": form})


def _invitation_counts(forum: Forum) -> list[str]:
    """ "2 waiting for a reply, 1 accepted": the statuses that have any invitations."""
    counts = forum.invitations.status_counts()
    words = {
        "pending": "waiting for a reply",
        "accepted": "accepted",
        "expired": "expired",
        "cancelled": "cancelled",
    }
    return [f"{counts[status]} {word}" for status, word in words.items() if counts[status]]


@login_required
def invite(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        rate_limit_hit(request, action=AccessWhat.INVITATION_SEND)
        try:
            invitation = services.invitation_create(
                forum=forum,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"An invitation has been emailed to {invitation.email}.")
            return redirect("forums:invite", slug=slug)
    invitations = forum.invitations.select_related("invited_by", "accepted_by", "cancelled_by")
    page = Paginator(invitations, INVITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/manage/invite.html",
        {
            "forum": forum,
            "form": form,
            "page": page,
            "counts": _invitation_counts(forum),
        },
    )


@login_required
@require_POST
def invitation_resend(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    invitation = get_invitation_for_lead(request.user, slug, pk)
    try:
        services.invitation_resend(invitation=invitation, resent_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The invitation has been emailed to {invitation.email} again, with a new link "
            "that works for 14 days. The link in the earlier email no longer works.",
        )
    return redirect("forums:invite", slug=slug)


@login_required
def invitation_cancel(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    invitation = get_invitation_for_lead(request.user, slug, pk)
    return _confirmation_page(
        request,
        "forums/manage/invitation_cancel.html",
        {"forum": invitation.forum, "invitation": invitation},
        act=lambda: services.invitation_cancel(invitation=invitation, cancelled_by=request.user),
        done=f"The invitation to {invitation.email} has been cancelled. "
        "The link in their email no longer works.",
        then=reverse("forums:invite", args=[slug]),
    )


# News ---------------------------------------------------------------------------------------


@login_required
def news_manage(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    posts = NewsPost.objects.filter(forum=forum).order_by("-published_at", "-pk")
    page = Paginator(posts, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forums/manage/news.html", {"forum": forum, "page": page})


def _news_save(
    request: AuthenticatedRequest, forum: Forum, post: NewsPost | None, data: dict[str, Any]
) -> NewsPost:
    fields = {"title": data["title"], "body": data["body"], "visibility": data["visibility"]}
    if post is None:
        post = services.news_post_create(
            forum=forum, author=request.user, submission_key=data.get("submission"), **fields
        )
        messages.success(request, "Your news has been published.")
        return post
    post = services.news_post_update(post=post, edited_by=request.user, **fields)
    messages.success(request, "Your changes have been published.")
    return post


def _news_form_page(
    request: AuthenticatedRequest, forum: Forum, form: NewsPostForm, post: NewsPost | None
) -> HttpResponse:
    """Writing a post, for a new one and a changed one alike: the form, then (with "Preview")
    the post as readers will see it with "Publish" and "Change", then publishing.

    The preview carries what was typed in hidden fields, so nothing is kept on the server until
    the lead publishes, and "Change" brings it all back into the form."""
    action = request.POST.get("action", "publish") if request.method == "POST" else None
    if action in ("preview", "publish") and form.is_valid():
        data = form.cleaned_data
        if action == "preview":
            now = timezone.now()
            shown = NewsPost(
                forum=forum,
                title=data["title"],
                body=data["body"].strip(),
                visibility=data["visibility"],
                published_at=post.published_at if post else now,
                updated_at=now if post else None,
            )
            return render(
                request,
                "forums/manage/news_preview.html",
                {"forum": forum, "form": form, "post": post, "shown": shown},
            )
        try:
            saved = _news_save(request, forum, post, data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("forums:news", slug=forum.slug, pk=saved.pk)
    return render(
        request, "forums/manage/news_form.html", {"forum": forum, "form": form, "post": post}
    )


@login_required
def news_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    form = NewNewsPostForm(
        request.POST if request.method == "POST" else None, initial={"submission": uuid4()}
    )
    return _news_form_page(request, forum, form, None)


@login_required
def news_edit(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    post = get_news_for_lead(request.user, slug, pk)
    form = NewsPostForm(
        request.POST if request.method == "POST" else None,
        initial={"title": post.title, "body": post.body, "visibility": post.visibility},
    )
    return _news_form_page(request, post.forum, form, post)


@login_required
def news_delete(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    post = get_news_for_lead(request.user, slug, pk)
    return _confirmation_page(
        request,
        "forums/manage/news_delete.html",
        {"forum": post.forum, "post": post},
        act=lambda: services.news_post_delete(post=post, deleted_by=request.user),
        done=f"The news \u201c{post.title}\u201d has been deleted.",
        then=reverse("forums:news_manage", args=[slug]),
    )


@login_required
def representatives(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    active_members = User.objects.filter(
        memberships__forum=forum, memberships__status=MembershipStatus.ACTIVE
    ).order_by("full_name")
    form = RepresentativeForm(
        request.POST if request.method == "POST" else None, members=active_members
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.representative_add(
                forum=forum,
                added_by=request.user,
                user=data["member"],
                board=data["board"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                declared_interests=data["declared_interests"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{data['member'].get_full_name()} was added to the roster.")
            return redirect("forums:representatives", slug=slug)
    seats = RepresentativeRole.objects.filter(forum=forum).select_related("user")
    return render(
        request,
        "forums/manage/representatives.html",
        {"forum": forum, "form": form, "seats": seats, "today": timezone.localdate()},
    )


@login_required
@require_POST
def representative_end(request: AuthenticatedRequest, slug: str, pk: int) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    seat = get_object_or_404(RepresentativeRole, forum=forum, pk=pk)
    services.representative_term_end(seat=seat, ended_by=request.user)
    messages.success(request, f"{seat.user.get_full_name()}'s term on {seat.board} has ended.")
    return redirect("forums:representatives", slug=slug)


@login_required
def engagement(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    form = EngagementForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.engagement_record(forum=forum, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The engagement has been recorded.")
            return redirect("forums:engagement", slug=slug)
    entries = forum.engagement_entries.all()[:50]
    return render(
        request,
        "forums/manage/engagement.html",
        {"forum": forum, "form": form, "entries": entries},
    )
