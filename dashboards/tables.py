"""A dashboard table as shown, and as downloaded: every count goes through core.suppression,
and the page, the bars and the CSV file all read the same shown texts, so a download can never
show more than the page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from core.suppression import HIDDEN, shown_percent, suppress_linked

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
    # The counts it was built from, to work out its hidden cells with other tables'; not shown.
    spec: Counts | None = field(default=None, compare=False, repr=False)

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
    # Each figure is shown on its own, with no totals (headline figures).
    alone: bool = False


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


# A cell of a table of counts: ("c", row, column), a row's total ("r", row), a column's total
# ("t", column) or the grand total ("g",).
Key = tuple[str, ...] | tuple[str, int] | tuple[str, int, int]


def cells_and_lines(spec: Counts) -> tuple[dict[Key, int], list[list[Key]]]:
    """The table's counts by cell, and the lines a reader knows add up: each row with its total,
    each column with its total, and the totals row and column. Figures shown alone have none."""
    values: dict[Key, int] = {}
    for i, (_, counts) in enumerate(spec.data):
        for j, value in enumerate(counts):
            values["c", i, j] = value
    if spec.alone or not spec.data:
        return values, []
    width = len(spec.columns)
    lines: list[list[Key]] = []
    for j in range(width):
        values["t", j] = sum(counts[j] for _, counts in spec.data)
        lines.append([*(("c", i, j) for i in range(len(spec.data))), ("t", j)])
    if spec.row_totals:
        for i, (_, counts) in enumerate(spec.data):
            values["r", i] = sum(counts)
            lines.append([*(("c", i, j) for j in range(width)), ("r", i)])
        values["g",] = sum(values["t", j] for j in range(width))
        lines.append([*(("t", j) for j in range(width)), ("g",)])
        lines.append([*(("r", i) for i in range(len(spec.data))), ("g",)])
    return values, lines


def build(spec: Counts, hidden: set[Key] | None = None) -> DashTable:
    """The table as shown. Its counts are suppressed with their totals row (and column)
    together, unless ``hidden`` says which cells to hide (worked out with other tables); then
    measures are added."""
    values, lines = cells_and_lines(spec)
    if hidden is None:
        hidden = suppress_linked(values, lines)
    table = DashTable(
        spec.slug,
        spec.title,
        spec.row_header,
        spec.columns,
        [],
        None,
        "",
        chart=spec.chart,
        note=spec.note,
        spec=spec,
    )
    if spec.alone:
        alone = [
            Row(label, [HIDDEN if ("c", i, 0) in hidden else str(counts[0])])
            for i, (label, counts) in enumerate(spec.data)
        ]
        return replace(table, rows=alone, summary=spec.summary)
    if not spec.data:
        return replace(table, chart=False, summary=_summary(spec, [], None))

    def text(key: Key) -> str:
        return HIDDEN if key in hidden else str(values[key])

    columns = [*spec.columns] + (["Total"] if spec.row_totals else [])
    width = len(spec.columns)
    grand_base = values["t", 0]
    base_shown = ("t", 0) not in hidden
    # Bars are scaled to the largest shown count: scaling to a hidden one would give it away.
    largest = max(
        (v[0] for i, (_, v) in enumerate(spec.data) if ("c", i, 0) not in hidden), default=0
    )
    rows: list[Row] = []
    for i, (label, counts) in enumerate(spec.data):
        cells = [text(("c", i, j)) for j in range(width)]
        if spec.row_totals:
            cells.append(text(("r", i)))
        if spec.percent_of_total:
            percent = (
                shown_percent(counts[0], grand_base) if base_shown and cells[0] != HIDDEN else None
            )
            cells.append(percent or "–")
        for measure in spec.measures.values():
            cells.append(measure[i])
        bar = None
        if spec.chart and cells[0] != HIDDEN and largest:
            bar = round(counts[0] / largest * 100, 1)
        rows.append(Row(label, cells, bar))
    total_cells = [text(("t", j)) for j in range(width)]
    if spec.row_totals:
        total_cells.append(text(("g",)))
    if spec.percent_of_total:
        columns.append("Share")
        total_cells.append("100%" if base_shown and grand_base >= 10 else "–")
    columns += list(spec.measures)
    total_cells += ["" for _ in spec.measures]
    grand = text(("g",)) if spec.row_totals else text(("t", 0))
    return replace(
        table,
        columns=columns,
        rows=rows,
        totals=Row("Total", total_cells),
        summary=spec.summary or _summary(spec, rows, grand),
    )


def headline(slug: str, title: str, data: Sequence[tuple[str, int]], summary: str) -> DashTable:
    """Figures that do not add up to anything (members, responses, sessions): each shown on
    its own by the same rule, 0 as it is and 1 to 4 never."""
    return build(
        Counts(
            slug,
            title,
            "Figure",
            ["Number"],
            [(label, [value]) for label, value in data],
            alone=True,
            summary=summary,
        )
    )
