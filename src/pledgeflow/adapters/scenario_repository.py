"""Stored scenarios and their runs, journalled like every other write.

Like the other repositories it never commits; every row it writes or deletes goes into the
journal, so creating, running and deleting a scenario each leave their entries in the log.
Rows are journalled as read back from the database, so reconciliation sees the same digest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select

from pledgeflow.adapters.scenario_tables import (
    CHANGE_COLUMNS,
    SCENARIO_TABLES,
    scenario_changes,
    scenario_runs,
    scenarios,
)
from pledgeflow.audit.log import Operation, RowChange, RowKey, canonical_key, row_digest

ChangeRow = Mapping[str, str | None]
# The sheet writes `from`/`to`; the table cannot use SQL keywords as column names.
_SHEET_NAMES = {"from_date": "from", "to_date": "to"}


@dataclass(frozen=True)
class StoredScenario:
    name: str
    description: str | None
    created_by: str
    created_at: dt.datetime
    changes: tuple[dict[str, str | None], ...]
    """Each change in its row form (keys as in the `scenario_changes` sheet)."""


def _keys(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


class ScenarioRepository:
    def __init__(self, connection: Connection, journal: list[RowChange]) -> None:
        self._conn = connection
        self._journal = journal

    def _journal_row(self, table: Table, where: Mapping[str, Any]) -> None:
        query = select(table).where(*(table.c[k] == v for k, v in where.items()))
        row = dict(self._conn.execute(query).mappings().one())
        key = tuple(row[k] for k in _keys(table))
        self._journal.append(RowChange(table.name, key, Operation.INSERT, row))

    def add(self, scenario: StoredScenario) -> None:
        head = {
            "name": scenario.name,
            "description": scenario.description,
            "created_by": scenario.created_by,
            "created_at": scenario.created_at,
        }
        self._conn.execute(insert(scenarios), head)
        self._journal_row(scenarios, {"name": scenario.name})
        for seq, change in enumerate(scenario.changes, start=1):
            row = {"scenario": scenario.name, "seq": seq}
            row |= {
                column: change.get(_SHEET_NAMES.get(column, column)) for column in CHANGE_COLUMNS
            }
            self._conn.execute(insert(scenario_changes), row)
            self._journal_row(scenario_changes, {"scenario": scenario.name, "seq": seq})

    def get(self, name: str) -> StoredScenario | None:
        head = self._conn.execute(select(scenarios).where(scenarios.c.name == name)).mappings()
        found = head.first()
        if found is None:
            return None
        query = (
            select(scenario_changes)
            .where(scenario_changes.c.scenario == name)
            .order_by(scenario_changes.c.seq)
        )
        changes = tuple(
            {_SHEET_NAMES.get(column, column): row[column] for column in CHANGE_COLUMNS}
            for row in self._conn.execute(query).mappings()
        )
        return StoredScenario(
            found["name"], found["description"], found["created_by"], found["created_at"], changes
        )

    def names(self) -> list[str]:
        query = select(scenarios.c.name).order_by(scenarios.c.name)
        return list(self._conn.execute(query).scalars())

    def delete(self, name: str) -> None:
        seqs = self._conn.execute(
            select(scenario_changes.c.seq).where(scenario_changes.c.scenario == name)
        ).scalars()
        for seq in list(seqs):
            self._journal.append(
                RowChange(scenario_changes.name, (name, seq), Operation.DELETE, None)
            )
        self._conn.execute(delete(scenario_changes).where(scenario_changes.c.scenario == name))
        self._conn.execute(delete(scenarios).where(scenarios.c.name == name))
        self._journal.append(RowChange(scenarios.name, (name,), Operation.DELETE, None))

    def add_run(self, run: Mapping[str, Any]) -> int:
        run_id: int = self._conn.execute(
            insert(scenario_runs).returning(scenario_runs.c.id), dict(run)
        ).scalar_one()
        self._journal_row(scenario_runs, {"id": run_id})
        return run_id

    def runs(self, limit: int = 50) -> list[dict[str, Any]]:
        query = select(scenario_runs).order_by(scenario_runs.c.id.desc()).limit(limit)
        return [dict(row) for row in self._conn.execute(query).mappings()]

    def run(self, run_id: int) -> dict[str, Any] | None:
        query = select(scenario_runs).where(scenario_runs.c.id == run_id)
        row = self._conn.execute(query).mappings().first()
        return None if row is None else dict(row)

    def audit_digests(self) -> dict[RowKey, str]:
        """The digest of every stored scenario row, for reconciliation with the log."""
        actual: dict[RowKey, str] = {}
        for table in SCENARIO_TABLES:
            keys = _keys(table)
            for row in self._conn.execute(select(table)).mappings():
                key = canonical_key(row[k] for k in keys)
                actual[(table.name, key)] = row_digest(dict(row))
        return actual
