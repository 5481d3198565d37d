"""Parts other apps add to a page they do not own: a forum's page lists its open
consultations, a session's page lists the resources that came from it.

Each app registers, in ``AppConfig.ready()``, the page (``FORUM_PAGE``, ``SESSION_PAGE``), a
template and a function that gives the template's context for the page's object and the
person reading, so the app that owns the page shows them without importing the others. The
function must make a fixed number of queries, however many rows it finds: pages' query counts
are pinned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

FORUM_PAGE = "forum"
SESSION_PAGE = "session"

PartContext = Callable[[Any, Any], dict[str, Any]]


@dataclass(frozen=True)
class PagePart:
    template: str
    context: PartContext
    order: int


@dataclass(frozen=True)
class ShownPart:
    template: str
    context: dict[str, Any]


_PARTS: dict[str, dict[str, PagePart]] = {}


def page_part_register(*, page: str, template: str, context: PartContext, order: int) -> None:
    """Add a part; registering the same template again replaces it (apps may be reloaded)."""
    _PARTS.setdefault(page, {})[template] = PagePart(
        template=template, context=context, order=order
    )


def page_parts(page: str, shown: Model, user: Model | AnonymousUser) -> list[ShownPart]:
    """The parts of one page for one object and reader, in order, each with its context."""
    parts = _PARTS.get(page, {}).values()
    return [
        ShownPart(template=part.template, context=part.context(shown, user))
        for part in sorted(parts, key=lambda part: (part.order, part.template))
    ]
