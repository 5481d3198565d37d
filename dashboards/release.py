"""What a scope's dashboards show for a time: every page, for the whole scope and for each of its
council areas (the area filter), worked out together so that no hidden figure can be recovered
by taking one page, table or filter away from another.

A reader who sees every page for every area knows more sums than any one table shows: the
figure for all areas is the sum of the figures for each area; a council area's row in "Members
by council area" is the "Members reached" for that area; a headline figure is a table's total on
another page. Each of these is a line for core.suppression.suppress_linked, with every table's
own rows and columns, and the cells are hidden once for all of them. The usual times (the last
3, 6 and 12 months) are worked out together too, so that no hidden figure can be recovered by
taking one time's figure from a longer time's; a custom time is worked out on its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from core.suppression import suppress_linked
from dashboards.figures.context import Context
from dashboards.forms import Period
from dashboards.pages import PAGES
from dashboards.scope import Scope
from dashboards.tables import Counts, DashTable, Key, build, cells_and_lines

ALL = "all"

# Figures a reader knows are the same, shown in two places in every view: a headline figure and
# a table's total ("total", column) or a table's row for an area ("area", column).
SAME_FIGURES: list[tuple[str, str, str]] = [
    ("Members reached", "Members by forum", "Members"),
    ("Members reached", "Members by council area", "Members"),
    ("Responses received", "Responses per forum", "Responses"),
    ("Peer sessions held", "Sessions and attendance", "Sessions"),
    ("Places attended at peer sessions", "Sessions and attendance", "Attended"),
    ("Places attended at peer sessions", "Attendance by sector", "Attended"),
    (
        "Schools in school development programmes",
        "Schools in programmes by council area",
        "Schools",
    ),
]
GLANCE = "At a glance"
# Tables with a row for each council area, and the headline figure each row is for that area.
BY_AREA = {
    "Members by council area": "Members reached",
    "Schools in programmes by council area": "Schools in school development programmes",
}

# A cell anywhere in a release: (view, table title, part, row label, column name).
Cell = tuple[str, str, str, str, str]


@dataclass(frozen=True)
class Release:
    """Each view's pages: view ("all", or a council area's id as text) -> page slug -> tables."""

    views: dict[str, dict[str, list[DashTable]]]
    computed_at: datetime

    def tables(self, view: str, slug: str) -> list[DashTable]:
        return self.views[view][slug]


def _row_labels(spec: Counts) -> list[str]:
    """Row labels made unique within the table (two consultations may share a title)."""
    seen: dict[str, int] = defaultdict(int)
    labels = []
    for label, _ in spec.data:
        seen[label] += 1
        labels.append(label if seen[label] == 1 else f"{label} [{seen[label]}]")
    return labels


def _cell(view: str, spec: Counts, labels: list[str], key: Key) -> Cell:
    part = str(key[0])
    row = labels[int(key[1])] if part in ("c", "r") else ""
    if part == "c":
        column = spec.columns[int(key[2])]  # type: ignore[misc]
    elif part == "t":
        column = spec.columns[int(key[1])]
    else:
        column = ""
    return (view, spec.title, part, row, column)


def contexts(
    scope: Scope, forum_areas: dict[int, frozenset[int]], period: Period, now: datetime
) -> dict[str, Context]:
    found = {ALL: Context(scope=scope, period=period, now=now)}
    for area in scope.areas:
        narrowed = scope.narrowed_to(area, forum_areas)
        found[str(area.pk)] = Context(scope=narrowed, period=period, now=now)
    return found


def _nested(periods: Sequence[Period]) -> list[tuple[int, int]]:
    """Pairs (shorter, longer) of the periods' positions where the shorter lies within the
    longer, so that a figure for the longer minus the same figure for the shorter is a count for
    the time between them."""
    return [
        (i, j)
        for i, short in enumerate(periods)
        for j, long in enumerate(periods)
        if i != j
        and long.start <= short.start
        and short.end <= long.end
        and (short.start, short.end) != (long.start, long.end)
    ]


def release_compute(
    scope: Scope, forum_areas: dict[int, frozenset[int]], periods: Sequence[Period], now: datetime
) -> list[Release]:
    """Every page for every view of the scope, for each of the periods (a release for each, in
    the same order), with hidden cells worked out together for all of them.

    A figure shown for two periods, one within the other (the last 3, 6 and 12 months), gives
    away its count for the months between: the 12-month figure minus the 6-month one. So for
    each such pair a figure shown in both also has a remainder, never shown, with the line
    [shorter, remainder, longer]: a remainder from 1 to 4 is hidden as any small count is, and
    then one of the two shown figures is hidden too. A custom time is worked out on its own and
    is not linked to any other period.
    """
    values: dict[tuple[int, Cell], int] = {}
    lines: list[list[tuple[int, Cell]]] = []
    found = []
    for n, period in enumerate(periods):
        built, local, period_values, period_lines = _period_cells(scope, forum_areas, period, now)
        found.append((built, local))
        values.update({(n, cell): value for cell, value in period_values.items()})
        lines += [[(n, cell) for cell in line] for line in period_lines]
    remainders: dict[tuple[int, Cell], int] = {}
    for short, long in _nested(periods):
        for key, value in values.items():
            n, cell = key
            longer = (long, cell)
            if n != short or longer not in values:
                continue
            # A position past the periods' own, so it names no shown cell.
            remainder = (len(periods) + short * len(periods) + long, cell)
            remainders[remainder] = values[longer] - value
            lines.append([key, remainder, longer])
    hidden = suppress_linked({**values, **remainders}, lines)
    releases = []
    for n, (built, local) in enumerate(found):
        period_hidden = {cell for m, cell in hidden if m == n}
        shown = {
            view: {
                slug: [_rebuilt(view, table, local, period_hidden) for table in tables]
                for slug, tables in pages.items()
            }
            for view, pages in built.items()
        }
        releases.append(Release(views=shown, computed_at=now))
    return releases


def _period_cells(
    scope: Scope, forum_areas: dict[int, frozenset[int]], period: Period, now: datetime
) -> tuple[
    dict[str, dict[str, list[DashTable]]],
    dict[tuple[str, str], dict[Key, Cell]],
    dict[Cell, int],
    list[list[Cell]],
]:
    """One period's pages for every view, each table's cells by key, every cell's count and the
    lines a reader knows add up within the period."""
    views = contexts(scope, forum_areas, period, now)
    built = {
        view: {slug: page.tables(ctx) for slug, page in PAGES.items()}
        for view, ctx in views.items()
    }
    values: dict[Cell, int] = {}
    lines: list[list[Cell]] = []
    # Each table's cells, once per view however many pages show it.
    local: dict[tuple[str, str], dict[Key, Cell]] = {}
    for view, pages in built.items():
        for tables in pages.values():
            for table in tables:
                spec = table.spec
                if spec is None or (view, spec.title) in local:
                    continue
                labels = _row_labels(spec)
                counts, table_lines = cells_and_lines(spec)
                names = {key: _cell(view, spec, labels, key) for key in counts}
                local[view, spec.title] = names
                values.update({names[key]: value for key, value in counts.items()})
                lines += [[names[key] for key in line] for line in table_lines]
    # The same cell in each area's view adds up to the cell for all areas.
    by_place: dict[tuple[str, str, str, str], list[Cell]] = defaultdict(list)
    for cell in values:
        if cell[0] != ALL:
            by_place[cell[1:]].append(cell)
    for cell in [c for c in values if c[0] == ALL]:
        parts = by_place.get(cell[1:], [])
        if parts:
            lines.append([*parts, cell])
    # Figures shown twice: in every view, and each area's row against that area's view.
    for view in views:
        for figure, title, column in SAME_FIGURES:
            headline = (view, GLANCE, "c", figure, "Number")
            total = (view, title, "t", "", column)
            if headline in values and total in values:
                lines.append([headline, total])
    for area in scope.areas:
        for title, figure in BY_AREA.items():
            row = next(
                (c for c in values if c[:2] == (ALL, title) and c[2] == "c" and c[3] == area.name),
                None,
            )
            headline = (str(area.pk), GLANCE, "c", figure, "Number")
            if row is not None and headline in values:
                lines.append([row, headline])
    return built, local, values, lines


def _rebuilt(
    view: str,
    table: DashTable,
    local: dict[tuple[str, str], dict[Key, Cell]],
    hidden: set[Cell],
) -> DashTable:
    if table.spec is None:
        return table
    names = local[view, table.spec.title]
    return build(table.spec, hidden={key for key, cell in names.items() if cell in hidden})
