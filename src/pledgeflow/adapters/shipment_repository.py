"""Shipments and their events in the database, journalled for the audit log.

Like the other repositories it never commits. Events are only ever inserted (a shipment's
history is append-only), each as its own audit entry, so the log holds every event in the
order it was recorded.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Connection, insert, or_, select

from pledgeflow.adapters import tables as t
from pledgeflow.adapters.shipment_tables import shipment_events, shipments
from pledgeflow.audit.log import Operation, RowChange, RowKey, canonical_key, row_digest
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent


class ShipmentRepository:
    def __init__(self, connection: Connection, journal: list[RowChange]) -> None:
        self._conn = connection
        self._journal = journal

    def get(self, shipment_id: str) -> Shipment | None:
        found = self._load(shipments.c.id == shipment_id)
        return found[0] if found else None

    def related(self, pledge: str, requirement: str) -> list[Shipment]:
        """Every shipment of `pledge` or of `requirement`: what a dispatch is checked against."""
        return self._load(or_(shipments.c.pledge == pledge, shipments.c.requirement == requirement))

    def of_pledge(self, pledge: str) -> list[Shipment]:
        return self._load(shipments.c.pledge == pledge)

    def all(self) -> list[Shipment]:
        return self._load(None)

    def find_event(self, event_id: str) -> ShipmentEvent | None:
        query = select(shipment_events.c.shipment).where(shipment_events.c.id == event_id)
        shipment_id = self._conn.execute(query).scalar()
        if shipment_id is None:
            return None
        shipment = self.get(shipment_id)
        assert shipment is not None
        return shipment.find(event_id)

    def lock_shipment(self, shipment_id: str) -> None:
        """Hold the shipment's row until commit, so two events for it are checked one after
        the other (each against the other's effect) and numbered without a gap or a clash."""
        if self._conn.dialect.name == "postgresql":
            query = select(shipments.c.id).where(shipments.c.id == shipment_id)
            self._conn.execute(query.with_for_update())

    def lock(self, pledge: str, requirement: str) -> None:
        """Hold the pledge and requirement rows (in that fixed order, so two dispatches never
        deadlock) until commit: the dispatch limits are checked on totals nobody else can
        change meanwhile. SQLite's IMMEDIATE transaction already serialises writers."""
        if self._conn.dialect.name != "postgresql":
            return
        for table, key in ((t.pledges, pledge), (t.requirements, requirement)):
            self._conn.execute(select(table.c.id).where(table.c.id == key).with_for_update())

    def allocated(self, ref: AllocationRef) -> tuple[str, Decimal] | None:
        """The status of the referenced plan and the quantity its lines give `ref` (None when
        the plan does not exist); plan quantities are floats, kept to storage's 3 places."""
        assert ref.plan_id is not None
        status = self._conn.execute(
            select(t.plans.c.status).where(t.plans.c.id == ref.plan_id)
        ).scalar()
        if status is None:
            return None
        lines = t.plan_allocations.c
        query = select(lines.quantity).where(
            lines.plan_id == ref.plan_id,
            lines.pledge == ref.pledge,
            lines.requirement == ref.requirement,
            lines.hub == ref.hub,
        )
        total = sum(Decimal(repr(q)) for q in self._conn.execute(query).scalars())
        return status, Decimal(total).quantize(Decimal("0.001"))

    def add(self, shipment: Shipment) -> None:
        ref = shipment.allocation
        row = {
            "id": shipment.id,
            "plan_id": ref.plan_id,
            "pledge": ref.pledge,
            "requirement": ref.requirement,
            "hub": ref.hub,
        }
        self._conn.execute(insert(shipments), row)
        self._journal.append(RowChange("shipments", (shipment.id,), Operation.INSERT, row))

    def append(self, event: ShipmentEvent, seq: int) -> None:
        """Insert `event` as its shipment's `seq`-th event (1-based)."""
        row = {
            "id": event.id,
            "shipment": event.shipment,
            "seq": seq,
            "kind": event.kind.value,
            "date": event.date,
            "site": event.site,
            "quantity": event.quantity,
            "note": event.note,
        }
        self._conn.execute(insert(shipment_events), row)
        self._journal.append(RowChange("shipment_events", (event.id,), Operation.INSERT, row))

    def audit_digests(self) -> dict[RowKey, str]:
        """The digest of every stored shipment and event row, for reconciliation with the log."""
        actual: dict[RowKey, str] = {}
        for table in (shipments, shipment_events):
            for row in self._conn.execute(select(table)).mappings():
                actual[(table.name, canonical_key((row["id"],)))] = row_digest(dict(row))
        return actual

    def _load(self, where: ColumnElement[bool] | None) -> list[Shipment]:
        heads = (
            select(shipments, t.pledges.c.origin, t.requirements.c.destination)
            .join(t.pledges, t.pledges.c.id == shipments.c.pledge)
            .join(t.requirements, t.requirements.c.id == shipments.c.requirement)
            .order_by(shipments.c.id)
        )
        events_query = select(shipment_events).order_by(
            shipment_events.c.shipment, shipment_events.c.seq
        )
        if where is not None:
            heads = heads.where(where)
            ids = select(shipments.c.id).where(where)
            events_query = events_query.where(shipment_events.c.shipment.in_(ids))
        rows = list(self._conn.execute(heads).mappings())
        by_shipment: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for event_row in self._conn.execute(events_query).mappings():
            by_shipment[event_row["shipment"]].append(dict(event_row))
        return [_shipment(row, by_shipment[row["id"]]) for row in rows]


def _shipment(row: Any, event_rows: list[dict[str, Any]]) -> Shipment:
    ref = AllocationRef(row["plan_id"], row["pledge"], row["requirement"], row["hub"])
    events = tuple(
        ShipmentEvent(
            id=e["id"],
            shipment=e["shipment"],
            kind=EventKind(e["kind"]),
            date=e["date"],
            quantity=e["quantity"],
            site=e["site"],
            note=e["note"],
            allocation=ref if e["kind"] == EventKind.DISPATCHED else None,
        )
        for e in event_rows
    )
    return Shipment(row["id"], ref, row["origin"], row["destination"], events)
