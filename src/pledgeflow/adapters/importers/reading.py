"""Finding the tables in what the user gives: a workbook, a folder of CSV files, or one CSV."""

from __future__ import annotations

from pathlib import Path

from pledgeflow.adapters.importers.csv_files import read_csv_table
from pledgeflow.adapters.importers.limits import ImportLimits
from pledgeflow.adapters.importers.raw_tables import RawTable, UnreadableFile
from pledgeflow.adapters.importers.workbooks import read_workbook_tables


def read_tables(path: Path, limits: ImportLimits = ImportLimits()) -> dict[str, RawTable]:  # noqa: B008
    """Every table at `path`, by name, in the order found; names are not checked here.

    In a folder, every `*.csv` file is a table named after the file; other files (notes,
    the workbook the CSVs came from) are left alone. Unknown table names are reported by
    validation, together with every other problem, rather than raised here. Whatever breaks
    `limits` is refused as an UnreadableFile naming the file and the limit.
    """
    if path.is_dir():
        tables = [read_csv_table(file, limits) for file in sorted(path.glob("*.csv"))]
    elif not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    elif path.suffix.lower() == ".xlsx":
        tables = read_workbook_tables(path, limits)
    elif path.suffix.lower() == ".csv":
        tables = [read_csv_table(path, limits)]
    else:
        raise UnreadableFile(f"{path.name}: expected an .xlsx workbook, a .csv file or a folder")
    return {table.name: table for table in tables}
