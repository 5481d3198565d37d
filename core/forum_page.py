"""Parts other apps add to a forum's page: its open consultations now, more as apps arrive.

Each app registers, in ``AppConfig.ready()``, a template and a function that gives the
template's context for a forum and the person reading, so the forums app shows them without
importing those apps. The function must make a fixed number of queries, however many rows it
finds: the forum page's query count is pinned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model

PartContext = Callable[[Any, Any], dict[str, Any]]


@dataclass(frozen=True)
class ForumPagePart:
    template: str
    context: PartContext
    order: int


@dataclass(frozen=True)
class ShownPart:
    template: str
    context: dict[str, Any]


_PARTS: dict[str, ForumPagePart] = {}


def forum_page_part_register(*, template: str, context: PartContext, order: int) -> None:
    """Add a part; registering the same template again replaces it (apps may be reloaded)."""
    _PARTS[template] = ForumPagePart(template=template, context=context, order=order)


def forum_page_parts(forum: Model, user: Model | AnonymousUser) -> list[ShownPart]:
    """The parts for one forum and reader, in order, each with its context."""
    return [
        ShownPart(template=part.template, context=part.context(forum, user))
        for part in sorted(_PARTS.values(), key=lambda part: (part.order, part.template))
    ]
