"""Small-number suppression for every published or commissioner-facing table of counts.

A count is never judged on its own: a table also shows how many answered, and a hidden number can
be worked out from that total and the numbers beside it ("12 answered, Yes 10, No hidden, Not sure
0" means No is 2). So the rule is about tables, and every app calls the same function:

- when fewer than ``SMALL_COUNT`` answered, nothing is shown but ``TOO_FEW_TO_SHOW``;
- a count from 1 to 4 is hidden, and so are enough further counts in its row (the smallest next,
  zeros included) that every row with a hidden count has at least two hidden, at least one of them
  not a small count, so that no total minus the shown counts gives one away. Rows whose counts do not add up to the total (questions where
  people tick several boxes, themes) follow the same rule: ticking at least one box makes
  "total minus the others" a lower bound, which with one hidden count can still pin it down;
- every hidden count shows the same words, ``HIDDEN``, whatever the reason it is hidden: saying
  "fewer than 5" for some and not others would tell a reader which is which and give sums away;
- a percentage is shown only for a shown count and only when at least ``MIN_BASE_FOR_PERCENT``
  answered.

``suppress_table`` serves one row with its total; ``suppress_grid`` serves tables whose rows and
columns both have totals a reader could know (options by rank in a priorities question).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings

# The threshold is a setting (SMALL_NUMBER_THRESHOLD); 5 unless the deployment says otherwise.
SMALL_COUNT: int = getattr(settings, "SMALL_NUMBER_THRESHOLD", 5)
MIN_BASE_FOR_PERCENT = 10
K = TypeVar("K")
TOO_FEW_TO_SHOW = "Too few answers to show"
HIDDEN = "Not shown"
SUPPRESSION_NOTE = (
    f"To protect privacy, we do not show numbers from 1 to {SMALL_COUNT - 1}, or any other number "
    "that would let someone work one of them out. Where fewer than "
    f"{SMALL_COUNT} people answered a question we show none of its numbers. Percentages are only "
    f"shown when at least {MIN_BASE_FOR_PERCENT} people answered."
)


@dataclass(frozen=True)
class Figure:
    """One count as it may be shown."""

    count: str
    percent: str | None
    suppressed: bool
    # The share of the base, for drawing a bar; None whenever the figure is suppressed.
    share: float | None


@dataclass(frozen=True)
class Table:
    """The shown figures of one row of counts and the number who answered."""

    base: int
    too_few: bool
    figures: dict[str, Figure]

    @property
    def base_text(self) -> str:
        return TOO_FEW_TO_SHOW if self.too_few else str(self.base)

    def __getitem__(self, label: str) -> Figure:
        return self.figures[label]


def _check(counts: Iterable[int], base: int) -> None:
    if base < 0 or any(count < 0 for count in counts):
        raise ValueError("Counts cannot be negative.")


def _shown(count: int, base: int) -> Figure:
    if base < MIN_BASE_FOR_PERCENT or base == 0:
        return Figure(count=str(count), percent=None, suppressed=False, share=None)
    share = count / base
    return Figure(count=str(count), percent=f"{round(share * 100)}%", suppressed=False, share=share)


_HIDDEN_FIGURE = Figure(count=HIDDEN, percent=None, suppressed=True, share=None)


def is_small(count: int) -> bool:
    return 0 < count < SMALL_COUNT


def _needs_more(values: list[int], hidden: list[bool]) -> bool:
    hidden_values = [value for value, hide in zip(values, hidden, strict=True) if hide]
    if not hidden_values or all(hidden):
        return False
    # With one hidden, the total gives it away. With only small counts hidden, a reader who knows
    # this rule knows each is from 1 to 4, and a total such as 3 across three of them, or 8
    # across two, pins every one down.
    return len(hidden_values) == 1 or all(is_small(value) for value in hidden_values)


def suppress_linked(values: Mapping[K, int], lines: Iterable[Sequence[K]]) -> set[K]:
    """Which cells to hide when a reader knows that the cells of each line add up (a table's
    row or column with its total, the same figure for each area and for all of them, or two
    cells that are the same figure shown in two places).

    Hides every small count; then, until nothing changes, in any line with hidden cells that
    are only one, or are all small counts, also hides its smallest shown cells (all of them when
    several are equally small, since choosing one by position would tell a reader which).
    Afterwards every line has no hidden cell, is wholly hidden, or has at least two hidden of
    which at least one is not a small count.
    """
    hidden = {key for key, value in values.items() if is_small(value)}
    lines = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            line_values = [values[key] for key in line]
            if not _needs_more(line_values, [key in hidden for key in line]):
                continue
            smallest = min(values[key] for key in line if key not in hidden)
            hidden.update(key for key in line if values[key] == smallest)
            changed = True
    return hidden


def suppress_grid(rows: Sequence[Sequence[int]]) -> list[list[bool]]:
    """Which cells to hide in a table whose row and column totals may all be known: each row and
    each column is a line for ``suppress_linked``."""
    values = {(i, j): value for i, row in enumerate(rows) for j, value in enumerate(row)}
    lines = [[(i, j) for j in range(len(row))] for i, row in enumerate(rows)]
    width = max((len(row) for row in rows), default=0)
    lines += [[(i, j) for i, row in enumerate(rows) if j < len(row)] for j in range(width)]
    hidden = suppress_linked(values, lines)
    return [[(i, j) in hidden for j in range(len(row))] for i, row in enumerate(rows)]


def suppress_table(counts: Mapping[str, int], *, base: int) -> Table:
    """The figures of one row of counts, labelled, out of ``base`` people who answered.

    Works the same whether or not the counts add up to ``base``. Labels keep their order.
    """
    _check(counts.values(), base)
    if base < SMALL_COUNT:
        return Table(base=base, too_few=True, figures=dict.fromkeys(counts, _HIDDEN_FIGURE))
    labels = list(counts)
    (hidden,) = suppress_grid([[counts[label] for label in labels]]) if labels else ([],)
    figures = {
        label: _HIDDEN_FIGURE if hide else _shown(counts[label], base)
        for label, hide in zip(labels, hidden, strict=True)
    }
    return Table(base=base, too_few=False, figures=figures)


def exact_table(counts: Mapping[str, int], *, base: int) -> Table:
    """Every figure as it is, in the same shape, for people allowed to see exact numbers."""
    _check(counts.values(), base)
    figures = {}
    for label, count in counts.items():
        share = count / base if base else 0.0
        figures[label] = Figure(
            str(count), f"{round(share * 100)}%" if base else None, False, share
        )
    return Table(base=base, too_few=False, figures=figures)


def suppress_count(count: int) -> str:
    """A count shown on its own, such as how many people sent answers."""
    _check([count], count)
    return TOO_FEW_TO_SHOW if count < SMALL_COUNT else str(count)


def shown_count(count: int) -> str:
    """A count shown alone, with no total beside it: 0 as it is, 1 to 4 hidden."""
    _check([count], count)
    return HIDDEN if is_small(count) else str(count)


def shown_percent(count: int, base: int) -> str | None:
    """A share of ``base``, only when at least ``MIN_BASE_FOR_PERCENT`` are in it. The caller
    shows it only beside a count that is itself shown."""
    _check([count], base)
    if base < MIN_BASE_FOR_PERCENT:
        return None
    return f"{round(count / base * 100)}%"


def shown_average(values: Sequence[float], *, median: bool = False) -> str | None:
    """The mean (or median) of ``values``, only when there are at least ``MIN_BASE_FOR_PERCENT``
    of them: an average of a few values tells too much about each one."""
    if len(values) < MIN_BASE_FOR_PERCENT:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if median:
        value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    else:
        value = sum(ordered) / len(ordered)
    return f"{value:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class TotalledGrid:
    """A table of counts as shown, with its totals: each cell's text, and which are hidden.

    ``cells`` has one list per row; ``row_totals`` is empty when the table has no totals column;
    ``column_totals`` and ``grand_total`` are the totals row (the grand total is the last cell of
    the totals row, also the sum of the totals column)."""

    cells: list[list[str]]
    hidden: list[list[bool]]
    row_totals: list[str]
    column_totals: list[str]
    grand_total: str | None


def suppress_totalled(rows: Sequence[Sequence[int]], *, row_totals: bool) -> TotalledGrid:
    """A table of counts that is shown with a totals row (and, when ``row_totals``, a totals
    column): the totals are cells like any other, so the table and its totals go through
    ``suppress_grid`` together. A small total is hidden as any small count is, and every row
    and column, totals included, hides none of its cells or at least two, so no total minus the
    shown cells gives a hidden one away. Rows must all be the same width."""
    for row in rows:
        _check(row, 0)
    width = len(rows[0]) if rows else 0
    column_sums = [sum(row[j] for row in rows) for j in range(width)]
    if row_totals:
        grid = [[*row, sum(row)] for row in rows] + [[*column_sums, sum(column_sums)]]
    else:
        grid = [list(row) for row in rows] + [column_sums]
    hidden = suppress_grid(grid) if width else [[] for _ in grid]
    texts = [
        [HIDDEN if hide else str(value) for value, hide in zip(row, hidden_row, strict=True)]
        for row, hidden_row in zip(grid, hidden, strict=True)
    ]
    body, totals = texts[:-1], texts[-1]
    if row_totals:
        return TotalledGrid(
            cells=[row[:-1] for row in body],
            hidden=[row[:-1] for row in hidden[:-1]],
            row_totals=[row[-1] for row in body],
            column_totals=totals[:-1],
            grand_total=totals[-1] if width else None,
        )
    return TotalledGrid(
        cells=body, hidden=hidden[:-1], row_totals=[], column_totals=totals, grand_total=None
    )
