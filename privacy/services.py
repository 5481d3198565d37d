"""Writes for a person's own data: downloading it, deleting the account, withdrawing consent.

A download is built by a background task (privacy.tasks.data_export_build) into a ZIP under
PRIVATE_FILES_ROOT, and the person is emailed a signed link that works for
DATA_EXPORT_LINK_DAYS and only for them, signed in. Deleting an account unlinks and removes
what is theirs (see ``account_erase``) and leaves an ``Erasure`` with counts only.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import zipfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.models import ConsentKind, MemberProfile, User
from consultations import services as consultation_services
from consultations.models import Response
from core.emails import email_send_on_commit, site_link
from core.history import history_forget, history_scrub
from core.models import OutboxEmail
from core.spreadsheet import csv_bytes
from forums import services as forum_services
from forums.models import Invitation, Membership, MembershipStatus
from peer_network import services as peer_services
from peer_network.models import Booking
from privacy.models import DataExport, Erasure, export_link_lifetime
from privacy.personal_data import emails_to, personal_data_tables
from raised.models import Partner

logger = logging.getLogger(__name__)

DOWNLOAD_SALT = "privacy.data-download"


# Downloading one's data -----------------------------------------------------------------------


def export_path(export: DataExport) -> Path:
    return Path(settings.PRIVATE_FILES_ROOT) / export.file_name


def data_export_request(*, user: User) -> tuple[DataExport, bool]:
    """Ask for a download of one's data; the task that builds it starts after the commit.
    Idempotent while one is being prepared: that one is returned and nothing new is made (the
    second value says whether a new one was made); one whose task was lost is started again."""
    from privacy.tasks import data_export_build  # the task module imports this one

    existing = DataExport.objects.preparing().filter(user=user).first()
    if existing is not None:
        if existing.is_stuck:
            transaction.on_commit(lambda: data_export_build.delay(existing.pk), robust=True)
        return existing, False
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=user)
    except IntegrityError:  # a second request at the same moment
        return DataExport.objects.preparing().get(user=user), False
    transaction.on_commit(lambda: data_export_build.delay(export.pk), robust=True)
    return export, True


def _readme(user: User, tables: list[tuple[str, str, bool, int]]) -> str:
    return render_to_string(
        "privacy/download_readme.txt",
        {
            "user": user,
            "tables": tables,
            "made_at": timezone.localtime(),
            "service_name": settings.SERVICE_NAME,
        },
    )


def data_export_zip(user: User) -> bytes:
    """The ZIP itself: README.txt, and for each part of the person's data a JSON file, and a
    CSV file for the parts that are tables."""
    out = io.BytesIO()
    listed: list[tuple[str, str, bool, int]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in personal_data_tables(user):
            data = table.rows if table.tabular else table.rows[0]
            archive.writestr(
                f"{table.name}.json", json.dumps(data, indent=2, ensure_ascii=False, default=str)
            )
            if table.tabular:
                header = list(table.rows[0]) if table.rows else []
                archive.writestr(
                    f"{table.name}.csv",
                    csv_bytes(header, ([_cell(row[key]) for key in header] for row in table.rows)),
                )
            listed.append((table.name, table.title, table.tabular, len(table.rows)))
        archive.writestr("README.txt", _readme(user, listed))
    return out.getvalue()


def _cell(value: object) -> str | int | float | None:
    if value is None or isinstance(value, str | int | float):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def download_token(export: DataExport) -> str:
    return signing.dumps({"e": export.pk}, salt=DOWNLOAD_SALT)


def download_link(export: DataExport) -> str:
    return site_link(reverse("your_data_download", args=[download_token(export)]))


def data_export_build(*, export_id: int) -> DataExport | None:
    """Build the ZIP and email the person a link to it. Idempotent: a download already built
    (or since deleted with its account) is left alone."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id, ready_at__isnull=True)
            .first()
        )
        if export is None:
            return None
        content = data_export_zip(export.user)
        folder = Path(settings.PRIVATE_FILES_ROOT) / "data-downloads"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"data-downloads/{secrets.token_urlsafe(24)}.zip"
        (Path(settings.PRIVATE_FILES_ROOT) / name).write_bytes(content)
        export.file_name = name
        export.size = len(content)
        export.ready_at = timezone.now()
        export.save(update_fields=["file_name", "size", "ready_at"])
        email_send_on_commit(
            to=[export.user.email],
            subject="Your data is ready to download",
            template="emails/privacy/data_export_ready.txt",
            context={
                "user": export.user,
                "link": download_link(export),
                "expires_at": export.expires_at,
                "days": settings.DATA_EXPORT_LINK_DAYS,
            },
            key=f"data-export-ready:{export.pk}",
            user_id=export.user_id,
        )
    return export


class DownloadGone(Exception):
    """The download's link has expired or its file has been deleted."""


def download_for(*, token: str, user: User) -> DataExport | None:
    """The download a link is for, if it is this person's; None for a link that was changed,
    made up, or is someone else's (the view answers 404, whoever asks). Raises DownloadGone
    for the person's own link once it has expired."""
    try:
        found = signing.loads(token, salt=DOWNLOAD_SALT, max_age=export_link_lifetime())
    except signing.BadSignature:
        return None
    export_id = found.get("e") if isinstance(found, dict) else None
    if not isinstance(export_id, int):
        return None
    export = DataExport.objects.filter(pk=export_id, user=user).first()
    if export is None:
        return None
    if export.status != "ready" or not export_path(export).is_file():
        raise DownloadGone("This link has expired.")
    return export


