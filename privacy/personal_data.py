"""Everything the service holds that is linked to one person, as tables: what a download of
their data contains. Each table is read with the person as its filter, so nothing about anyone
else is in it; what other people wrote is left out (a matter's thread, for example, is only the
updates the person wrote)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import Consent, MemberProfile, User
from consultations.models import AnswerChoice, Response
from core.models import OutboxEmail
from forums.models import Membership
from library.models import Resource, StepCompletion
from notifications.models import Preferences
from peer_network.models import Booking, DirectoryListing
from raised.models import MatterUpdate

Row = dict[str, Any]


@dataclass
class Table:
    """One part of the download: a JSON file, and a CSV file when ``tabular``."""

    name: str
    title: str
    rows: list[Row] = field(default_factory=list)
    tabular: bool = True


def when(value: datetime | date | None) -> str:
    """A date or time as ISO 8601, times on the London clock."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _profile(user: User) -> Table:
    profile = MemberProfile.objects.filter(user=user).first()
    about: Row = {}
    if profile is not None:
        about = {
            "age_bands": profile.age_bands,
            "needs": profile.needs,
            "support_level": profile.get_support_level_display(),
            "school_type": profile.get_school_type_display(),
            "ethnic_group": profile.get_ethnic_group_display(),
            "preferred_format": profile.get_preferred_format_display(),
            "interpreter_language": profile.interpreter_language,
            "needs_bsl_interpreter": profile.needs_bsl_interpreter,
            "meeting_adjustments": profile.meeting_adjustments,
            "updated_at": when(profile.updated_at),
        }
    prefs = Preferences.objects.filter(user=user).first()
    row: Row = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.get_role_display(),
        "role_status": user.get_role_status_display(),
        "sector": user.get_sector_display(),
        "organisation": user.organisation,
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "about_you_and_your_family": about,
        "email_settings": {
            "consultations": prefs.get_consultations_display(),
            "sessions": prefs.get_sessions_display(),
            "programme": prefs.get_programme_display(),
            "news": prefs.get_news_display(),
            "impact": prefs.get_impact_display(),
            "digest_day": prefs.get_digest_day_display(),
            "digest_time": str(prefs.digest_time),
            "quiet_from": str(prefs.quiet_from),
            "quiet_until": str(prefs.quiet_until),
        }
        if prefs
        else "Not changed from the defaults",
    }
    return Table("profile", "Your profile", [row], tabular=False)


def _consents(user: User) -> Table:
    return Table(
        "consents",
        "What you agreed to",
        [
            {
                "consent": consent.get_kind_display(),
                "version": consent.version,
                "given_at": when(consent.given_at),
                "withdrawn_at": when(consent.withdrawn_at),
            }
            for consent in Consent.objects.filter(user=user).order_by("given_at", "pk")
        ],
    )


def _memberships(user: User) -> Table:
    return Table(
        "memberships",
        "Your forum memberships",
        [
            {
                "forum": membership.forum.name,
                "role": membership.get_role_display(),
                "status": membership.get_status_display(),
                "your_message": membership.request_message,
                "reply": membership.decision_message,
                "requested_at": when(membership.requested_at),
                "joined_at": when(membership.joined_at),
                "left_at": when(membership.left_at),
            }
            for membership in Membership.objects.filter(user=user)
            .select_related("forum")
            .order_by("requested_at", "pk")
        ],
    )


def _answers(user: User) -> Table:
    """Named answers, sent or not, and drafts of anonymous answers (linked to the person until
    sent). Sent anonymous answers are linked to nobody, so they cannot be found for anyone."""
    responses = (
        Response.objects.filter(respondent=user)
        .select_related("consultation")
        .prefetch_related("answers__question")
        .order_by("started_at", "pk")
    )
    picks: dict[int, list[str]] = {}
    for answer_id, text, rank in (
        AnswerChoice.objects.filter(answer__response__respondent=user)
        .order_by("rank", "choice__position", "choice_id")
        .values_list("answer_id", "choice__text", "rank")
    ):
        picks.setdefault(answer_id, []).append(f"{rank}. {text}" if rank else text)
    rows = []
    for response in responses:
        state = "Sent" if response.submitted_at else "Draft, not sent"
        for answer in sorted(
            response.answers.all(),
            key=lambda a: (a.question.section_id, a.question.position, a.question_id),
        ):
            rows.append(
                {
                    "consultation": response.consultation.title,
                    "reference": response.reference,
                    "state": state,
                    "started_at": when(response.started_at),
                    "sent_at": when(response.submitted_at),
                    "agreed_to_be_quoted": response.quote_consent,
                    "question": answer.question.text,
                    "answer": answer.text if answer.number is None else str(answer.number),
                    "options_chosen": "; ".join(picks.get(answer.pk, [])),
                    "other": answer.other_text,
                }
            )
    return Table("consultation_answers", "Your consultation answers and drafts", rows)


