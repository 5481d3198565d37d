"""How long personal data is kept, enforced every night (privacy.tasks.retention_apply).

Each period is a setting with a default (coproduce/settings.py); docs/retention.md and the
privacy notice say the same. Every job takes ``now`` so that it can be run for any moment, and
each is safe to run twice.
"""

from __future__ import annotations

import calendar
import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from consultations import services as consultation_services
from consultations.models import Response
from core.emails import email_send_on_commit, site_link
from core.models import OutboxEmail, OutboxStatus
from forums.models import INVITATION_LIFETIME, Invitation
from privacy.models import DataExport
from privacy.services import data_exports_expired_delete

logger = logging.getLogger(__name__)

BATCH = 500


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the last day of a shorter
    month when that day does not exist)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def retention_periods() -> list[tuple[str, str]]:
    """What is kept for how long, in words, from the settings: the privacy notice's table."""

    def days(n: int) -> str:
        return f"{n} day{'s' if n != 1 else ''}"

    return [
        (
            "Answers you have not sent",
            f"Deleted when nobody has changed them for {days(settings.RETENTION_DRAFT_DAYS)}. "
            f"We email you {days(settings.RETENTION_DRAFT_REMINDER_DAYS)} before, if the "
            "consultation is still open.",
        ),
        (
            "Your name on answers to named consultations",
            f"Removed {settings.RETENTION_NAMED_ANSWERS_MONTHS} months after the results are "
            "published. The answers still count, with nothing linking them to you.",
        ),
        (
            "The words of emails we send you",
            f"Deleted after {days(settings.RETENTION_EMAIL_BODY_DAYS)}. We keep who an email went "
            "to, its subject, when it went and whether it arrived, until you delete your account.",
        ),
        (
            "Invitations to join a forum",
            f"Deleted {days(settings.RETENTION_INVITATION_DAYS)} after the link expires or the "
            "invitation is cancelled, if nobody accepted it.",
        ),
        (
            "Downloads of your data",
            f"Deleted {days(settings.DATA_EXPORT_LINK_DAYS)} after they are ready.",
        ),
        (
            "Everything else in your account",
            "Kept until you delete your account. Deleting it removes your details straight away.",
        ),
    ]


def _draft_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=settings.RETENTION_DRAFT_DAYS)


def drafts_expiring_remind(*, now: datetime) -> int:
    """Email members whose draft answers will be deleted in RETENTION_DRAFT_REMINDER_DAYS,
    while the consultation is still open (after it closes a draft cannot be sent). Once per
    untouched draft: the email's key holds the day it was last changed."""
    warn_from = _draft_cutoff(now) + timedelta(days=settings.RETENTION_DRAFT_REMINDER_DAYS)
    drafts = (
        Response.objects.drafts()
        .filter(
            respondent__isnull=False,
            updated_at__lte=warn_from,
            updated_at__gt=_draft_cutoff(now),
            consultation__closes_at__gt=now,
        )
        .select_related("respondent", "consultation")
    )
    queued = 0
    for draft in drafts.iterator(chunk_size=BATCH):
        respondent = draft.respondent
        if respondent is None:  # filtered out above; the check is for the type checker
            continue
        deleted_on = draft.updated_at + timedelta(days=settings.RETENTION_DRAFT_DAYS)
        queued += email_send_on_commit(
            to=[respondent.email],
            subject=f"Your draft answers to {draft.consultation.title} will be deleted soon",
            template="emails/privacy/draft_expiring.txt",
            context={
                "user": respondent,
                "consultation": draft.consultation,
                "deleted_on": deleted_on,
                "days": settings.RETENTION_DRAFT_DAYS,
                "link": site_link(
                    reverse("consultations:answer_start", args=[draft.consultation_id])
                ),
            },
            key=f"draft-expiring:{draft.pk}:{draft.updated_at:%Y-%m-%d}",
            user_id=respondent.pk,
        )
    return queued


def drafts_untouched_delete(*, now: datetime) -> int:
    """Delete draft answers nobody has changed for RETENTION_DRAFT_DAYS (members', open-link
    and drafts of changes alike). Returns how many drafts went."""
    deleted = Response.objects.drafts().filter(updated_at__lte=_draft_cutoff(now)).delete()[1]
    return deleted.get("consultations.Response", 0)


def named_answers_unlink(*, now: datetime) -> int:
    """Remove the link between people and their named answers RETENTION_NAMED_ANSWERS_MONTHS
    after the consultation's results were published, by the anonymous-answers rule (the
    answers still count). Returns how many were unlinked."""
    cutoff = months_before(now, settings.RETENTION_NAMED_ANSWERS_MONTHS)
    due = Response.objects.submitted().filter(
        respondent__isnull=False, consultation__results_published_at__lte=cutoff
    )
    count = 0
    for response in due.iterator(chunk_size=BATCH):
        consultation_services.response_unlink(response=response)
        count += 1
    return count


def email_bodies_purge(*, now: datetime) -> int:
    """Blank the words of emails older than RETENTION_EMAIL_BODY_DAYS that are no longer
    waiting to go; who they went to, their subject, kind and status stay. Returns how many."""
    cutoff = now - timedelta(days=settings.RETENTION_EMAIL_BODY_DAYS)
    return (
        OutboxEmail.objects.filter(created_at__lte=cutoff)
        .exclude(status__in=(OutboxStatus.QUEUED, OutboxStatus.SENDING))
        .exclude(body_text="", body_html="", attachments=[])
        .update(body_text="", body_html="", attachments=[], updated_at=now)
    )


def invitations_expired_delete(*, now: datetime) -> int:
    """Delete invitations nobody accepted, RETENTION_INVITATION_DAYS after their link expired or
    they were cancelled (leads see them as expired or cancelled until then). Returns how many."""
    keep = timedelta(days=settings.RETENTION_INVITATION_DAYS)
    expired = Q(cancelled_at__isnull=True, sent_at__lte=now - INVITATION_LIFETIME - keep)
    cancelled = Q(cancelled_at__lte=now - keep)
    return (
        Invitation.objects.filter(accepted_at__isnull=True)
        .filter(expired | cancelled)
        .delete()[1]
        .get("forums.Invitation", 0)
    )


def download_files_orphaned_delete(*, now: datetime) -> int:
    """Delete files in the downloads folder that no download points at (a build that failed
    after writing its file), once a day old."""
    folder = Path(settings.PRIVATE_FILES_ROOT) / "data-downloads"
    if not folder.is_dir():
        return 0
    known = set(DataExport.objects.exclude(file_name="").values_list("file_name", flat=True))
    count = 0
    for path in folder.iterdir():
        name = f"data-downloads/{path.name}"
        old = datetime.fromtimestamp(path.stat().st_mtime, tz=now.tzinfo) < now - timedelta(days=1)
        if name not in known and old:
            path.unlink(missing_ok=True)
            count += 1
    return count


def retention_apply(*, now: datetime | None = None) -> dict[str, int]:
    """Every retention job, in order. Returns what each did (also logged)."""
    now = now or timezone.now()
    done = {
        "draft_reminders": drafts_expiring_remind(now=now),
        "drafts_deleted": drafts_untouched_delete(now=now),
        "named_answers_unlinked": named_answers_unlink(now=now),
        "email_bodies_purged": email_bodies_purge(now=now),
        "invitations_deleted": invitations_expired_delete(now=now),
        "download_files_deleted": data_exports_expired_delete(now=now)
        + download_files_orphaned_delete(now=now),
    }
    logger.info("Retention applied: %s", done)
    return done
