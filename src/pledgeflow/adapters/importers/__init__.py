"""Importing the interchange format (DESIGN §4): reading workbooks and CSV folders, validating.

`read_tables` turns a file into text tables; `validate` turns those into domain records and the
complete list of problems, checked against what the database already holds.
"""

from pledgeflow.adapters.importers.problems import ImportProblem, ImportResult
from pledgeflow.adapters.importers.raw_tables import RawRow, RawTable, UnreadableFile
from pledgeflow.adapters.importers.reading import read_tables
from pledgeflow.adapters.importers.validation import Progress, validate

__all__ = [
    "ImportProblem",
    "ImportResult",
    "Progress",
    "RawRow",
    "RawTable",
    "UnreadableFile",
    "read_tables",
    "validate",
]
