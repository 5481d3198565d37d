"""The small-number rule for tables: nothing hidden can be worked out from what is shown."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.suppression import (
    HIDDEN,
    MIN_BASE_FOR_PERCENT,
    SMALL_COUNT,
    TOO_FEW_TO_SHOW,
    Table,
    suppress_count,
    suppress_grid,
    suppress_table,
)

counts_row = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8)
grids = st.integers(min_value=1, max_value=6).flatmap(
    lambda width: st.lists(
        st.lists(st.integers(min_value=0, max_value=30), min_size=width, max_size=width),
        min_size=1,
        max_size=6,
    )
)


def _labelled(values: list[int]) -> dict[str, int]:
    return {f"answer {n}": value for n, value in enumerate(values)}


def _published(table: Table) -> tuple[str, tuple[tuple[str, str | None], ...]]:
    return table.base_text, tuple((f.count, f.percent) for f in table.figures.values())


def _check_shown(table: Table, counts: dict[str, int]) -> None:
    for label, figure in table.figures.items():
        if figure.suppressed:
            assert figure.count == HIDDEN and figure.percent is None and figure.share is None
        else:
            assert figure.count == str(counts[label])
            assert counts[label] == 0 or counts[label] >= SMALL_COUNT
            if table.base < MIN_BASE_FOR_PERCENT:
                assert figure.percent is None


def _lines(hidden: list[list[bool]]) -> list[list[bool]]:
    columns = [[row[j] for row in hidden] for j in range(len(hidden[0]))]
    return hidden + columns


@given(grids)
def test_every_row_and_column_hides_none_or_at_least_two(grid: list[list[int]]) -> None:
    hidden = suppress_grid(grid)
    for line in _lines(hidden):
        # One hidden cell beside shown ones could be worked out from the line's total.
        assert sum(line) != 1 or len(line) == 1
    for row, hidden_row in zip(grid, hidden, strict=True):
        for value, hide in zip(row, hidden_row, strict=True):
            assert hide or value == 0 or value >= SMALL_COUNT


@given(counts_row)
def test_a_row_that_adds_up_to_its_base(values: list[int]) -> None:
    counts = _labelled(values)
    base = sum(values)
    table = suppress_table(counts, base=base)
    if base < SMALL_COUNT:
        assert table.too_few and table.base_text == TOO_FEW_TO_SHOW
        assert all(f.suppressed for f in table.figures.values())
        return
    assert table.base_text == str(base)
    _check_shown(table, counts)
    hidden = [f.suppressed for f in table.figures.values()]
    assert sum(hidden) != 1 or len(hidden) == 1
    shown_total = sum(
        v for v, f in zip(values, table.figures.values(), strict=True) if not f.suppressed
    )
    # The base minus the shown counts is the sum of at least two hidden ones, never one.
    assert base - shown_total == 0 or sum(hidden) >= 2 or len(hidden) == 1


@given(counts_row, st.integers(min_value=0, max_value=3))
def test_a_row_of_tick_boxes(values: list[int], extra: int) -> None:
    """People may tick several boxes: counts do not add up to the base, each is at most the base."""
    counts = _labelled(values)
    base = max(values) + extra
    table = suppress_table(counts, base=base)
    if base < SMALL_COUNT:
        assert table.too_few and all(f.suppressed for f in table.figures.values())
        return
    _check_shown(table, counts)
    hidden = [f.suppressed for f in table.figures.values()]
    assert sum(hidden) != 1 or len(hidden) == 1


def _consistent_values(values: list[int], base: int, adds_up: bool) -> dict[int, set[int]]:
    """Every value each hidden count could have, to a reader who knows the rule, the base and
    every shown figure: all the tables that would have been published exactly the same way."""
    table = suppress_table(_labelled(values), base=base)
    seen = _published(table)
    hidden = [n for n, f in enumerate(table.figures.values()) if f.suppressed]
    shown_total = sum(v for n, v in enumerate(values) if n not in hidden)
    possible: dict[int, set[int]] = {n: set() for n in hidden}
    for guess in product(range(base + 1), repeat=len(hidden)):
        if adds_up and sum(guess) != base - shown_total:
            continue
        if not adds_up and sum(guess) + shown_total < base:
            continue  # everyone who answered ticked at least one box
        candidate = list(values)
        for n, value in zip(hidden, guess, strict=True):
            candidate[n] = value
        if _published(suppress_table(_labelled(candidate), base=base)) == seen:
            for n, value in zip(hidden, guess, strict=True):
                possible[n].add(value)
    return possible


small_rows = st.lists(st.integers(min_value=0, max_value=9), min_size=2, max_size=4)


@settings(max_examples=150, deadline=None)
@given(small_rows)
def test_no_hidden_count_can_be_pinned_down_when_the_row_adds_up(values: list[int]) -> None:
    base = sum(values)
    for n, possible in _consistent_values(values, base, adds_up=True).items():
        assert values[n] in possible
        if base >= SMALL_COUNT:
            assert len(possible) >= 2, (values, n, possible)


@settings(max_examples=150, deadline=None)
@given(small_rows, st.integers(min_value=0, max_value=2))
def test_no_hidden_count_can_be_pinned_down_among_tick_boxes(values: list[int], extra: int) -> None:
    base = max(values) + extra
    if sum(values) < base:
        base = sum(values)  # each person ticks at least one box
    for n, possible in _consistent_values(values, base, adds_up=False).items():
        assert values[n] in possible
        if base >= SMALL_COUNT:
            assert len(possible) >= 2, (values, n, possible)


def test_the_reported_cases() -> None:
    table = suppress_table({"Yes": 10, "No": 2, "Not sure": 0}, base=12)
    assert [f.count for f in table.figures.values()] == ["10", HIDDEN, HIDDEN]
    assert table["Yes"].percent == "83%" and table["No"].percent is None
    one = suppress_table({"Yes": 1, "No": 0, "Not sure": 0}, base=1)
    assert one.base_text == TOO_FEW_TO_SHOW
    assert [f.count for f in one.figures.values()] == [HIDDEN] * 3


def test_percentages_need_a_base_of_ten() -> None:
    assert suppress_table({"Yes": 5, "No": 4, "Maybe": 0}, base=9)["Yes"].percent is None
    assert suppress_table({"Yes": 5, "No": 5}, base=10)["Yes"].percent == "50%"
    assert suppress_table({"Yes": 12, "No": 28}, base=40)["Yes"].share == 0.3


def test_counts_on_their_own_and_bad_input() -> None:
    assert suppress_count(4) == TOO_FEW_TO_SHOW and suppress_count(5) == "5"
    with pytest.raises(ValueError):
        suppress_table({"Yes": -1}, base=5)
