"""A document's kind is decided from its content: never from its name or the content type the
browser sends."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from pytest_django.fixtures import Settings as SettingsWrapper

from library.documents import (
    MAX_DOCUMENT_BYTES,
    document_kind,
    max_document_bytes,
    size_text,
    too_large_message,
)
from library.models import ResourceKind
from tests.library.factories import DOCX_BYTES, ODT_BYTES, PDF_BYTES


def kind_of(content: bytes) -> ResourceKind:
    return document_kind(io.BytesIO(content), size=len(content))


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        kind_of(content)
    return " ".join(refused.value.messages)


def test_pdf_docx_and_odt_are_recognised_by_their_content() -> None:
    assert kind_of(PDF_BYTES) == ResourceKind.PDF
    assert kind_of(DOCX_BYTES) == ResourceKind.DOCX
    assert kind_of(ODT_BYTES) == ResourceKind.ODT


def test_text_or_html_is_not_a_document_whatever_it_is_called() -> None:
    assert "must be a PDF" in refusal(b"<html><script>alert(1)</script></html>")
    assert "must be a PDF" in refusal(b"PDF-1.4 but not at the start")
    assert "must be a PDF" in refusal(b" %PDF-1.4 with a space first")


def test_a_zip_without_a_word_document_inside_is_refused() -> None:
    assert "must be a PDF" in refusal(zipped({"[Content_Types].xml": b"<Types/>"}))
    assert "must be a PDF" in refusal(zipped({"word/document.xml": b"<w:document/>"}))
    assert "must be a PDF" in refusal(zipped({"notes.txt": b"hello"}))


def test_an_opendocument_spreadsheet_is_not_an_odt() -> None:
    spreadsheet = zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"})
    assert "must be a PDF" in refusal(spreadsheet)


def test_a_damaged_zip_is_refused_with_a_message_not_an_exception() -> None:
    assert "must be a PDF" in refusal(b"PK\x03\x04" + b"\x00" * 200)
    assert "must be a PDF" in refusal(DOCX_BYTES[: len(DOCX_BYTES) // 2])


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(ValidationError, match="The selected file is empty"):
        document_kind(io.BytesIO(b""), size=0)


def test_the_size_limit_is_10_mb_and_checked_before_reading(settings: SettingsWrapper) -> None:
    assert max_document_bytes() == MAX_DOCUMENT_BYTES == 10 * 1024 * 1024
    assert too_large_message() == "The selected file must be smaller than 10 MB"
    settings.LIBRARY_MAX_DOCUMENT_BYTES = len(PDF_BYTES) - 1
    with pytest.raises(ValidationError, match="must be smaller than"):
        kind_of(PDF_BYTES)
    settings.LIBRARY_MAX_DOCUMENT_BYTES = len(PDF_BYTES)
    assert kind_of(PDF_BYTES) == ResourceKind.PDF


def test_the_stream_is_left_at_its_start() -> None:
    stream = io.BytesIO(DOCX_BYTES)
    document_kind(stream, size=len(DOCX_BYTES))
    assert stream.tell() == 0


def test_sizes_read_as_people_say_them() -> None:
    assert size_text(300) == "300 bytes"
    assert size_text(1536) == "1.5 KB"
    assert size_text(120 * 1024) == "120 KB"
    assert size_text(10 * 1024 * 1024) == "10 MB"


def test_the_demo_pdf_has_a_cross_reference_table_where_it_says() -> None:
    offset = int(PDF_BYTES.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert PDF_BYTES[offset:].startswith(b"xref\n0 6\n")
    entries = PDF_BYTES[offset:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        position = int(entry.split()[0])
        assert PDF_BYTES[position:].startswith(f"{number} 0 obj".encode())
    assert PDF_BYTES.endswith(b"%%EOF\n")


def test_the_demo_docx_and_odt_hold_well_formed_xml() -> None:
    from xml.etree import ElementTree

    for content, parts in (
        (DOCX_BYTES, ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]),
        (ODT_BYTES, ["META-INF/manifest.xml", "content.xml"]),
    ):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for part in parts:
                ElementTree.fromstring(archive.read(part))  # noqa: S314 (our own bytes)
    with zipfile.ZipFile(io.BytesIO(ODT_BYTES)) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_a_word_file_with_macros_is_refused_whatever_it_is_called() -> None:
    macro_types = (
        b'<Types><Override PartName="/word/document.xml" ContentType="application/'
        b'vnd.ms-word.document.macroEnabled.main+xml"/></Types>'
    )
    docm = zipped({"[Content_Types].xml": macro_types, "word/document.xml": b"<w:document/>"})
    assert "contains macros" in refusal(docm)
    with_project = zipped(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "word/vbaProject.bin": b"\x00",
        }
    )
    assert "contains macros" in refusal(with_project)
