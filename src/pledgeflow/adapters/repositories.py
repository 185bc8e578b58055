"""Repositories: reading and writing domain records through one open connection.

They never commit: the unit of work owns the transaction, so a command's rows and its audit
entry land together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, and_, func, insert, select, tuple_, update

from pledgeflow.adapters import tables as t
from pledgeflow.adapters.rows import MAPPER_BY_FIELD, MAPPERS, Mapper
from pledgeflow.audit.log import Operation, RowChange, row_digest
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import (
    Allocation,
    HubValue,
    Plan,
    PlanQuality,
    PlanStatus,
    Shortfall,
    ShortfallReason,
)

_CHUNK = 500
Key = tuple[Any, ...]


class DatasetRepository:
    """Every write is also put in `journal`, which the unit of work turns into log entries."""

    def __init__(self, connection: Connection, journal: list[RowChange]) -> None:
        self._conn = connection
        self._journal = journal

    def load(self) -> Dataset:
        """Every business record, in primary-key order so that reads are reproducible."""
        fields: dict[str, tuple[Any, ...]] = {}
        for mapper in MAPPERS:
            order = [mapper.table.c[name] for name in mapper.key_columns]
            rows = self._conn.execute(select(mapper.table).order_by(*order)).mappings()
            fields[mapper.field] = tuple(mapper.from_row(row) for row in rows)
        return Dataset(**fields)

    def list(self, field: str, where: dict[str, Any], limit: int | None = None) -> list[Any]:
        mapper = MAPPER_BY_FIELD[field]
        order = [mapper.table.c[name] for name in mapper.key_columns]
        conditions = [mapper.table.c[column] == value for column, value in where.items()]
        query = select(mapper.table).where(and_(True, *conditions)).order_by(*order).limit(limit)
        return [mapper.from_row(row) for row in self._conn.execute(query).mappings()]

    def count(self, field: str, where: dict[str, Any]) -> int:
        """How many rows of `field` match every COLUMN=VALUE of `where`."""
        mapper = MAPPER_BY_FIELD[field]
        conditions = [mapper.table.c[column] == value for column, value in where.items()]
        query = select(func.count()).select_from(mapper.table).where(and_(True, *conditions))
        return int(self._conn.execute(query).scalar_one())

    def counts(self) -> dict[str, int]:
        return {
            m.field: self._conn.execute(select(func.count()).select_from(m.table)).scalar_one()
            for m in MAPPERS
        }

    def existing_rows(self, mapper: Mapper, keys: Sequence[Key]) -> dict[Key, dict[str, Any]]:
        columns = [mapper.table.c[name] for name in mapper.key_columns]
        found: dict[Key, dict[str, Any]] = {}
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            query = select(mapper.table).where(tuple_(*columns).in_(chunk))
            for row in self._conn.execute(query).mappings():
                found[tuple(row[k] for k in mapper.key_columns)] = dict(row)
        return found

    def save(self, dataset: Dataset) -> dict[str, tuple[int, int]]:
        """Insert new records and update existing ones; returns (added, updated) per table."""
        result: dict[str, tuple[int, int]] = {}
        for mapper in MAPPERS:
            records = getattr(dataset, mapper.field)
            if records:
                result[mapper.field] = self._save_table(mapper, records)
        return result

    def _save_table(self, mapper: Mapper, records: Iterable[Any]) -> tuple[int, int]:
        """Rows identical to what is stored are left alone: an unchanged re-import writes and
        logs nothing."""
        rows = [mapper.to_row(r) for r in records]
        keys = [tuple(row[k] for k in mapper.key_columns) for row in rows]
        present = self.existing_rows(mapper, keys)
        new = [row for row, key in zip(rows, keys, strict=True) if key not in present]
        changed = [
            (row, key)
            for row, key in zip(rows, keys, strict=True)
            if key in present and row_digest(present[key]) != row_digest(row)
        ]
        for start in range(0, len(new), _CHUNK):
            self._conn.execute(insert(mapper.table), new[start : start + _CHUNK])
        for row, _ in changed:
            match = and_(*(mapper.table.c[k] == row[k] for k in mapper.key_columns))
            self._conn.execute(update(mapper.table).where(match).values(**row))
        name = mapper.table.name
        self._journal.extend(
            RowChange(name, tuple(row[k] for k in mapper.key_columns), Operation.INSERT, row)
            for row in new
        )
        self._journal.extend(RowChange(name, key, Operation.UPDATE, row) for row, key in changed)
        return len(new), len(changed)


class PlanRepository:
    """Plans are logged as their head row plus a digest of all their lines, so a line changed
    behind the log's back shows up as a changed plan."""

    def __init__(self, connection: Connection, journal: list[RowChange]) -> None:
        self._conn = connection
        self._journal = journal

    def add(self, plan: Plan, created_at: dt.datetime) -> int:
        quality = plan.quality or PlanQuality(False, float("inf"), 0.0, "unknown")
        plan_id: int = self._conn.execute(
            insert(t.plans).returning(t.plans.c.id),
            {
                "status": plan.status.value,
                "as_of": plan.as_of,
                "horizon_end": plan.horizon_end,
                "created_at": created_at,
                "proven_optimal": quality.proven_optimal,
                "gap": quality.gap,
                "solve_seconds": quality.solve_seconds,
                "method": quality.method,
                "notes": json.dumps(plan.notes, sort_keys=True),
            },
        ).scalar_one()
        self._insert_lines(plan_id, plan)
        self._journal.append(
            RowChange("plans", (plan_id,), Operation.INSERT, self.audit_row(plan_id))
        )
        return plan_id

    def audit_row(self, plan_id: int) -> dict[str, Any]:
        """The plan's head columns and `lines_digest`, as stored (what reconciliation sees)."""
        head = self._conn.execute(select(t.plans).where(t.plans.c.id == plan_id)).mappings().one()
        return dict(head) | {"lines_digest": self._lines_digest(plan_id)}

    def audit_rows(self) -> dict[int, dict[str, Any]]:
        ids = self._conn.execute(select(t.plans.c.id).order_by(t.plans.c.id)).scalars()
        return {plan_id: self.audit_row(plan_id) for plan_id in ids}

    def _lines_digest(self, plan_id: int) -> str:
        digests: list[str] = []
        for table in (t.plan_allocations, t.plan_shortfalls, t.plan_hub_values):
            query = select(table).where(table.c.plan_id == plan_id)
            order = [table.c[name] for name in (c.name for c in table.primary_key.columns)]
            rows = self._conn.execute(query.order_by(*order)).mappings()
            digests.extend(row_digest(row) for row in rows)
        return row_digest({"lines": ",".join(digests)})

    def _insert_lines(self, plan_id: int, plan: Plan) -> None:
        allocations = [
            {"plan_id": plan_id, "line": n, **_allocation_row(a)}
            for n, a in enumerate(plan.allocations, start=1)
        ]
        shortfalls = [
            {"plan_id": plan_id, "line": n, "requirement": s.requirement, "quantity": s.quantity}
            | {"reason": s.reason.value, "detail": s.detail}
            for n, s in enumerate(plan.shortfalls, start=1)
        ]
        hubs = [
            {"plan_id": plan_id, "hub": h.hub, "capacity_value": h.capacity_value}
            | {"utilisation": h.utilisation, "criterion": h.criterion}
            for h in plan.hub_values
        ]
        for table, rows in (
            (t.plan_allocations, allocations),
            (t.plan_shortfalls, shortfalls),
            (t.plan_hub_values, hubs),
        ):
            for start in range(0, len(rows), _CHUNK):
                self._conn.execute(insert(table), rows[start : start + _CHUNK])

    def get(self, plan_id: int) -> Plan | None:
        head = self._conn.execute(select(t.plans).where(t.plans.c.id == plan_id)).mappings().first()
        if head is None:
            return None
        return Plan(
            id=head["id"],
            status=PlanStatus(head["status"]),
            as_of=head["as_of"],
            horizon_end=head["horizon_end"],
            created_at=head["created_at"],
            quality=PlanQuality(
                head["proven_optimal"], head["gap"], head["solve_seconds"], head["method"]
            ),
            allocations=tuple(self._allocations(plan_id)),
            shortfalls=tuple(self._shortfalls(plan_id)),
            hub_values=tuple(self._hub_values(plan_id)),
            notes=json.loads(head["notes"]),
        )

    def _allocations(self, plan_id: int) -> Iterable[Allocation]:
        query = select(t.plan_allocations).where(t.plan_allocations.c.plan_id == plan_id)
        for row in self._conn.execute(query.order_by(t.plan_allocations.c.line)).mappings():
            yield Allocation(**{k: v for k, v in row.items() if k not in ("plan_id", "line")})

    def _shortfalls(self, plan_id: int) -> Iterable[Shortfall]:
        query = select(t.plan_shortfalls).where(t.plan_shortfalls.c.plan_id == plan_id)
        for row in self._conn.execute(query.order_by(t.plan_shortfalls.c.line)).mappings():
            yield Shortfall(
                row["requirement"], row["quantity"], ShortfallReason(row["reason"]), row["detail"]
            )

    def _hub_values(self, plan_id: int) -> Iterable[HubValue]:
        query = select(t.plan_hub_values).where(t.plan_hub_values.c.plan_id == plan_id)
        for row in self._conn.execute(query.order_by(t.plan_hub_values.c.hub)).mappings():
            yield HubValue(row["hub"], row["capacity_value"], row["utilisation"], row["criterion"])

    def heads(self) -> list[dict[str, Any]]:
        query = select(t.plans).order_by(t.plans.c.id)
        return [dict(row) for row in self._conn.execute(query).mappings()]

    def set_status(self, plan_id: int, status: PlanStatus) -> None:
        self._conn.execute(
            update(t.plans).where(t.plans.c.id == plan_id).values(status=status.value)
        )
        self._journal.append(
            RowChange("plans", (plan_id,), Operation.UPDATE, self.audit_row(plan_id))
        )

    def approved_id(self) -> int | None:
        query = select(t.plans.c.id).where(t.plans.c.status == PlanStatus.APPROVED.value)
        return self._conn.execute(query).scalar()


def _allocation_row(a: Allocation) -> dict[str, Any]:
    return {
        "pledge": a.pledge,
        "requirement": a.requirement,
        "hub": a.hub,
        "quantity": a.quantity,
        "dispatch_date": a.dispatch_date,
        "hub_in_date": a.hub_in_date,
        "hub_out_date": a.hub_out_date,
        "arrival_date": a.arrival_date,
        "days_late": a.days_late,
        "substituted": a.substituted,
    }
