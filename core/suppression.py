"""Small-number suppression for every published or commissioner-facing figure.

One function, used by published consultation results and by the dashboards, so that the rule is
the same everywhere:

- a count from 1 to 4 is shown as "fewer than 5";
- a percentage is not shown when its base is under 10;
- a percentage is not shown for a suppressed count either, since with the base it would give the
  count away.
"""

from __future__ import annotations

from dataclasses import dataclass

SMALL_COUNT = 5
MIN_BASE_FOR_PERCENT = 10
FEWER_THAN_FIVE = "fewer than 5"


@dataclass(frozen=True)
class Figure:
    count: str
    percent: str | None
    suppressed: bool
    # The share of the base, for drawing a bar; None whenever the figure is suppressed.
    share: float | None


def suppress(count: int, base: int) -> Figure:
    if count < 0 or base < 0:
        raise ValueError("Counts cannot be negative.")
    suppressed = 0 < count < SMALL_COUNT
    shown = FEWER_THAN_FIVE if suppressed else str(count)
    if suppressed or base < MIN_BASE_FOR_PERCENT or base == 0:
        return Figure(count=shown, percent=None, suppressed=suppressed, share=None)
    share = count / base
    return Figure(count=shown, percent=f"{round(share * 100)}%", suppressed=False, share=share)
