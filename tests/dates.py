"""Dates as a browser posts them from the GOV.UK date input: day, month and year boxes."""

from __future__ import annotations

from datetime import date


def gov_date(name: str, value: str | date) -> dict[str, str]:
    """{"opens_on_0": "1", "opens_on_1": "12", "opens_on_2": "2026"} for 2026-12-01; an empty
    value leaves every box empty."""
    if not value:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def fill_gov_date(page: object, name: str, value: date) -> None:
    """Type a date into a GOV.UK date input in the browser, box by box."""
    for n, part in enumerate((value.day, value.month, value.year)):
        page.locator(f"#id_{name}_{n}").fill(str(part))  # type: ignore[attr-defined]
