"""The disclosure rule as the dashboards use it: for random tables shown with their totals, every
shown count is 0 or at least the threshold, and no hidden count can be worked out from the shown
cells and totals by row or column arithmetic, however many times a reader repeats it."""

from __future__ import annotations

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import strategies as st

from core import suppression
from core.suppression import HIDDEN, SMALL_COUNT, is_small, suppress_totalled
from dashboards.tables import Counts, build

grids = st.integers(min_value=1, max_value=5).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=25), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)

Cell = tuple[str, int, int]  # which part of the table, row, column


def _shown_table(
    rows: list[list[int]], row_totals: bool
) -> tuple[dict[Cell, int], dict[Cell, str], list[tuple[list[Cell], Cell]]]:
    """The true values, the shown texts and the sums a reader knows hold (parts, total)."""
    grid = suppress_totalled(rows, row_totals=row_totals)
    width = len(rows[0])
    true: dict[Cell, int] = {}
    shown: dict[Cell, str] = {}
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            true["c", i, j], shown["c", i, j] = value, grid.cells[i][j]
        if row_totals:
            true["r", i, 0], shown["r", i, 0] = sum(row), grid.row_totals[i]
    for j in range(width):
        true["t", 0, j] = sum(row[j] for row in rows)
        shown["t", 0, j] = grid.column_totals[j]
    sums: list[tuple[list[Cell], Cell]] = [
        ([("c", i, j) for i in range(len(rows))], ("t", 0, j)) for j in range(width)
    ]
    if row_totals:
        true["g", 0, 0] = sum(sum(row) for row in rows)
        assert grid.grand_total is not None
        shown["g", 0, 0] = grid.grand_total
        sums += [([("c", i, j) for j in range(width)], ("r", i, 0)) for i in range(len(rows))]
        sums.append(([("t", 0, j) for j in range(width)], ("g", 0, 0)))
        sums.append(([("r", i, 0) for i in range(len(rows))], ("g", 0, 0)))
    return true, shown, sums


@given(grids, st.booleans())
def test_every_shown_count_is_true_and_zero_or_at_least_the_threshold(
    rows: list[list[int]], row_totals: bool
) -> None:
    true, shown, _ = _shown_table(rows, row_totals)
    for cell, text in shown.items():
        if text != HIDDEN:
            assert text == str(true[cell])
            assert true[cell] == 0 or true[cell] >= SMALL_COUNT


@given(grids, st.booleans())
def test_no_hidden_count_can_be_worked_out_from_rows_and_columns(
    rows: list[list[int]], row_totals: bool
) -> None:
    true, shown, sums = _shown_table(rows, row_totals)
    known = {cell: int(text) for cell, text in shown.items() if text != HIDDEN}
    # A reader solves any sum with exactly one unknown, and repeats with what they learned.
    learned = True
    while learned:
        learned = False
        for parts, total in sums:
            cells = [*parts, total]
            unknown = [cell for cell in cells if cell not in known]
            if len(unknown) == 1:
                (cell,) = unknown
                value = (
                    known[total] - sum(known[p] for p in parts)
                    if cell != total
                    else sum(known[p] for p in parts)
                )
                assert value == true[cell]
                known[cell] = value
                learned = True
    assert all(shown[cell] != HIDDEN for cell in known)
    # Nor can a reader who knows hidden small counts are 1 to 4 pin them down from a sum: every
    # sum with hidden cells hides at least one that is not a small count.
    for parts, total in sums:
        hidden = [cell for cell in [*parts, total] if shown[cell] == HIDDEN]
        if hidden:
            assert len(hidden) >= 2
            assert not all(is_small(true[cell]) for cell in hidden) or len(hidden) == len(
                [*parts, total]
            )


@given(grids, st.booleans())
def test_the_download_shows_exactly_what_the_page_shows(
    rows: list[list[int]], row_totals: bool
) -> None:
    columns = [f"Column {j}" for j in range(len(rows[0]))]
    table = build(
        Counts(
            "t",
            "Table",
            "Row",
            columns,
            [(f"Row {i}", row) for i, row in enumerate(rows)],
            row_totals=row_totals,
            chart=True,
            percent_of_total=True,
        )
    )
    page = [[row.label, *row.cells] for row in table.rows]
    assert table.totals is not None
    page.append([table.totals.label, *table.totals.cells])
    assert table.csv_rows() == page
    for row, (_, values) in zip(table.rows, [(0, r) for r in rows], strict=True):
        # A bar is drawn only for a shown count, and is scaled to shown counts only.
        assert (row.bar is None) or row.cells[0] != HIDDEN
        if row.cells[0] == HIDDEN:
            assert row.bar is None
        del values
        # No share beside a hidden count, and none on a base under 10.
        share = row.cells[len(columns) + row_totals]
        if row.cells[0] == HIDDEN or sum(r[0] for r in rows) < suppression.MIN_BASE_FOR_PERCENT:
            assert share == "–"


def test_the_threshold_is_a_setting() -> None:
    assert settings.SMALL_NUMBER_THRESHOLD == SMALL_COUNT == 5


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        # Hand-worked: 3 is hidden; the column total 23 would give it away, so the next smallest
        # (8) is hidden too; the total itself is not small, so it stays.
        ([3, 8, 12], ["Not shown", "Not shown", "12", "23"]),
        # A small total is hidden like any small count. The 3 and the total hidden beside a 0
        # would both be small, and equal, so the 0 is hidden too.
        ([0, 3], ["Not shown", "Not shown", "Not shown"]),
        ([0, 0], ["0", "0", "0"]),
        ([5, 6], ["5", "6", "11"]),
    ],
)
def test_hand_worked_tables(values: list[int], shown: list[str]) -> None:
    grid = suppress_totalled([[value] for value in values], row_totals=False)
    assert [row[0] for row in grid.cells] + grid.column_totals == shown
