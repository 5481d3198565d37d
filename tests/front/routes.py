"""The site's own pages in the access matrix (tests/access.py): home, /healthz and the
static pages."""

from __future__ import annotations

from tests.access import Route, everyone

ROUTES: dict[str, Route] = {
    # Public pages
    "home": Route(everyone("200"), post=everyone("200")),
    "healthz": Route(everyone("200"), post=everyone("405")),
    "accessibility": Route(everyone("200"), post=everyone("200")),
    "privacy": Route(everyone("200"), post=everyone("200")),
    "cookies": Route(everyone("200"), post=everyone("200")),
}
