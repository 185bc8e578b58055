"""Reading and writing the `scenario_changes` sheet: one row per change of a named scenario.

Columns: scenario, kind, subject (required), from, to, value, supply_class, item, quantity,
priority, needed_by, destination. Rows of one scenario keep their order. The cells are handed
on as text; the domain's parser (`domain/scenario_texts.py`) gives them meaning and names the
change, field and reason of any defect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pledgeflow.adapters.exporters import Sheet
from pledgeflow.adapters.importers.columns import TableSpec, header_index
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawTable
from pledgeflow.domain.scenario_texts import FIELDS

SCENARIO_CHANGES = TableSpec(
    name="scenario_changes",
    columns=("scenario", *FIELDS),
    required=frozenset({"scenario", "kind", "subject"}),
    key=("scenario",),
)
ChangeRows = dict[str, list[dict[str, str | None]]]


def read_scenario_changes(tables: Mapping[str, RawTable]) -> tuple[ChangeRows, list[ImportProblem]]:
    """Per scenario name, its changes' fields in row order, and every problem of the sheet."""
    table = tables.get(SCENARIO_CHANGES.name)
    if table is None:
        missing = ImportProblem(SCENARIO_CHANGES.name, None, None, None, "table is missing")
        return {}, [missing]
    problems: list[ImportProblem] = []
    index = header_index(SCENARIO_CHANGES, table, problems)
    found: ChangeRows = {}
    for row in table.rows:
        cells = {
            column: (row.cells[at] if at < len(row.cells) and row.cells[at] else None)
            for column, at in index.items()
        }
        name = cells.pop("scenario", None)
        if name is None:
            problems.append(
                ImportProblem(SCENARIO_CHANGES.name, row.number, "scenario", None, "is required")
            )
            continue
        found.setdefault(name, []).append(cells)
    return found, problems


def scenario_changes_sheet(
    scenarios: Sequence[tuple[str, Sequence[Mapping[str, str | None]]]],
) -> Sheet:
    """The sheet for stored scenarios, (name, changes in row form) each."""
    rows: list[list[object]] = [
        [name, *(change.get(column) or "" for column in FIELDS)]
        for name, changes in scenarios
        for change in changes
    ]
    return list(SCENARIO_CHANGES.columns), rows
