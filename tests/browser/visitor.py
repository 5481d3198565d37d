"""A person's browser page in the browser suite: it checks every page it lands on."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

if TYPE_CHECKING:
    from playwright._impl._api_structures import SetCookieParam
    from playwright.sync_api import ConsoleMessage, Page
    from playwright.sync_api import Response as PageResponse

    from accounts.models import User

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


class Visitor:
    """Drives one browser page and checks every page it lands on."""

    def __init__(self, page: Page, base_url: str, label: str, width: int) -> None:
        self.page = page
        self.base_url = base_url
        self.label = label
        self.width = width
        self.visited: list[str] = []
        self.console_errors: list[str] = []
        page.on("console", self._on_console)
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        # A page served with an error status (a 404 page on purpose) logs "Failed to load
        # resource"; missing scripts, styles and images are caught by _on_response instead.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.console_errors.append(message.text)

    def _on_response(self, response: PageResponse) -> None:
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


def session_cookie_for(user: User, base_url: str) -> SetCookieParam:
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
