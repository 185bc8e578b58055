"""Tables as read from a file, before any meaning is given to their cells.

Every cell is already text, exactly as a CSV file would hold it, so that validation is the same
whether the user sent a workbook or a folder of CSV files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pledgeflow.adapters.importers.limits import ImportLimits


class UnreadableFile(ValueError):
    """A file cannot be read as an interchange table at all (wrong type, encoding, damage)."""


@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row; `number` is the row number the user sees (the header is row 1)."""

    number: int
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RawTable:
    """One sheet or CSV file: its table name, header cells and non-blank data rows."""

    name: str
    header: tuple[str, ...]
    rows: tuple[RawRow, ...]
    source: str


def raw_table(
    name: str,
    source: str,
    lines: Iterable[Sequence[str]],
    limits: ImportLimits = ImportLimits(),  # noqa: B008 (frozen, so one shared default is safe)
) -> RawTable:
    """Build a table from text lines: line 1 is the header, wholly blank lines are dropped.

    Cells lose surrounding whitespace (a stray space typed into a spreadsheet is never
    meaningful) and every line loses its trailing blank cells, which spreadsheets carry or
    not at whim; a blank cell and a missing one mean the same.
    Row numbers count every line, blank or not, so they match what the user's program shows.
    Rows and cell lengths are checked against `limits` as they stream in.
    """
    header: tuple[str, ...] = ()
    rows: list[RawRow] = []
    for number, line in enumerate(lines, start=1):
        problem = limits.rows_problem(number - 1) or next(
            (p for cell in line if (p := limits.cell_problem(number, cell))), None
        )
        if problem:
            raise UnreadableFile(f"{source}: {problem}")
        cells = _without_trailing_blanks(tuple(cell.strip() for cell in line))
        if number == 1:
            header = cells
        elif cells:
            rows.append(RawRow(number, cells))
    return RawTable(name=name, header=header, rows=tuple(rows), source=source)


def _without_trailing_blanks(cells: tuple[str, ...]) -> tuple[str, ...]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]
