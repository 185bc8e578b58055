"""Reading an `.xlsx` workbook, one table per sheet, with every cell turned into CSV-like text.

A spreadsheet stores numbers as binary floats and dates as datetimes; the user, however, typed
`12` and `2026-03-01`. Each value is rendered the way the user sees it, so validation treats a
workbook and a CSV export of it identically.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from pledgeflow.adapters.exporters.cells import plain_decimal
from pledgeflow.adapters.importers.raw_tables import RawTable, UnreadableFile, raw_table

_EXCEL_DIGITS = 15
"""Excel shows and keeps 15 significant digits; more come from binary rounding, not the user."""


def read_workbook_tables(path: Path) -> list[RawTable]:
    """Every worksheet of the workbook at `path`, in sheet order, named after its sheet."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(f"{path.name}: not a readable .xlsx workbook ({error})") from error
    try:
        tables = []
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()
            source = f"{path.name}[{sheet.title}]"
            tables.append(raw_table(sheet.title, source, _text_rows(sheet)))
        return tables
    finally:
        workbook.close()


def _text_rows(sheet: object) -> Iterator[list[str]]:
    for values in sheet.iter_rows(values_only=True):  # type: ignore[attr-defined]
        yield [cell_text(value) for value in values]


def cell_text(value: object) -> str:
    """The text a CSV export of this cell would hold: `12.0` → `12`, a midnight datetime → date.

    A datetime with a time of day is kept in full, so that a date column reports it as a bad
    date instead of silently dropping the time.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain_decimal(Decimal(format(value, f".{_EXCEL_DIGITS}g")))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)
