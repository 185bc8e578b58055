"""Reading one CSV file: UTF-8, with or without a BOM, separated by commas or semicolons.

Spreadsheet programs in much of Europe export with `;` and prefix a BOM; the separator is
detected per file from the header line, so a folder may mix both kinds. A cell our exporter
wrote with a leading `'` against formula injection is read back as the text it stands for.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pledgeflow.adapters.exporters.cells import restored
from pledgeflow.adapters.importers.limits import ImportLimits
from pledgeflow.adapters.importers.raw_tables import RawTable, UnreadableFile, raw_table


def read_csv_table(path: Path, limits: ImportLimits = ImportLimits()) -> RawTable:  # noqa: B008
    """The table held by `path`, named after the file (`pledges.csv` → `pledges`)."""
    too_big = limits.size_problem(path.stat().st_size)
    if too_big:
        raise UnreadableFile(f"{path.name}: {too_big}")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            f"{path.name}: not UTF-8 text (byte {error.start}); save it as 'CSV UTF-8'"
        ) from error
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator_of(text))
    lines = ([restored(cell) for cell in line] for line in reader)
    try:
        return raw_table(path.stem, path.name, lines, limits)
    except csv.Error as error:
        raise UnreadableFile(f"{path.name}: line {reader.line_num}: {error}") from error


def separator_of(text: str) -> str:
    """`;` when the header line splits into more columns on `;` than on `,`, else `,`.

    Only the header is consulted: column names never contain either character, while data
    cells (names, notes, role lists) may legitimately contain both.
    """
    first_line = (text.splitlines() or [""])[0]
    by_comma = next(csv.reader([first_line], delimiter=","), [])
    by_semicolon = next(csv.reader([first_line], delimiter=";"), [])
    return ";" if len(by_semicolon) > len(by_comma) else ","
