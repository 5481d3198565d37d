"""Real Chromium through Playwright, with axe-core run on every page a journey visits."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import chromium_path

# The live server runs in a thread of this process while Playwright's sync API owns an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
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
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
NARROW = {"width": 320, "height": 640}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visitor:
    """Drives one browser page and checks every page it lands on."""

    def __init__(self, page: object, base_url: str, label: str, width: int) -> None:
        self.page = page
        self.base_url = base_url
        self.label = label
        self.width = width
        self.visited: list[str] = []
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("response", self._on_response)

    def _on_console(self, message: object) -> None:
        # A page served with an error status (a 404 page on purpose) logs "Failed to load
        # resource"; missing scripts, styles and images are caught by _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _on_response(self, response: object) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.console_errors.append(f"{response.status} for {response.url}")

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)
        self.check()

    def check(self, name: str | None = None) -> None:
        """axe-core finds nothing, nothing scrolls sideways, and a screenshot is kept."""
        from axe_playwright_python.sync_playwright import Axe

        page = self.page
        page.wait_for_load_state("load")
        results = Axe().run(page)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= self.width, f"{page.url} is {overflow}px wide at {self.width}px"
        if name is None:
            # Long path segments are one-off keys (confirmation links): leave them out of the name.
            segments = [part for part in urlparse(page.url).path.split("/") if 0 < len(part) < 40]
            name = "-".join(segments) or "home"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{self.label}-{name}-{self.width}.png", full_page=True)
        self.visited.append(page.url)


@pytest.fixture(params=[DESKTOP, PHONE, NARROW], ids=["desktop", "phone", "narrow"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return request.param


@pytest.fixture
def new_visitor(request: pytest.FixtureRequest, browser, live_server, viewport):
    """Open another browser context (another person) at the same width."""
    opened: list[tuple[object, Visitor]] = []

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
def visitor(new_visitor) -> Visitor:
    return new_visitor()


def session_cookie_for(user: object, base_url: str) -> dict[str, str]:
    """A signed-in session for the person, as a browser cookie (the sign-in form itself, with
    the authenticator code, is covered by the account journey). Commissioners and staff with an
    authenticator get the record allauth keeps of the code step, as after a real code."""
    from django.conf import settings
    from django.test import Client

    from tests.accounts.factories import second_step_record

    client = Client()
    client.force_login(user)
    second_step_record(client, user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": base_url,
    }


@pytest.fixture
def sign_in_as(visitor: Visitor):
    def _sign_in(user: object, as_visitor: Visitor | None = None) -> None:
        target = as_visitor or visitor
        target.page.context.add_cookies([session_cookie_for(user, target.base_url)])

    return _sign_in


@pytest.fixture
def national_glossary(transactional_db: None) -> None:
    """Transactional tests start from an empty database, so load the glossary the migration
    loads (serialized_rollback clashes with the content types Django recreates)."""
    from glossary.national import national_terms_ensure

    national_terms_ensure()