def _bookings(user: User) -> Table:
    rows = []
    for booking in (
        Booking.objects.filter(user=user)
        .select_related("session", "feedback")
        .order_by("session__starts_at", "pk")
    ):
        feedback = getattr(booking, "feedback", None)
        rows.append(
            {
                "session": booking.session.title,
                "starts_at": when(booking.session.starts_at),
                "status": booking.get_status_display(),
                "place": booking.get_seat_display(),
                "access_needs": booking.access_needs,
                "booked_at": when(booking.queued_at),
                "confirmed_at": when(booking.confirmed_at),
                "cancelled_at": when(booking.cancelled_at),
                "attended": "" if booking.attended is None else booking.attended,
                "feedback_rating": feedback.rating if feedback else "",
                "feedback_one_thing": feedback.one_thing if feedback else "",
                "feedback_comments": feedback.comments if feedback else "",
            }
        )
    return Table("bookings", "Your session bookings and feedback", rows)


def _network(user: User) -> Table:
    rows: list[Row] = [
        {
            "what": "Listed in the network directory",
            "detail": listing.about,
            "at": when(listing.listed_at),
        }
        for listing in DirectoryListing.objects.filter(user=user)
    ]
    rows += [
        {
            "what": "Learning path step done",
            "detail": str(completion.step),
            "at": when(completion.done_at),
        }
        for completion in StepCompletion.objects.filter(user=user)
        .select_related("step__path")
        .order_by("done_at", "pk")
    ]
    return Table("peer_network", "Your directory listing and learning paths", rows)


def _resources(user: User) -> Table:
    return Table(
        "resources",
        "Resources you added",
        [
            {
                "title": resource.title,
                "summary": resource.summary,
                "kind": resource.get_kind_display(),
                "web_link": resource.url,
                "document": resource.document.name.rsplit("/", 1)[-1] if resource.document else "",
                "added_at": when(resource.created_at),
            }
            for resource in Resource.objects.filter(created_by=user).order_by("created_at", "pk")
        ],
    )


def _matter_updates(user: User) -> Table:
    return Table(
        "raised_matter_updates",
        "Updates you wrote on matters raised",
        [
            {
                "matter": update.matter.title,
                "side": update.get_side_display(),
                "update": update.body,
                "status_set": update.get_status_display() if update.status else "",
                "written_at": when(update.created_at),
            }
            for update in MatterUpdate.objects.filter(author=user)
            .select_related("matter")
            .order_by("created_at", "pk")
        ],
    )


def emails_to(user: User) -> Q:
    """The outbox rows that are emails to this person: by account, or to their address."""
    return Q(user=user) | Q(to__iexact=user.email)


def _emails(user: User) -> Table:
    return Table(
        "emails",
        "Emails we sent you",
        [
            {
                "written_at": when(row.created_at),
                "sent_at": when(row.sent_at),
                "status": row.get_status_display(),
                "to": row.to,
                "subject": row.subject,
                "body": row.body_text,
            }
            for row in OutboxEmail.objects.filter(emails_to(user))
            .only("created_at", "sent_at", "status", "to", "subject", "body_text")
            .order_by("created_at", "pk")
            .iterator(chunk_size=500)
        ],
    )


def personal_data_tables(user: User) -> Iterable[Table]:
    """Every part of a person's data, in the order the download lists them."""
    yield _profile(user)
    yield _consents(user)
    yield _memberships(user)
    yield _answers(user)
    yield _bookings(user)
    yield _network(user)
    yield _resources(user)
    yield _matter_updates(user)
    yield _emails(user)
