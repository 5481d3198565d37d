"""The dashboard pages, in the order of the navigation. The dashboards read the apps below them
(the schools page reads programmes; programmes never import the dashboards), so every page is
registered here; ``page_register`` also serves a page added from an AppConfig.ready of an app
that imports the dashboards. The views, CSV downloads, print view and access checks serve each
page alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dashboards.figures import (
    early_response,
    impact,
    overview,
    peer_learning,
    reach,
    schools,
    voice,
)
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
    Page(
        "schools",
        "Schools",
        "Schools in the school development programmes: cohorts, where schools stand, movement "
        "from their baseline self-assessment, and staff training.",
        schools.tables,
    ),
):
    page_register(_page)
