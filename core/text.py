"""Text that must stay on one line wherever it ends up, email headers included."""

from __future__ import annotations

import unicodedata

# Control characters (Cc: line feed, carriage return, tab, NUL, NEL, the file/group/record
# separators that str.splitlines also splits on) and the Unicode line and paragraph separators.
_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def single_line(value: str) -> str:
    """The text with every control character and line or paragraph separator turned into a
    space, runs of spaces collapsed into one, and no space at either end.

    Names and titles pass through this when they are saved, and email subjects when they are
    sent, so that no header can ever be split (Django refuses such a header with BadHeaderError).
    """
    spaced = "".join(
        " " if unicodedata.category(char) in _BREAKING_CATEGORIES else char for char in value
    )
    return " ".join(spaced.split())
