"""Reading a `shipment_events` sheet (a workbook sheet or CSV file) into shipment events.

The sheet is read with the interchange readers and checked field by field like every other
table, so the user gets every problem of the file at once; whether the events fit their
shipments is the service's check, made in the same all-or-nothing transaction that records them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from pledgeflow.adapters.importers.columns import TableSpec, header_index
from pledgeflow.adapters.importers.fields import QUANTITY, RowFields
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawTable
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent

SHIPMENT_EVENTS = TableSpec(
    name="shipment_events",
    columns=("event_id", "shipment", "allocation", "event", "date", "site", "quantity", "note"),
    required=frozenset({"event_id", "shipment", "event", "date", "quantity"}),
    key=("event_id",),
)


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event and the sheet row it came from, so later problems can name that row."""

    row: int
    event: ShipmentEvent


def read_shipment_events(
    tables: Mapping[str, RawTable],
) -> tuple[list[EventRow], list[ImportProblem]]:
    """The sheet's events in row order, and every problem; use the events only if none."""
    problems = [
        ImportProblem(name, None, None, table.source, "expected only a shipment_events table")
        for name, table in tables.items()
        if name != SHIPMENT_EVENTS.name
    ]
    table = tables.get(SHIPMENT_EVENTS.name)
    if table is None:
        problems.append(ImportProblem(SHIPMENT_EVENTS.name, None, None, None, "table is missing"))
        return [], problems
    index = header_index(SHIPMENT_EVENTS, table, problems)
    events: list[EventRow] = []
    seen: dict[str, int] = {}
    for row in table.rows:
        fields = RowFields(SHIPMENT_EVENTS.name, row, index, problems)
        event = fields.build(partial(_event, fields))
        event_id = fields.raw("event_id")
        first = seen.setdefault(event_id, row.number)
        if event_id and first != row.number:
            fields.problem("event_id", event_id, f"duplicate: same event_id as row {first}")
        if event is not None and not fields.failed:
            events.append(EventRow(row.number, event))
    return events, problems


def _event(fields: RowFields) -> ShipmentEvent:
    allocation = None
    text = fields.raw("allocation")
    if text:
        try:
            allocation = AllocationRef.parse(text)
        except DomainError as error:
            fields.problem("allocation", text, error.reason)
    return ShipmentEvent(
        id=fields.text("event_id"),
        shipment=fields.text("shipment"),
        kind=fields.enum("event", EventKind),
        date=fields.date("date"),
        quantity=fields.decimal("quantity", QUANTITY),
        site=fields.optional_text("site"),
        note=fields.optional_text("note"),
        allocation=allocation,
    )
