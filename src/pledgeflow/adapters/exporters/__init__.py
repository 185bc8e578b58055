"""Exporting in the interchange format (DESIGN §4): datasets and any other named tables.

`write_dataset` writes what `pledgeflow.adapters.importers` reads back; `write_sheets` writes
arbitrary tables (plan allocations, shortfalls) with the same cell conventions.
"""

from pledgeflow.adapters.exporters.datasets import dataset_sheets, write_dataset
from pledgeflow.adapters.exporters.sheets import Sheet, write_sheets

__all__ = ["Sheet", "dataset_sheets", "write_dataset", "write_sheets"]
