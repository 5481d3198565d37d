"""The dashboard pages, in the order of the navigation. Another app adds a page (the schools
programmes' figures, for example) by calling ``page_register`` from its AppConfig.ready with a
function from a ``Context`` to its tables; the views, CSV downloads, print view and access
checks then serve it like any other page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards.figures import early_response, impact, overview, peer_learning, reach, voice
from dashboards.figures.context import Context
from dashboards.tables import DashTable


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    intro: str
    tables: Callable[[Context], list[DashTable]]
    # Anything else the page shows, worked out from the context and its tables.
    more: Callable[[Context, list[DashTable]], dict[str, object]] | None = None


PAGES: dict[str, Page] = {}


def page_register(page: Page) -> None:
    if page.slug in PAGES:
        raise ValueError(f"A dashboard page called {page.slug!r} is already registered.")
    PAGES[page.slug] = page


def page_get(slug: str) -> Page | None:
    return PAGES.get(slug)


for _page in (
    Page(
        "overview",
        "Overview",
        "The main figures for your area: reach, voice, impact and peer learning.",
        overview.tables,
        lambda ctx, _: {"overdue": impact.overdue(ctx)},
    ),
    Page(
        "reach",
        "Reach",
        "Who the Parent Carer Forums reach, and where reach is thinnest.",
        reach.tables,
        lambda _, tables: {"gaps": reach.gaps(tables)},
    ),
    Page(
        "voice",
        "Voice",
        "What families are saying: responses, themes over time, and themes that are rising.",
        voice.tables,
        lambda _, tables: {"rising": voice.rising_in(tables[0])},
    ),
    Page(
        "impact",
        "Impact",
        '"You said, we did": what partners did about what families said.',
        impact.tables,
        lambda ctx, _: {"overdue": impact.overdue(ctx)},
    ),
    Page(
        "early-response",
        "Early response",
        "Matters the forums raised early with partners, and how quickly partners answered.",
        early_response.tables,
    ),
    Page(
        "peer-learning",
        "Peer learning",
        "Peer Network sessions held by the forums, who came, and how they rated them.",
        peer_learning.tables,
    ),
):
    page_register(_page)
