"""Cells for every exported spreadsheet, so that nothing a person typed can run as a formula.

Names, email addresses, question wording, option labels and answers are all typed by someone, and
a spreadsheet program treats text that starts with "=", "+", "-" or "@" (or a tab or carriage
return, or the full-width forms of those signs, which some programs fold to the plain ones) as a
formula. Every export writes its cells through this module and no other way:

- in CSV, such text gets a leading single quote, which spreadsheet programs read as "this is text";
- in XLSX, text is always stored as a string, never as a formula, and text that looks like a
  formula also carries Excel's "quote prefix" mark so that editing the cell keeps it text;
- numbers (scale answers, counts) stay numbers in both.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = frozenset("=+-@\t\r＝＋－＠")

CellValue = str | int | float | None


def looks_like_formula(text: str) -> bool:
    return text[:1] in FORMULA_STARTS


def safe_cell(value: CellValue) -> str | int | float:
    """The value as it should go into a CSV file: numbers as they are, text defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        # A bool is an int to Python but means nothing to a reader as 1 or 0.
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text


def xlsx_cell(sheet: WriteOnlyWorksheet, value: CellValue) -> Cell:
    """The value as an XLSX cell: a number cell for a number, a string cell for anything else."""
    safe = safe_cell(value)
    if isinstance(safe, int | float):
        return WriteOnlyCell(sheet, value=safe)
    text = "" if value is None else str(value)
    cell = WriteOnlyCell(sheet, value=text)
    # openpyxl turns a string starting with "=" into a formula when it is assigned: say what it is.
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def csv_row(values: Iterable[CellValue]) -> list[str | int | float]:
    return [safe_cell(value) for value in values]


class _Line:
    """A file-like object whose ``write`` returns what it was given, so that csv.writer can
    make one line at a time for a streamed response."""

    def write(self, text: str) -> str:
        return text


def csv_stream(header: Sequence[CellValue], rows: Iterable[Sequence[CellValue]]) -> Iterator[bytes]:
    """A CSV file as it is written, line by line (with the byte-order mark first, so that
    Excel reads it as UTF-8): memory stays the same however many rows there are."""
    writer = csv.writer(_Line())
    yield "\ufeff".encode()
    yield writer.writerow(csv_row(header)).encode()
    for row in rows:
        yield writer.writerow(csv_row(row)).encode()


def xlsx_file(
    title: str, header: Sequence[CellValue], rows: Iterable[Sequence[CellValue]], out: IO[bytes]
) -> None:
    """A workbook of one sheet written row by row into ``out`` (openpyxl's write-only mode
    keeps no rows in memory)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append([xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    book.save(out)


def csv_bytes(header: Sequence[CellValue], rows: Iterable[Sequence[CellValue]]) -> bytes:
    """A whole CSV file at once, for small tables (a cohort's schools); anything that grows
    with people or answers is streamed with ``csv_stream``."""
    return b"".join(csv_stream(header, rows))
