"""Which kind of document an upload is, decided from its content alone.

The file's name and the content type the browser sent are the uploader's to choose, so neither
is trusted: a PDF starts with ``%PDF-``; a Word document (DOCX) is a ZIP archive holding
``[Content_Types].xml`` and ``word/document.xml``; an OpenDocument text (ODT) is a ZIP archive
whose ``mimetype`` entry says ``application/vnd.oasis.opendocument.text``. A Word file with
macros (DOCM) is refused even when named .docx. Only the archive's list of names and its short
``mimetype`` and ``[Content_Types].xml`` entries are read, never the whole archive.
"""

from __future__ import annotations

import zipfile
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from library.models import ResourceKind

# The largest document the library takes. Settings may lower it (tests use a tiny limit).
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    ResourceKind.PDF: "application/pdf",
    ResourceKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ResourceKind.ODT: "application/vnd.oasis.opendocument.text",
}
EXTENSIONS = {ResourceKind.PDF: "pdf", ResourceKind.DOCX: "docx", ResourceKind.ODT: "odt"}

NOT_A_DOCUMENT = "The selected file must be a PDF, a Word document (DOCX) or an ODT document"
HAS_MACROS = "The selected file contains macros. Save it as a Word document (DOCX) without macros"
# Enough for any real [Content_Types].xml; a larger one is not read.
CONTENT_TYPES_LIMIT = 64 * 1024


class MacrosFound(Exception):
    """A Word file with macros (DOCM) dressed as a DOCX."""


EMPTY = "The selected file is empty"


def max_document_bytes() -> int:
    limit: int = getattr(settings, "LIBRARY_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES)
    return limit


def size_text(size: int) -> str:
    """A file size as people say it: "10 MB", "120 KB", "300 bytes"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            amount = size / scale
            return (
                f"{amount:.0f} {unit}"
                if amount >= 10
                else f"{amount:.1f} {unit}".replace(".0 ", " ")
            )
    return f"{size} bytes"


def too_large_message() -> str:
    return f"The selected file must be smaller than {size_text(max_document_bytes())}"


class DocumentSizeLimit(FileUploadHandler):
    """Stops keeping an uploaded file as soon as it passes the library's limit, so that an
    oversized file is never written out in full. Put it first in the request's upload handlers
    before the request's form data is read; ``too_large`` then says whether a file was dropped."""

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > max_document_bytes():
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _zip_kind(stream: IO[bytes]) -> ResourceKind | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    with archive.open(info) as entry:
                        if entry.read(100).strip() == ODT_MIMETYPE:
                            return ResourceKind.ODT
            if {"[Content_Types].xml", "word/document.xml"} <= names:
                info = archive.getinfo("[Content_Types].xml")
                if info.file_size > CONTENT_TYPES_LIMIT:
                    return None
                with archive.open(info) as entry:
                    declared = entry.read(CONTENT_TYPES_LIMIT)
                if b"macroenabled" in declared.lower() or "word/vbaProject.bin" in names:
                    raise MacrosFound
                return ResourceKind.DOCX
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        # A damaged, encrypted or otherwise unreadable archive is simply not a document.
        return None
    return None


def document_kind(stream: IO[bytes], *, size: int) -> ResourceKind:
    """The kind of document ``stream`` holds (its ``size`` in bytes), or a ValidationError
    saying why it cannot be taken. Leaves the stream at its start."""
    if size <= 0:
        raise ValidationError(EMPTY, code="empty")
    if size > max_document_bytes():
        raise ValidationError(too_large_message(), code="too_large")
    try:
        stream.seek(0)
        head = stream.read(5)
        kind: ResourceKind | None
        if head == b"%PDF-":
            kind = ResourceKind.PDF
        elif head[:4] == b"PK\x03\x04":
            stream.seek(0)
            try:
                kind = _zip_kind(stream)
            except MacrosFound:
                raise ValidationError(HAS_MACROS, code="macros") from None
        else:
            kind = None
    finally:
        stream.seek(0)
    if kind is None:
        raise ValidationError(NOT_A_DOCUMENT, code="not_a_document")
    return kind
