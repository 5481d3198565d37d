"""A dashboard table as shown, and as downloaded: every count goes through core.suppression,
and the page, the bars and the CSV file all read the same shown texts, so a download can never
show more than the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from core.suppression import HIDDEN, shown_count, shown_percent, suppress_totalled

NOT_ENOUGH = "Too few to show"


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[str]
    # The bar's length out of 100 for the first count, or None when it is not shown.
    bar: float | None = None


@dataclass(frozen=True)
class DashTable:
    slug: str
    title: str
    row_header: str
    columns: list[str]
    rows: list[Row]
    totals: Row | None
    summary: str
    chart: bool = False
    note: str = ""

    def csv_rows(self) -> list[list[str]]:
        rows = [[row.label, *row.cells] for row in self.rows]
        if self.totals is not None:
            rows.append([self.totals.label, *self.totals.cells])
        return rows

    @property
    def header(self) -> list[str]:
        return [self.row_header, *self.columns]


@dataclass
class Counts:
    """A table of counts to be built: labelled rows of counts, and measures (shares, averages)
    already made safe by core.suppression, added as further columns."""

    slug: str
    title: str
    row_header: str
    columns: list[str]
    data: list[tuple[str, list[int]]]
    row_totals: bool = False
    chart: bool = False
    percent_of_total: bool = False
    measures: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""
    what: str = "people"
    # The one-line summary, when the table needs its own words rather than the usual ones.
    summary: str = ""


def _summary(spec: Counts, rows: list[Row], grand: str | None) -> str:
    """One line in words, from the shown figures only."""
    if not rows:
        return f"{spec.title}: there is nothing to show for this time and area yet."
    shown = [(int(row.cells[0]), row.label) for row in rows if row.cells[0] not in (HIDDEN,)]
    parts = []
    if grand is not None:
        parts.append(
            f"In all, {grand} {spec.what}."
            if grand != HIDDEN
            else "The total is not shown, to protect privacy."
        )
    if shown and max(shown)[0] > 0:
        value, label = max(shown)
        parts.append(f"The most shown is {label}, with {value} ({spec.columns[0].lower()}).")
    hidden = sum(1 for row in rows if HIDDEN in row.cells)
    if hidden:
        parts.append(f"{hidden} row{'s' if hidden != 1 else ''} with figures not shown.")
    return " ".join(parts) or f"{spec.title}: no figures to show."


def build(spec: Counts) -> DashTable:
    """Suppress the counts with their totals row (and column) together, then add measures."""
    if not spec.data:
        return DashTable(
            spec.slug,
            spec.title,
            spec.row_header,
            spec.columns,
            [],
            None,
            _summary(spec, [], None),
            note=spec.note,
        )
    grid = suppress_totalled([values for _, values in spec.data], row_totals=spec.row_totals)
    columns = [*spec.columns] + (["Total"] if spec.row_totals else [])
    grand_base = sum(values[0] for _, values in spec.data)
    base_shown = grid.column_totals[0] != HIDDEN
    # Bars are scaled to the largest shown count: scaling to a hidden one would give it away.
    largest = max(
        (v[0] for (_, v), cells in zip(spec.data, grid.cells, strict=True) if cells[0] != HIDDEN),
        default=0,
    )
    rows: list[Row] = []
    for n, (label, values) in enumerate(spec.data):
        cells = list(grid.cells[n]) + ([grid.row_totals[n]] if spec.row_totals else [])
        if spec.percent_of_total:
            percent = (
                shown_percent(values[0], grand_base) if base_shown and cells[0] != HIDDEN else None
            )
            cells.append(percent or "–")
        for measure in spec.measures.values():
            cells.append(measure[n])
        bar = None
        if spec.chart and cells[0] != HIDDEN and largest:
            bar = round(values[0] / largest * 100, 1)
        rows.append(Row(label, cells, bar))
    total_cells = list(grid.column_totals) + (
        [grid.grand_total or HIDDEN] if spec.row_totals else []
    )
    if spec.percent_of_total:
        columns.append("Share")
        total_cells.append("100%" if base_shown and grand_base >= 10 else "–")
    columns += list(spec.measures)
    total_cells += ["" for _ in spec.measures]
    totals = Row("Total", total_cells)
    grand = grid.grand_total if spec.row_totals else grid.column_totals[0]
    return DashTable(
        spec.slug,
        spec.title,
        spec.row_header,
        columns,
        rows,
        totals,
        spec.summary or _summary(spec, rows, grand),
        chart=spec.chart,
        note=spec.note,
    )


def headline(slug: str, title: str, data: Sequence[tuple[str, int]], summary: str) -> DashTable:
    """Figures that do not add up to anything (members, responses, sessions): each shown on
    its own by the same rule, 0 as it is and 1 to 4 never."""
    rows = [Row(label, [shown_count(value)]) for label, value in data]
    return DashTable(slug, title, "Figure", ["Number"], rows, None, summary)
