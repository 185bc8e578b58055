"""The interchange tables of DESIGN §4: their columns, which are required, and their keys.

Readers, validation and writers all take their column lists from here, so an exported file is
always importable and the column order of every export is the documented one.
"""

from __future__ import annotations

from dataclasses import dataclass

from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawTable

IGNORED_PREFIX = "x_"


@dataclass(frozen=True, slots=True)
class TableSpec:
    """One interchange table; `key` names the columns that identify a row across imports."""

    name: str
    columns: tuple[str, ...]
    required: frozenset[str]
    key: tuple[str, ...]


def _spec(name: str, columns: str, required: str, key: str) -> TableSpec:
    return TableSpec(
        name=name,
        columns=tuple(columns.split()),
        required=frozenset(required.split()),
        key=tuple(key.split()),
    )


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        _spec("parties", "code name roles gdp_eur currency", "code name roles", "code"),
        _spec(
            "items",
            "code name supply_class unit unit_mass_kg unit_value_eur divisible"
            " substitution_group substitution_penalty use",
            "code name supply_class unit unit_mass_kg",
            "code",
        ),
        _spec(
            "sites",
            "code name kind country capacity_t_per_day handling_days",
            "code name kind country",
            "code",
        ),
        _spec("lanes", "from to days", "from to days", "from to"),
        _spec(
            "hub_calendar",
            "hub from to capacity_t_per_day",
            "hub from to capacity_t_per_day",
            "hub from to",
        ),
        _spec(
            "requirements",
            "id item quantity priority needed_by destination releasability notes",
            "id item quantity priority needed_by destination",
            "id",
        ),
        _spec(
            "pledges",
            "id donor item quantity available_from origin status value_eur earmark releasability"
            " fund",
            "id donor item quantity available_from origin",
            "id",
        ),
    )
}
"""Every table, in dependency order: a table only refers to tables listed before it."""


def header_index(spec: TableSpec, table: RawTable, problems: list[ImportProblem]) -> dict[str, int]:
    """Column positions by name; unknown, repeated and missing required columns are problems."""
    index: dict[str, int] = {}
    for position, column in enumerate(table.header):
        if not column or column.startswith(IGNORED_PREFIX):
            continue
        if column in index:
            reason = "column appears twice"
        elif column not in spec.columns:
            reason = f"unknown column (columns are: {', '.join(spec.columns)})"
        else:
            index[column] = position
            continue
        problems.append(ImportProblem(spec.name, 1, column, column, reason))
    problems.extend(
        ImportProblem(spec.name, 1, column, None, "required column is missing")
        for column in spec.columns
        if column in spec.required and column not in index
    )
    return index
