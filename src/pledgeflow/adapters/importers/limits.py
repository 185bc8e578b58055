"""Limits on what an import may hold, checked while reading, before anything is kept.

A workbook is a zip archive: a 1 MiB file may unpack to gibibytes (a decompression bomb),
and a few megabytes may hold millions of rows. The archive's declared sizes are checked before
a byte is unpacked (Python's zip reader never unpacks past a member's declared size), rows are
counted as they stream, and each cell's length is checked as it is read; the refusal names the
limit and the setting that raises it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pledgeflow.config import Settings


@dataclass(frozen=True, slots=True)
class ImportLimits:
    uncompressed_bytes: int = 256 * 1024 * 1024
    rows_per_sheet: int = 200_000
    cell_chars: int = 32_767

    @classmethod
    def of(cls, settings: Settings) -> ImportLimits:
        return cls(
            settings.import_max_uncompressed_bytes,
            settings.import_max_rows_per_sheet,
            settings.import_max_cell_chars,
        )

    def size_problem(self, size: int) -> str | None:
        if size <= self.uncompressed_bytes:
            return None
        return (
            f"unpacks to {size} bytes, over the limit of {self.uncompressed_bytes} "
            "(setting PLEDGEFLOW_IMPORT_MAX_UNCOMPRESSED_BYTES)"
        )

    def rows_problem(self, rows: int) -> str | None:
        if rows <= self.rows_per_sheet:
            return None
        return (
            f"more than {self.rows_per_sheet} rows, the limit per sheet "
            "(setting PLEDGEFLOW_IMPORT_MAX_ROWS_PER_SHEET)"
        )

    def cell_problem(self, row: int, cell: str) -> str | None:
        if len(cell) <= self.cell_chars:
            return None
        return (
            f"row {row} holds a cell of {len(cell)} characters, over the limit of "
            f"{self.cell_chars} (setting PLEDGEFLOW_IMPORT_MAX_CELL_CHARS)"
        )
