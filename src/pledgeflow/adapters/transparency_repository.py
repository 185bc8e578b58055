"""Course values and fair-share targets in the database, journalled like every other write.

It never commits; each row it writes goes into the unit of work's journal so the audit log
records it, and `audit_digests` lets verification reconcile these tables with the log.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from pledgeflow.adapters.transparency_tables import (
    TRANSPARENCY_TABLES,
    course_values,
    fair_share_targets,
)
from pledgeflow.audit.log import Operation, RowChange, RowKey, canonical_key, row_digest
from pledgeflow.domain.burden_sharing import Stage, Target

_KEYS = {course_values.name: "course", fair_share_targets.name: "period"}


def target_row(target: Target) -> dict[str, Any]:
    return {
        "period": target.period,
        "start_date": target.start,
        "end_date": target.end,
        "amount_eur": target.amount_eur,
        "gdp_share": target.gdp_share,
        "stage": target.stage.value,
    }


class TransparencyRepository:
    def __init__(self, connection: Connection, journal: list[RowChange]) -> None:
        self._conn = connection
        self._journal = journal

    def course_values(self) -> dict[str, Decimal]:
        rows = self._conn.execute(select(course_values))
        return {r.course: r.value_per_seat_eur for r in rows}

    def targets(self) -> list[Target]:
        query = select(fair_share_targets).order_by(fair_share_targets.c.start_date)
        return [
            Target(
                period=r.period,
                start=r.start_date,
                end=r.end_date,
                amount_eur=r.amount_eur,
                gdp_share=r.gdp_share,
                stage=Stage(r.stage),
            )
            for r in self._conn.execute(query)
        ]

    def set_course_value(self, course: str, value_per_seat_eur: Decimal) -> bool:
        return self._upsert(
            course_values, {"course": course, "value_per_seat_eur": value_per_seat_eur}
        )

    def set_target(self, target: Target) -> bool:
        return self._upsert(fair_share_targets, target_row(target))

    def _upsert(self, table: Table, row: dict[str, Any]) -> bool:
        """Insert or update by key; False (and nothing logged) when the row is unchanged."""
        key = _KEYS[table.name]
        present = (
            self._conn.execute(select(table).where(table.c[key] == row[key])).mappings().first()
        )
        if present is None:
            self._conn.execute(insert(table), row)
            self._journal.append(RowChange(table.name, (row[key],), Operation.INSERT, row))
            return True
        if row_digest(dict(present)) == row_digest(row):
            return False
        self._conn.execute(update(table).where(table.c[key] == row[key]).values(**row))
        self._journal.append(RowChange(table.name, (row[key],), Operation.UPDATE, row))
        return True

    def audit_digests(self) -> dict[RowKey, str]:
        actual: dict[RowKey, str] = {}
        for table in TRANSPARENCY_TABLES:
            key = _KEYS[table.name]
            for row in self._conn.execute(select(table)).mappings():
                actual[(table.name, canonical_key((row[key],)))] = row_digest(dict(row))
        return actual
