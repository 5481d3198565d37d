"""The lead's navigation: each app adds its own tabs for a forum's lead tools.

A tool is a page at ``/forums/<slug>/manage/<tool>/``, reversed from a URL name that takes the
forum's slug. Apps register their tools in ``AppConfig.ready()``, so a new app adds a tab without
editing the forums app, and the navigation lists them in ``order``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class LeadTool:
    label: str
    url_name: str
    order: int


_TOOLS: dict[str, LeadTool] = {}


def lead_tool_register(*, label: str, url_name: str, order: int) -> None:
    """Add a tab; registering the same URL name again replaces it (apps may be reloaded)."""
    _TOOLS[url_name] = LeadTool(label=label, url_name=url_name, order=order)


@dataclass(frozen=True)
class LeadTab:
    label: str
    href: str
    current: bool


def lead_tabs(*, forum_slug: str, path: str) -> list[LeadTab]:
    """The tabs for one forum, the one whose page (or a page under it) is open marked current."""
    tabs = []
    for tool in sorted(_TOOLS.values(), key=lambda tool: (tool.order, tool.label)):
        href = reverse(tool.url_name, kwargs={"slug": forum_slug})
        tabs.append(LeadTab(label=tool.label, href=href, current=path.startswith(href)))
    return tabs
