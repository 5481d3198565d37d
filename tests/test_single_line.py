from __future__ import annotations

import pytest

from core.text import single_line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Ann Smith", "Ann Smith"),
        ("Ann\nSmith", "Ann Smith"),
        ("  Ann \r\n\r\n Smith  ", "Ann Smith"),
        ("Ann\u2028Smith\u2029", "Ann Smith"),  # line and paragraph separators
        ("Ann\x0b\x0c\x1c\x1d\x1e\x85Smith", "Ann Smith"),  # what str.splitlines also splits on
        ("Ann\x00\x1b\x7fSmith", "Ann Smith"),  # other control characters
        ("Ann\tSmith", "Ann Smith"),
        ("Zoë O’Neill-Smith", "Zoë O’Neill-Smith"),
        ("", ""),
    ],
)
def test_single_line_leaves_one_line_of_printable_text(value: str, expected: str) -> None:
    assert single_line(value) == expected
