"""What the service writes to its log when a visitor is refused or a page fails."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from django.urls import reverse

from accounts.models import User
from tests.types import MakeClient


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """The stream of the project's configured console handler, captured."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


@pytest.mark.django_db
def test_a_refused_page_is_one_log_line_without_a_traceback(
    make_client: MakeClient, parent: User, console: io.StringIO
) -> None:
    response = make_client(parent).get(reverse("approvals"))
    assert response.status_code == 403
    logged = console.getvalue()
    assert "Forbidden" in logged and "/accounts/approvals/" in logged
    assert "Traceback" not in logged and len(logged.strip().splitlines()) == 1


def test_a_server_error_keeps_its_traceback(console: io.StringIO) -> None:
    try:
        raise RuntimeError("database went away")
    except RuntimeError as error:
        logging.getLogger("django.request").error(
            "Internal Server Error: /", exc_info=error, extra={"status_code": 500}
        )
    assert "Traceback" in console.getvalue() and "database went away" in console.getvalue()
