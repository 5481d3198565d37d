"""Peer Network pages: the session list and page, booking, calendars, the hosts' tools,
feedback and the directory. Every object is fetched through peer_network.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from accounts.models import User
from accounts.types import AuthenticatedRequest
from core.access import access_log_viewed
from core.forms import add_service_errors
from core.limits import rate_limit_hit
from core.models import AccessWhat
from core.page_parts import SESSION_PAGE, page_parts
from forums.models import Forum
from forums.permissions import get_forum_for_lead
from peer_network import selectors, services
from peer_network.calendar import calendar_filename, session_calendar
from peer_network.forms import (
    PLACES_SPLIT,
    PLACES_TOTAL,
    AttendanceForm,
    BookingForm,
    DirectoryForm,
    FeedbackForm,
    SessionCancelForm,
    SessionFilterForm,
    SessionForm,
    reach_choices,
)
from peer_network.models import Booking, DirectoryListing, Session, SessionStatus
from peer_network.permissions import (
    booking_refusal,
    get_booking_for_attendee,
    get_session_for_host,
    get_session_for_viewer,
    is_host,
)

SESSIONS_PER_PAGE = 20
DIRECTORY_PER_PAGE = 50


@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionFilterForm(request.GET or None)
    filters: dict[str, object] = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "topic": data["topic"].slug if data["topic"] else "",
            "format": data["format"],
            "kind": data["kind"],
            "starts_before": form.starts_before(),
        }
    sessions = selectors.sessions_upcoming_for(request.user, **filters)  # type: ignore[arg-type]
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    booked = selectors.bookings_of(request.user, list(page))
    for session in page:
        session.your_booking = booked.get(session.pk)  # type: ignore[attr-defined]
    query = urlencode(
        [(key, str(value)) for key, value in request.GET.items() if key != "page" and value]
    )
    return render(
        request,
        "peer_network/session_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": bool(query),
        },
    )


def _session_page(
    request: HttpRequest, session: Session, form: BookingForm | None = None
) -> HttpResponse:
    session = selectors.session_for_page(session)
    booking = None
    refusal = None
    full_for_you = False
    if request.user.is_authenticated:
        booking = Booking.objects.live().filter(session=session, user=request.user).first()
        refusal = booking_refusal(request.user, session)
        full_for_you = session.places_left(session.seat_for(request.user)) == 0
    return render(
        request,
        "peer_network/session_detail.html",
        {
            "session": session,
            "booking": booking,
            "refusal": refusal,
            "full_for_you": full_for_you,
            "form": form
            or BookingForm(initial={"access_needs": booking.access_needs if booking else ""}),
            "is_host": is_host(request.user, session),
            "parts": page_parts(SESSION_PAGE, session, request.user),
        },
    )


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _session_page(request, get_session_for_viewer(request.user, pk))


@login_required
def session_book(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Booking happens on the session's page; this takes the form's POST. A GET (a refreshed
    page, a shared link) goes to the session's page."""
    session = get_session_for_viewer(request.user, pk)
    if request.method != "POST":
        return redirect("peer_network:detail", pk=session.pk)
    form = BookingForm(request.POST)
    if form.is_valid():
        rate_limit_hit(request, action=AccessWhat.BOOKING)
        try:
            booking = services.booking_create(
                session_id=session.pk,
                user=request.user,
                access_needs=form.cleaned_data["access_needs"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if booking.is_confirmed:
                messages.success(
                    request,
                    "Your place is booked. We have emailed you the details and a calendar file.",
                )
            else:
                messages.success(
                    request,
                    "The session is full, so you are on the waiting list. We will email you if "
                    "a place becomes free.",
                )
            return redirect("peer_network:detail", pk=session.pk)
    return _session_page(request, session, form)


@login_required
def booking_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_attendee(request.user, pk)
    session = booking.session
    if booking.status == "cancelled":
        return redirect("peer_network:detail", pk=session.pk)
    error = None
    if request.method == "POST":
        try:
            services.booking_cancel(session_id=session.pk, user=request.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(
                request,
                "Your place is cancelled."
                if booking.is_confirmed
                else "You have left the waiting list.",
            )
            return redirect("peer_network:detail", pk=session.pk)
    return render(
        request,
        "peer_network/booking_cancel.html",
        {"session": session, "booking": booking, "error": error},
    )


@require_safe
def session_calendar_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The session's calendar file. The joining link is in it only for a confirmed place."""
    session = get_session_for_viewer(request.user, pk)
    confirmed = (
        request.user.is_authenticated
        and Booking.objects.confirmed().filter(session=session, user=request.user).exists()
    )
    response = HttpResponse(
        session_calendar(session, with_joining_link=confirmed),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{calendar_filename(session)}"'
    return response


@login_required
def feedback(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    booking = get_booking_for_attendee(request.user, pk)
    session = booking.session
    existing = getattr(booking, "feedback", None)
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        initial=(
            {
                "rating": existing.rating,
                "one_thing": existing.one_thing,
                "comments": existing.comments,
            }
            if existing
            else None
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(booking=booking, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. The hosts will see your feedback.")
            return redirect("peer_network:yours")
    return render(
        request,
        "peer_network/feedback.html",
        {"session": session, "form": form, "booking": booking},
    )


@require_safe
@login_required
def your_sessions(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request, "peer_network/your_sessions.html", {"yours": selectors.sessions_of(request.user)}
    )


# Hosts' tools ----------------------------------------------------------------------------------


@require_safe
@login_required
def host_summary(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_session_for_host(request.user, pk)
    access_log_viewed(request, what=AccessWhat.ACCESS_NEEDS, subject=session)
    return render(
        request,
        "peer_network/manage/summary.html",
        {"session": session, "summary": selectors.host_summary(session)},
    )


@login_required
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_session_for_host(request.user, pk)
    if request.method != "POST":
        access_log_viewed(request, what=AccessWhat.ACCESS_NEEDS, subject=session)
    summary = selectors.host_summary(session)
    form = AttendanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            came = services.attendance_record(
                session=session,
                recorded_by=request.user,
                attended=set(form.cleaned_data["attended"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Attendance saved: {came} of {len(summary.confirmed)} came.")
            return redirect("peer_network:host_summary", pk=session.pk)
    return render(
        request,
        "peer_network/manage/attendance.html",
        {"session": session, "summary": summary, "form": form, "now": timezone.now()},
    )


def _reach_choices(forum: Forum | None) -> list[tuple[str, str]]:
    return reach_choices(forum.name if forum else None, forum.region.name if forum else None)


def _session_form_page(
    request: AuthenticatedRequest, forum: Forum | None, session: Session | None
) -> HttpResponse:
    initial = None
    if session is not None:
        initial = {
            **{
                name: getattr(session, name)
                for name in (
                    "title",
                    "description",
                    "kind",
                    "format",
                    "venue_name",
                    "venue_address",
                    "access_information",
                    "joining_link",
                    "reach",
                    "capacity",
                    "parent_carer_places",
                    "practitioner_places",
                )
            },
            "topics": list(session.topics.all()),
            # On the London clock the form reads them back in, not the server's own zone.
            "day": timezone.localtime(session.starts_at).date(),
            "starts": timezone.localtime(session.starts_at).strftime("%H:%M"),
            "ends": timezone.localtime(session.ends_at).strftime("%H:%M"),
            "places": PLACES_TOTAL if session.capacity is not None else PLACES_SPLIT,
        }
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        reach_choices=_reach_choices(forum),
    )
    if request.method == "POST" and form.is_valid():
        co_hosts: list[User] = []
        email = form.cleaned_data["co_host_email"]
        if email:
            co_host = User.objects.filter(email__iexact=email, is_active=True).first()
            if co_host is None:
                form.add_error("co_host_email", "There is no account with this email address")
            else:
                co_hosts.append(co_host)
        if not form.errors:
            try:
                if session is None:
                    session = services.session_create(
                        created_by=request.user,
                        forum=forum,
                        details=form.details(),
                        topics=form.cleaned_data["topics"],
                        co_hosts=co_hosts,
                    )
                    messages.success(request, "The session is planned and open for booking.")
                else:
                    session = services.session_update(
                        session=session,
                        edited_by=request.user,
                        details=form.details(),
                        topics=form.cleaned_data["topics"],
                        co_hosts=co_hosts,
                    )
                    messages.success(request, "Your changes are saved.")
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.error_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    add_service_errors(form, error)
            else:
                return redirect("peer_network:host_summary", pk=session.pk)
    return render(
        request,
        "peer_network/manage/session_form.html",
        {"form": form, "forum": forum, "session": session},
    )


@login_required
def session_new(request: AuthenticatedRequest) -> HttpResponse:
    """Staff plan a session for the whole network."""
    if not request.user.is_staff:
        raise PermissionDenied("Only staff plan sessions for the whole network.")
    return _session_form_page(request, None, None)


@login_required
def forum_session_new(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    forum = get_forum_for_lead(request.user, slug)
    return _session_form_page(request, forum, None)


@login_required
def session_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_session_for_host(request.user, pk)
    if session.status != SessionStatus.SCHEDULED or session.has_ended:
        messages.error(request, "Only a session that has not happened yet can be changed.")
        return redirect("peer_network:host_summary", pk=session.pk)
    return _session_form_page(request, session.forum, session)


@login_required
def session_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = get_session_for_host(request.user, pk)
    if session.status == SessionStatus.CANCELLED:
        return redirect("peer_network:host_summary", pk=session.pk)
    form = SessionCancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                session=session, cancelled_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The session is cancelled. Everyone booked has been emailed.")
            return redirect("peer_network:host_summary", pk=session.pk)
    return render(
        request, "peer_network/manage/session_cancel.html", {"session": session, "form": form}
    )


@require_safe
@login_required
def forum_sessions(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The forum lead's tab: the sessions their forum runs, coming up and past."""
    forum = get_forum_for_lead(request.user, slug)
    sessions = Session.objects.filter(forum=forum).with_place_counts().order_by("-starts_at", "-pk")
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "peer_network/manage/forum_sessions.html", {"forum": forum, "page": page}
    )


# The directory ---------------------------------------------------------------------------------


@require_safe
@login_required
def directory(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.directory_entries(), DIRECTORY_PER_PAGE).get_page(
        request.GET.get("page")
    )
    listed = DirectoryListing.objects.filter(user=request.user).exists()
    return render(request, "peer_network/directory.html", {"page": page, "listed": listed})


@login_required
def directory_join(request: AuthenticatedRequest) -> HttpResponse:
    listing = DirectoryListing.objects.filter(user=request.user).first()
    form = DirectoryForm(
        request.POST if request.method == "POST" else None,
        initial={"about": listing.about if listing else ""},
    )
    if request.method == "POST":
        if request.POST.get("action") == "leave":
            services.directory_leave(user=request.user)
            messages.success(request, "You are no longer in the directory.")
            return redirect("peer_network:directory")
        if form.is_valid():
            services.directory_join(user=request.user, about=form.cleaned_data["about"])
            messages.success(request, "You are in the directory.")
            return redirect("peer_network:directory")
    return render(request, "peer_network/directory_join.html", {"form": form, "listing": listing})