def data_exports_expired_delete(*, now: datetime | None = None) -> int:
    """Delete the files of downloads whose link has expired; the row stays (without a file) so
    the person's page can say it expired. Idempotent. Returns how many files went."""
    count = 0
    for export in DataExport.objects.expired(now).exclude(file_name=""):
        export_path(export).unlink(missing_ok=True)
        DataExport.objects.filter(pk=export.pk).update(file_name="", size=0)
        count += 1
    return count


# Withdrawing consent ---------------------------------------------------------------------------

# What withdrawing the consent about children's needs clears: the special category answers,
# the free-text adjustments the person asked for (which can describe a disability) and the
# access needs given when booking sessions. What stays, and why, the profile and the withdrawal
# page say (templates/privacy/_needs_kept.html).
PROFILE_NEEDS_CLEARED = {**account_services.SPECIAL_CATEGORY_CLEARED, "meeting_adjustments": ""}


def consent_withdraw(*, user: User, kind: str) -> bool:
    """Withdraw a consent. Withdrawing the consent about children's needs also clears every
    field that may reveal a child's or parent's needs, free text included: the profile's
    answers and adjustments, and the access needs on every booking. Idempotent; says whether
    there was a consent to withdraw."""
    with transaction.atomic():
        withdrawn = account_services.consent_withdraw(user=user, kind=kind)
        if kind == ConsentKind.SPECIAL_CATEGORY:
            MemberProfile.objects.filter(user=user).update(meeting_adjustments="")
            peer_services.access_needs_clear(user=user)
            # The change history keeps earlier copies of the same fields: they go too.
            history_scrub(user, MemberProfile, PROFILE_NEEDS_CLEARED)
            history_scrub(user, Booking, {"access_needs": ""})
    return withdrawn is not None


# Deleting an account ---------------------------------------------------------------------------


class ErasureRefused(Exception):
    """Something must be handed over before this account can be deleted."""


def _refusals(user: User) -> list[str]:
    reasons = [
        f"You are the only lead of {membership.forum.name}. Make someone else a lead first."
        for membership in Membership.objects.leads().filter(user=user).select_related("forum")
        if forum_services.is_only_lead(membership)
    ]
    # Partners name a contact person; a forum must choose another before this one goes.
    reasons += [
        f"You are the contact for {partner.name}. Ask the forum's lead to change the contact first."
        for partner in Partner.objects.filter(contact=user).order_by("name")
    ]
    return reasons


def _sessions_end(user: User) -> int:
    """Sign the person out everywhere: their sessions are deleted (the table is not linked to
    accounts, so each session's data is read)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.session_key)
    return Session.objects.filter(session_key__in=ended).delete()[0]


def _files_delete(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def account_erase(*, user: User) -> Erasure:
    """Delete a person's account. The caller has confirmed it is them (password, and a code if
    they use two-step sign-in). In one transaction:

    - sent named answers are unlinked from them by the anonymous-answers rule (the answers
      still count); their drafts are deleted;
    - their future bookings are cancelled and waiting lists move up; past bookings and their
      feedback are deleted with the account;
    - their forum memberships are ended, then deleted with the account;
    - every email to them (sent, queued or optional) and invitations to their address are
      deleted, so no optional email goes; downloads of their data are deleted;
    - their sessions end, the history's copies of their rows go, and the account is deleted;
    - an ``Erasure`` with the date and counts only is kept.

    Raises ErasureRefused when they lead a forum alone or are a partner's contact.
    """
    reasons = _refusals(user)
    if reasons:
        raise ErasureRefused(reasons)
    counts: dict[str, int] = {}
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        named = list(Response.objects.filter(respondent=user, submitted_at__isnull=False))
        for response in named:
            consultation_services.response_unlink(response=response)
        counts["answers_unlinked"] = len(named)
        counts["drafts_deleted"] = (
            Response.objects.filter(respondent=user, submitted_at__isnull=True)
            .delete()[1]
            .get("consultations.Response", 0)
        )
        future = list(Booking.objects.live().filter(user=user, session__ends_at__gt=timezone.now()))
        for booking in future:
            peer_services.booking_cancel(session_id=booking.session_id, user=user)
        counts["bookings_cancelled"] = len(future)
        counts["bookings_deleted"] = Booking.objects.filter(user=user).count()
        active = list(Membership.objects.filter(user=user).exclude(status=MembershipStatus.LEFT))
        for membership in active:
            forum_services.membership_leave(membership=membership, user=user)
        counts["memberships_ended"] = len(active)
        counts["emails_deleted"] = OutboxEmail.objects.filter(emails_to(user)).delete()[0]
        counts["invitations_deleted"] = Invitation.objects.filter(
            email__iexact=user.email
        ).delete()[0]
        files = [export_path(e) for e in DataExport.objects.filter(user=user).exclude(file_name="")]
        counts["downloads_deleted"] = len(files)
        counts["sessions_ended"] = _sessions_end(user)
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
        ).delete()
        address, user_id = user.email, user.pk
        try:
            user.delete()
        except ProtectedError as error:  # a relation added later that must be handed over
            raise ErasureRefused([str(error.args[0])]) from error
        # After the delete, which itself writes a copy to the history.
        counts["history_rows"] = history_forget(User(pk=user_id, email=address))
        erasure = Erasure.objects.create(erased_on=timezone.localdate(), counts=counts)
        # The address is used for this email only: the outbox forgets it once sent.
        email_send_on_commit(
            to=[address],
            subject="Your account has been deleted",
            template="emails/privacy/account_deleted.txt",
            context={},
            forget_after_sending=True,
        )
        transaction.on_commit(lambda: _files_delete(files))
    return erasure


def erasure_refusal_messages(error: ErasureRefused) -> list[str]:
    reasons = error.args[0] if error.args else []
    return list(reasons) if isinstance(reasons, list) else [str(reasons)]
