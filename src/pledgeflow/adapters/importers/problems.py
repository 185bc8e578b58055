"""What validation reports: every problem found in a file, and the dataset it would import."""

from __future__ import annotations

from dataclasses import dataclass, field

from pledgeflow.domain.datasets import Dataset


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One mistake, located the way the user will look for it: table, row, column, value.

    `row` is None for a problem with a whole table (an unknown sheet name); `column` is None
    for a problem with a whole row.
    """

    table: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        place = self.table
        if self.row is not None:
            place += f", row {self.row}"
        if self.column is not None:
            place += f", column {self.column}"
        if self.value:
            place += f" ({self.value!r})"
        return f"{place}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The file's rows as valid domain objects, with every problem; import only if `ok`.

    `dataset` holds just the file's rows that passed (new and updated ones), never what was
    already known; `added` and `updated` count those rows per table. `warnings` do not stop
    the import: they say what will not work as the file may seem to intend.
    """

    dataset: Dataset
    problems: list[ImportProblem] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    warnings: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
