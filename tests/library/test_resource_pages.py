"""The library's pages: searching and filtering, a resource's page, adding and changing with
the error summary for bad input, and downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries
from pytest_django.fixtures import Settings as SettingsWrapper

from accounts.models import Sector, User
from library.models import Resource, ResourceKind
from peer_network.models import Topic
from tests.library.factories import DOCX_BYTES, ODT_BYTES, PDF_BYTES, make_resource, make_session
from tests.types import MakeClient

pytestmark = pytest.mark.django_db

NEW = reverse("library:resource_new")
LIST = reverse("library:resources")


def upload(
    content: bytes, name: str = "guide.pdf", content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def form(**extra: object) -> dict[str, object]:
    return {"title": "Who plans what", "summary": "A one-page guide.", **extra}


def error_summary(page: str) -> str:
    assert 'class="govuk-error-summary"' in page
    return page.split('class="govuk-error-summary"')[1].split("</ul>")[0]


@pytest.fixture
def curator_client(staff: User, make_client: MakeClient) -> Client:
    return make_client(staff)


def test_a_file_renamed_pdf_that_is_not_one_is_refused_with_an_error_summary(
    curator_client: Client,
) -> None:
    fake = upload(b"MZ\x90\x00 this is a program, not a PDF", "report.pdf")
    response = curator_client.post(NEW, form(document=fake))
    assert response.status_code == 200
    page = response.content.decode()
    summary = error_summary(page)
    assert "The selected file must be a PDF, a Word document (DOCX) or an ODT document" in summary
    assert 'href="#id_document"' in summary
    assert 'value="Who plans what"' in page  # what was typed is kept
    assert not Resource.objects.exists()


def test_a_file_over_the_limit_is_refused(
    curator_client: Client, settings: SettingsWrapper
) -> None:
    settings.LIBRARY_MAX_DOCUMENT_BYTES = 1024
    big = PDF_BYTES + b"%" * 1024
    response = curator_client.post(NEW, form(document=upload(big)))
    summary = error_summary(response.content.decode())
    assert "The selected file must be smaller than 1 KB" in summary
    assert not Resource.objects.exists()


def test_both_a_link_and_a_file_or_neither_are_refused(curator_client: Client) -> None:
    both = curator_client.post(
        NEW, form(url="https://www.example.org/", document=upload(PDF_BYTES))
    )
    assert "Give a web link or choose a file, not both" in error_summary(both.content.decode())
    neither = curator_client.post(NEW, form())
    assert "Enter a web link or choose a file" in error_summary(neither.content.decode())
    missing = curator_client.post(NEW, {"url": "not a web address"})
    summary = error_summary(missing.content.decode())
    assert "Enter a title" in summary and "Enter a summary" in summary
    assert "Enter a web address" in summary
    assert not Resource.objects.exists()


def test_a_curator_adds_a_document_with_tags_and_sessions(curator_client: Client) -> None:
    session = make_session("Transforming Care explained")
    topic = Topic.objects.get(slug="commissioning")
    response = curator_client.post(
        NEW,
        form(
            document=upload(DOCX_BYTES, "checklist.pdf", "application/pdf"),
            sectors=[Sector.HEALTH, Sector.EDUCATION],
            topics=[topic.pk],
            sessions=[session.pk],
        ),
    )
    resource = Resource.objects.get()
    assert response["Location"] == reverse("library:resource", args=[resource.pk])
    assert resource.kind == ResourceKind.DOCX  # from the content, not the name or the browser
    page = curator_client.get(response["Location"]).content.decode()
    assert "Transforming Care explained" in page
    assert "How councils plan and buy services" in page and "Education" in page
    assert "Word document (DOCX)" in page


def test_the_download_is_an_attachment_with_a_safe_name_and_type(
    staff: User, make_client: MakeClient, parent: User
) -> None:
    resource = make_resource(staff, 'Plan "B": <all> ../../ of it', document=ODT_BYTES)
    response = make_client(parent).get(reverse("library:resource_download", args=[resource.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    assert response["Content-Disposition"] == 'attachment; filename="plan-b-all-of-it.odt"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == ODT_BYTES  # type: ignore[attr-defined]


def test_documents_are_not_reachable_at_the_media_address(
    staff: User, make_client: MakeClient
) -> None:
    resource = make_resource(staff, document=PDF_BYTES)
    assert (Path(settings.MEDIA_ROOT) / resource.document.name).exists()
    response = make_client(staff).get(settings.MEDIA_URL + resource.document.name)
    assert response.status_code == 404


def test_a_link_or_a_missing_file_has_nothing_to_download(
    staff: User, make_client: MakeClient
) -> None:
    client = make_client(staff)
    link = make_resource(staff)
    assert client.get(reverse("library:resource_download", args=[link.pk])).status_code == 404
    document = make_resource(staff, "Gone", document=PDF_BYTES)
    (Path(settings.MEDIA_ROOT) / document.document.name).unlink()
    assert client.get(reverse("library:resource_download", args=[document.pk])).status_code == 404


def test_search_is_by_title_or_summary_in_any_case(staff: User, make_client: MakeClient) -> None:
    make_resource(staff, "Transforming Care", summary="Hospital to home.")
    make_resource(staff, "Local Offer guide", summary="What the COUNCIL must publish.")
    make_resource(staff, "Short breaks", summary="Time off for carers.")
    client = make_client(staff)
    page = client.get(LIST, {"q": "transforming"}).content.decode()
    assert "Transforming Care" in page and "Short breaks" not in page
    page = client.get(LIST, {"q": "council"}).content.decode()
    assert "Local Offer guide" in page and "Transforming Care" not in page
    assert "1 resource found" in page


def test_filters_by_topic_and_sector(staff: User, make_client: MakeClient) -> None:
    health, autism = Topic.objects.get(slug="health"), Topic.objects.get(slug="autism")
    make_resource(staff, "ICBs explained", topics=[health], sectors=[Sector.HEALTH])
    make_resource(staff, "Autism in school", topics=[autism], sectors=[Sector.EDUCATION])
    make_resource(staff, "Both", topics=[health, autism], sectors=[Sector.HEALTH, Sector.EDUCATION])
    client = make_client(staff)
    page = client.get(LIST, {"topic": "autism"}).content.decode()
    assert "Autism in school" in page and "ICBs explained" not in page and "2 resources" in page
    page = client.get(LIST, {"topic": ["autism", "health"], "sector": "health"}).content.decode()
    assert "ICBs explained" in page and "Both" in page and "Autism in school" not in page
    # The filters are kept ticked, and nonsense is ignored rather than refused.
    assert re.search(r'value="autism"\s+checked', page)
    assert re.search(r'value="health"\s+selected', page)
    response = client.get(LIST, {"topic": "no-such-topic", "sector": "nonsense", "page": "x"})
    assert response.status_code == 200 and "3 resources" in response.content.decode()


def test_pages_of_results_keep_the_filters(staff: User, make_client: MakeClient) -> None:
    for n in range(23):
        make_resource(staff, f"Guide {n:02d}")
    client = make_client(staff)
    first = client.get(LIST, {"q": "guide"}).content.decode()
    assert "Guide 19" in first and "Guide 20" not in first
    assert "?q=guide&amp;page=2" in first
    second = client.get(LIST, {"q": "guide", "page": "2"}).content.decode()
    assert "Guide 20" in second and "Guide 19" not in second


@pytest.mark.parametrize("resources", [3, 20])
def test_the_list_query_count_does_not_grow_with_resources(
    resources: int,
    staff: User,
    make_client: MakeClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    topics = list(Topic.objects.all()[:2])
    session = make_session()
    for n in range(resources):
        make_resource(
            staff, f"Guide {n}", topics=topics, sectors=[Sector.HEALTH], sessions=[session]
        )
    client = make_client(staff)
    with django_assert_max_num_queries(11):
        response = client.get(LIST, {"topic": [t.slug for t in topics], "sector": "health"})
    assert f"{resources} resources" in response.content.decode()


@pytest.mark.parametrize("sessions", [1, 8])
def test_the_resource_page_query_count_does_not_grow_with_sessions(
    sessions: int,
    staff: User,
    make_client: MakeClient,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    resource = make_resource(
        staff,
        sessions=[make_session(f"Session {n}") for n in range(sessions)],
        topics=list(Topic.objects.all()),
    )
    client = make_client(staff)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("library:resource", args=[resource.pk])).content.decode()
    assert f"Session {sessions - 1}" in page


def test_readers_do_not_see_the_curators_buttons(
    staff: User, parent: User, make_client: MakeClient
) -> None:
    resource = make_resource(staff)
    url = reverse("library:resource", args=[resource.pk])
    assert "Remove from the library" not in make_client(parent).get(url).content.decode()
    assert "Add a resource" not in make_client(parent).get(LIST).content.decode()
    assert "Remove from the library" in make_client(staff).get(url).content.decode()


def test_changing_a_resource_shows_what_it_holds_and_keeps_the_document(
    staff: User, make_client: MakeClient
) -> None:
    resource = make_resource(staff, "Old title", document=PDF_BYTES, sectors=[Sector.VOLUNTARY])
    client = make_client(staff)
    url = reverse("library:resource_edit", args=[resource.pk])
    page = client.get(url).content.decode()
    assert 'value="Old title"' in page and "Leave both empty to keep the current document" in page
    response = client.post(url, form(title="New title", sectors=[Sector.VOLUNTARY]))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "New title" and resource.kind == ResourceKind.PDF
    bad = client.post(url, form(document=upload(b"not a document")))
    assert "must be a PDF" in error_summary(bad.content.decode())


def test_removing_warns_about_paths_then_removes(staff: User, make_client: MakeClient) -> None:
    from tests.library.factories import make_path

    path = make_path(staff, 1, title="Planning")
    step = path.steps.get()
    assert step.resource is not None
    client = make_client(staff)
    url = reverse("library:resource_delete", args=[step.resource.pk])
    assert "Planning" in client.get(url).content.decode()
    response = client.post(url)
    assert response["Location"] == LIST
    assert not Resource.objects.exists() and not path.steps.exists()


def test_a_session_page_lists_the_resources_that_came_from_it(
    staff: User, make_client: MakeClient
) -> None:
    session = make_session("Transforming Care explained")
    make_resource(staff, "From the session", sessions=[session])
    make_resource(staff, "Not from it")
    page = make_client(staff).get(reverse("peer_network:detail", args=[session.pk]))
    html = page.content.decode()
    assert "From the library" in html
    assert "From the session" in html and "Not from it" not in html
    empty = make_session("Empty")
    html = make_client(staff).get(reverse("peer_network:detail", args=[empty.pk])).content.decode()
    assert "From the library" not in html


def test_the_nav_include_links_to_the_library_and_the_paths() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("library/_nav.html", {"current": "paths"})
    assert f'href="{LIST}"' in html
    assert f'href="{reverse("library:paths")}" aria-current="page"' in html


def test_the_search_form_puts_nothing_but_the_filters_in_the_address(
    staff: User, make_client: MakeClient
) -> None:
    page = make_client(staff).get(LIST).content.decode()
    form = page.split('<form method="get"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" not in form
    assert set(re.findall(r'name="([a-z_]+)"', form)) == {"q", "topic", "sector"}


def test_an_oversized_file_is_dropped_while_it_arrives(settings: SettingsWrapper) -> None:
    from django.http import HttpRequest
    from django.test import RequestFactory

    from library.documents import DocumentSizeLimit

    def limited(request: HttpRequest) -> DocumentSizeLimit:
        handlers = request.upload_handlers
        assert isinstance(handlers, list)
        limit = DocumentSizeLimit(request)
        handlers.insert(0, limit)
        return limit

    settings.LIBRARY_MAX_DOCUMENT_BYTES = 1024
    big = RequestFactory().post(NEW, {"title": "Big", "document": upload(PDF_BYTES + b"%" * 4096)})
    big_limit = limited(big)
    assert "document" not in big.FILES and big_limit.too_large
    assert big.POST["title"] == "Big"
    small = RequestFactory().post(NEW, {"document": upload(PDF_BYTES)})
    small_limit = limited(small)
    kept = small.FILES.get("document")
    assert kept is not None and kept.read() == PDF_BYTES and not small_limit.too_large


def test_the_upload_pages_still_check_the_form_token(staff: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    from tests.accounts.factories import second_step_record

    second_step_record(client, staff)
    response = client.post(NEW, form(url="https://www.example.org/"))
    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_text_that_is_too_long_is_refused_in_plain_words(curator_client: Client) -> None:
    response = curator_client.post(
        NEW, {"title": "T" * 201, "summary": "S" * 1001, "url": "https://example.org/" + "a" * 500}
    )
    summary = error_summary(response.content.decode())
    assert "The title must be 200 characters or fewer" in summary
    assert "The summary must be 1,000 characters or fewer" in summary
    assert "The web address must be 500 characters or fewer" in summary
    assert not Resource.objects.exists()
