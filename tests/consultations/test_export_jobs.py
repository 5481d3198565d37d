"""Large exports, written by a background job: the same file as the streamed export, a progress
page for the person who asked, the file for them alone, and deleted after the retention time."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoCaptureOnCommitCallbacks as CaptureOnCommit
from pytest_django.fixtures import Settings as SettingsWrapper

from consultations import exports
from consultations.models import Consultation, ExportJob, ExportStatus
from core.models import AccessKind, AccessLog
from forums.models import Membership, MembershipRole
from tests.consultations.factories import consultation_with_responses, export_job_ready
from tests.forums.factories import MembershipFactory
from tests.types import ForumLead, MakeClient


@pytest.fixture
def exports_folder(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.EXPORTS_DIR = tmp_path / "exports"
    return Path(settings.EXPORTS_DIR)


@pytest.fixture
def answered(gateshead: ForumLead) -> Consultation:
    forum, lead = gateshead
    return consultation_with_responses(forum, lead, responses=23, pages=2, seed=11)


def _streamed(client: Client, consultation: Consultation, file_format: str) -> bytes:
    response = client.post(reverse("consultations:export", args=[consultation.pk, file_format]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def _sheet(content: bytes) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.active.iter_rows(values_only=True))


def _job_page(client: Client, job: ExportJob) -> str:
    url = reverse("consultations:export_job", args=[job.consultation_id, job.pk])
    return client.get(url).content.decode()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_job_writes_the_same_file_as_the_streamed_export(
    file_format: str,
    answered: Consultation,
    gateshead: ForumLead,
    make_client: MakeClient,
    settings: SettingsWrapper,
    exports_folder: Path,
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    lead = gateshead[1]
    client = make_client(lead)
    settings.EXPORT_BACKGROUND_FROM = 1000
    streamed = _streamed(client, answered, file_format)
    settings.EXPORT_BACKGROUND_FROM = 20
    # Tests run tasks as they are queued: here, once the export's record is committed.
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("consultations:export", args=[answered.pk, file_format]))
    job = ExportJob.objects.get()
    assert asked.status_code == 302
    assert asked["Location"] == reverse("consultations:export_job", args=[answered.pk, job.pk])
    assert job.status == ExportStatus.READY and job.rows_done == job.rows_total == 23
    download = client.get(reverse("consultations:export_download", args=[answered.pk, job.pk]))
    assert download.status_code == 200
    assert (
        f'filename="consultation-{answered.pk}-responses.{file_format}"'
        in (download["Content-Disposition"])
    )
    written = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    if file_format == "csv":
        assert written == streamed
    else:
        assert _sheet(written) == _sheet(streamed)
    # Recorded as every export is: two of them, by the lead, with the rows counted.
    assert (
        list(
            AccessLog.objects.filter(person=lead, kind=AccessKind.EXPORTED).values_list(
                "file_format", "row_count"
            )
        )
        == [(file_format, 23)] * 2
    )
    # The file sits in the private folder, under a name that says nothing.
    [stored] = exports_folder.iterdir()
    assert stored.name == job.file_name and "consultation" not in stored.name


def test_small_exports_are_still_streamed(
    answered: Consultation, gateshead: ForumLead, make_client: MakeClient, exports_folder: Path
) -> None:
    response = make_client(gateshead[1]).post(
        reverse("consultations:export", args=[answered.pk, "csv"])
    )
    assert response.status_code == 200 and response.streaming
    assert not ExportJob.objects.exists()


def test_the_progress_page_says_how_far_the_file_has_got(
    answered: Consultation, gateshead: ForumLead, make_client: MakeClient, exports_folder: Path
) -> None:
    lead = gateshead[1]
    client = make_client(lead)
    # Started here without its task (which runs only once the transaction commits).
    job = exports.export_job_start(consultation=answered, requested_by=lead, file_format="csv")
    page = _job_page(client, job)
    assert "0% done. Your file is waiting to be started." in page
    assert 'aria-live="polite"' in page and 'value="0"' in page
    assert "Check progress" in page  # without JavaScript, the person checks again
    assert 'id="export-ready" hidden' in page

    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, rows_done=11)
    page = _job_page(client, job)
    assert "47% done: 11 of 23 rows written." in page and 'value="47"' in page
    url = reverse("consultations:export_job", args=[answered.pk, job.pk])
    assert client.get(url, {"format": "json"}).json() == {
        "status": "running",
        "percent": 47,
        "text": "47% done: 11 of 23 rows written.",
    }

    exports.export_job_run(job.pk)
    page = _job_page(client, job)
    assert "Your file is ready: 23 rows." in page and "Check progress" not in page
    assert 'id="export-ready" hidden' not in page
    assert reverse("consultations:export_download", args=[answered.pk, job.pk]) in page

    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED)
    page = _job_page(client, job)
    assert "Your file could not be made." in page and "Try the download again" in page


def test_the_file_is_only_for_the_person_who_asked_while_they_run_the_consultation(
    answered: Consultation,
    gateshead: ForumLead,
    sunderland: ForumLead,
    make_client: MakeClient,
    exports_folder: Path,
) -> None:
    forum, lead = gateshead
    job = export_job_ready(answered, lead)
    download = reverse("consultations:export_download", args=[answered.pk, job.pk])
    progress = reverse("consultations:export_job", args=[answered.pk, job.pk])
    assert make_client(lead).get(download).status_code == 200

    other_lead = MembershipFactory.create(forum=forum, role=MembershipRole.LEAD).user
    assert make_client(other_lead).get(download).status_code == 404
    assert make_client(other_lead).get(progress).status_code == 404
    assert make_client(sunderland[1]).get(download).status_code == 403
    # Another consultation's id in the address finds nothing.
    elsewhere = consultation_with_responses(forum, lead, responses=1, seed=90)
    wrong = reverse("consultations:export_download", args=[elsewhere.pk, job.pk])
    assert make_client(lead).get(wrong).status_code == 404

    # No longer a lead: checked again at download.
    Membership.objects.filter(forum=forum, user=lead).update(role=MembershipRole.MEMBER)
    assert make_client(lead).get(download).status_code == 403
    assert make_client(lead).get(progress).status_code == 403


def test_a_job_for_someone_who_no_longer_runs_the_consultation_writes_nothing(
    answered: Consultation, gateshead: ForumLead, exports_folder: Path
) -> None:
    forum, lead = gateshead
    job = exports.export_job_start(consultation=answered, requested_by=lead, file_format="csv")
    Membership.objects.filter(forum=forum, user=lead).update(role=MembershipRole.MEMBER)
    assert exports.export_job_run(job.pk) == ExportStatus.FAILED
    assert not exports_folder.exists() or not any(exports_folder.iterdir())


def test_only_those_who_run_the_consultation_can_start_a_job(
    answered: Consultation, sunderland: ForumLead
) -> None:
    with pytest.raises(PermissionDenied):
        exports.export_job_start(
            consultation=answered, requested_by=sunderland[1], file_format="csv"
        )
    assert (
        not ExportJob.objects.exists()
        and not AccessLog.objects.filter(kind=AccessKind.EXPORTED).exists()
    )


def test_running_a_job_twice_writes_one_file(
    answered: Consultation, gateshead: ForumLead, exports_folder: Path
) -> None:
    job = export_job_ready(answered, gateshead[1])
    assert exports.export_job_run(job.pk) == ExportStatus.READY
    assert [path.name for path in exports_folder.iterdir()] == [job.file_name]


def test_files_are_deleted_after_the_retention_time(
    answered: Consultation,
    gateshead: ForumLead,
    settings: SettingsWrapper,
    exports_folder: Path,
    make_client: MakeClient,
) -> None:
    settings.EXPORT_RETENTION_DAYS = 7
    lead = gateshead[1]
    old = export_job_ready(answered, lead)
    recent = export_job_ready(answered, lead, "xlsx")
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    # A file no job names, left by a job cut off part way, goes too once it is as old.
    leftover = exports_folder / "cut-off.part"
    leftover.write_bytes(b"half a file")
    eight_days_ago = time.time() - 8 * 24 * 3600
    os.utime(leftover, (eight_days_ago, eight_days_ago))

    assert exports.export_files_expire() == 2
    assert sorted(path.name for path in exports_folder.iterdir()) == [recent.file_name]
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert (
        make_client(lead)
        .get(reverse("consultations:export_download", args=[answered.pk, old.pk]))
        .status_code
        == 404
    )
    assert exports.export_files_expire() == 0  # idempotent


@pytest.mark.django_db
def test_the_scheduler_has_the_export_files_expiry_from_migrations() -> None:
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(name="Export files expire")
    assert task.task == "consultations.export_files_expire" and task.enabled


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            pass  # SQLite's in-memory database is locked while the worker writes
        time.sleep(0.2)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_writes_the_file_the_lead_then_downloads(
    celery_worker: object,
    gateshead: ForumLead,
    make_client: MakeClient,
    settings: SettingsWrapper,
    exports_folder: Path,
) -> None:
    forum, lead = gateshead
    consultation = consultation_with_responses(forum, lead, responses=30, pages=1, seed=21)
    settings.EXPORT_BACKGROUND_FROM = 10
    client = make_client(lead)
    asked = client.post(reverse("consultations:export", args=[consultation.pk, "csv"]))
    assert asked.status_code == 302
    job = ExportJob.objects.get()
    assert _wait_for(
        lambda: ExportJob.objects.filter(pk=job.pk, status=ExportStatus.READY).exists()
    ), ExportJob.objects.values_list("status", flat=True).get()
    download = client.get(reverse("consultations:export_download", args=[consultation.pk, job.pk]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert content.decode("utf-8-sig").count("\r\n") == 31  # the header and 30 responses
