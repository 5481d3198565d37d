"""A large export's progress page in Chromium: the bar and the words move as the job writes the
file, and the download link appears when it is ready, without reloading the page. axe-core
checks each state at each width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from pytest_django.fixtures import Settings as SettingsWrapper

from consultations import exports
from consultations.models import ExportJob, ExportStatus
from tests.browser.visitor import Visitor
from tests.consultations.factories import consultation_with_responses
from tests.forums.factories import forum_with_lead
from tests.types import SignInAs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("national_glossary")]


def test_the_lead_watches_the_file_being_made_and_downloads_it(
    visitor: Visitor, sign_in_as: SignInAs, settings: SettingsWrapper, tmp_path: Path
) -> None:
    settings.EXPORTS_DIR = tmp_path
    forum, lead = forum_with_lead("Gateshead")
    consultation = consultation_with_responses(forum, lead, responses=12, pages=1)
    # Queued as the export button queues it; the test plays the worker's part.
    job = ExportJob.objects.create(
        consultation=consultation, requested_by=lead, file_format="csv", rows_total=12
    )
    sign_in_as(lead)
    page = visitor.page
    visitor.goto(f"/consultations/{consultation.pk}/manage/exports/{job.pk}/")
    status = page.locator("#export-status")
    assert status.inner_text() == "0% done. Your file is waiting to be started."
    assert not page.get_by_role("link", name="Check progress").is_visible()  # the script asks
    assert not page.get_by_role("link", name="Download the CSV file").is_visible()

    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, rows_done=6)
    expect(status).to_have_text("50% done: 6 of 12 rows written.", timeout=20_000)
    expect(page.locator("#export-progress")).to_have_js_property("value", 50)
    visitor.check("export-running")

    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.QUEUED, rows_done=0)
    exports.export_job_run(job.pk)
    link = page.get_by_role("link", name="Download the CSV file")
    expect(link).to_be_visible(timeout=20_000)
    expect(status).to_have_text("Your file is ready: 12 rows.")
    visitor.check("export-ready")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"consultation-{consultation.pk}-responses.csv"
