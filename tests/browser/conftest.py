"""Real Chromium through Playwright, with axe-core run on every page a journey visits."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.browser.visitor import Visitor, session_cookie_for
from tests.conftest import chromium_path
from tests.types import NewVisitor, SignInAs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ViewportSize

    from accounts.models import User

# The live server runs in a thread of this process while Playwright's sync API owns an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 375, "height": 740}
NARROW: ViewportSize = {"width": 320, "height": 640}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=[DESKTOP, PHONE, NARROW], ids=["desktop", "phone", "narrow"])
def viewport(request: pytest.FixtureRequest) -> ViewportSize:
    size: ViewportSize = request.param
    return size


@pytest.fixture
def new_visitor(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server: LiveServer,
    viewport: ViewportSize,
) -> Iterator[NewVisitor]:
    """Open another browser context (another person) at the same width."""
    opened: list[tuple[BrowserContext, Visitor]] = []

    def _open(label: str | None = None) -> Visitor:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(15_000)
        name = label or request.node.originalname
        visitor = Visitor(page, live_server.url, name, viewport["width"])
        opened.append((context, visitor))
        return visitor

    yield _open
    for context, visitor in opened:
        context.close()
        assert visitor.console_errors == [], visitor.console_errors


@pytest.fixture
def visitor(new_visitor: NewVisitor) -> Visitor:
    return new_visitor()


@pytest.fixture
def sign_in_as(visitor: Visitor) -> SignInAs:
    def _sign_in(user: User, as_visitor: Visitor | None = None) -> None:
        target = as_visitor or visitor
        target.page.context.add_cookies([session_cookie_for(user, target.base_url)])

    return _sign_in


@pytest.fixture
def national_glossary(transactional_db: None) -> None:
    """Transactional tests start from an empty database, so load the glossary the migration
    loads (serialized_rollback clashes with the content types Django recreates)."""
    from glossary.national import national_terms_ensure

    national_terms_ensure()
