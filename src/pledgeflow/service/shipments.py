"""Recording shipment events: one event, or a whole sheet of them all or nothing.

A dispatch opens its shipment and is checked against the approved plan's allocation (or, for an
unplanned donation, the pledge and the requirement directly) with the pledge and requirement
rows locked. Every event then goes through the Shipment aggregate, which guards the order,
sites and quantities; the same event id recorded again with the same content changes nothing.
The pledge follows its shipments: shipped once all of it left, delivered once all arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pledgeflow.adapters.importers import ImportProblem, UnreadableFile, read_tables
from pledgeflow.adapters.importers.shipment_events import read_shipment_events
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.dispatches import (
    DispatchContext,
    advanced,
    check_dispatch,
    pledge_status_after,
)
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.plans import PlanStatus
from pledgeflow.domain.shipments import EventKind, Shipment, ShipmentEvent
from pledgeflow.service.errors import NotFound, Rejected, ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Recorded:
    """The shipment after the event; `new` is False when the event was already recorded."""

    shipment: Shipment
    event: ShipmentEvent
    new: bool


def record_event(uow: UnitOfWork, event: ShipmentEvent) -> Recorded:
    with uow:
        outcome = record_in(uow, event)
        uow.commit(f"ship_{event.kind}")
    return outcome


def record_events(uow: UnitOfWork, events: Sequence[ShipmentEvent]) -> list[Recorded]:
    """Record `events` in order, all or none; every failing event is named in the rejection."""
    problems: list[str] = []
    outcomes: list[Recorded] = []
    with uow:
        for event in events:
            try:
                outcomes.append(record_in(uow, event))
            except (DomainError, NotFound) as error:
                problems.append(str(error))
        if problems:
            raise Rejected(f"{len(problems)} event(s) refused; nothing was recorded", problems)
        uow.commit("ship_events")
    return outcomes


def import_events(uow: UnitOfWork, path: Path) -> list[Recorded]:
    """Record a `shipment_events` sheet all or nothing; every problem names its row."""
    try:
        rows, problems = read_shipment_events(read_tables(path))
    except (UnreadableFile, FileNotFoundError) as error:
        raise ServiceError(str(error)) from error
    if problems:
        raise Rejected(f"{path}: {len(problems)} problem(s) found; nothing was recorded", problems)
    outcomes: list[Recorded] = []
    with uow:
        for row in rows:
            try:
                outcomes.append(record_in(uow, row.event))
            except DomainError as error:
                value = str(getattr(row.event, error.field, "") or "")
                problems.append(
                    ImportProblem("shipment_events", row.row, error.field, value, error.reason)
                )
            except NotFound as error:
                problems.append(
                    ImportProblem(
                        "shipment_events", row.row, "shipment", row.event.shipment, str(error)
                    )
                )
        if problems:
            raise Rejected(
                f"{path}: {len(problems)} problem(s) found; nothing was recorded", problems
            )
        uow.commit("import_shipment_events")
    return outcomes


def record_in(uow: UnitOfWork, event: ShipmentEvent) -> Recorded:
    """Record one event inside an open unit of work (the caller commits)."""
    earlier = uow.shipments.find_event(event.id)
    if earlier is not None and earlier.shipment != event.shipment:
        raise DomainError(
            f"shipment {event.shipment!r}, event {event.id!r}",
            "id",
            f"already used by shipment {earlier.shipment!r}",
        )
    uow.shipments.lock_shipment(event.shipment)
    shipment = uow.shipments.get(event.shipment)
    if shipment is None:
        return Recorded(_dispatch(uow, event), event, True)
    recorded = shipment.record(event)
    if recorded is shipment:
        return Recorded(shipment, event, False)
    uow.shipments.append(event, len(recorded.events))
    if event.kind is EventKind.DELIVERED:
        _follow_pledge(uow, recorded)
    return Recorded(recorded, event, True)


def _dispatch(uow: UnitOfWork, event: ShipmentEvent) -> Shipment:
    where = f"shipment {event.shipment!r}, event {event.id!r}"
    if event.kind is not EventKind.DISPATCHED:
        raise NotFound(f"{where}: shipment {event.shipment!r} does not exist: dispatch it first")
    ref = event.allocation
    if ref is None:
        raise DomainError(where, "allocation", "a dispatch names what it carries")
    uow.shipments.lock(ref.pledge, ref.requirement)
    pledge = _one(uow, "pledges", "id", ref.pledge, where, "pledge")
    requirement = _one(uow, "requirements", "id", ref.requirement, where, "requirement")
    hub = _one(uow, "sites", "code", ref.hub, where, "hub")
    if not hub.is_hub:
        raise DomainError(where, "hub", f"site {ref.hub!r} is not a hub")
    allocated = None
    if ref.plan_id is not None:
        found = uow.shipments.allocated(ref)
        if found is None or found[0] != PlanStatus.APPROVED.value:
            state = "does not exist" if found is None else f"is {found[0]}"
            raise DomainError(where, "allocation", f"plan {ref.plan_id} {state}, not approved")
        if found[1] == 0:
            raise DomainError(where, "allocation", f"plan {ref.plan_id} has no line {ref}")
        allocated = found[1]
    shipment = Shipment(event.shipment, ref, pledge.origin, requirement.destination)
    recorded = shipment.record(event)
    context = DispatchContext(
        pledge=pledge,
        requirement=requirement,
        pledge_item=_one(uow, "items", "code", pledge.item, where, "item"),
        requirement_item=_one(uow, "items", "code", requirement.item, where, "item"),
        others=tuple(uow.shipments.related(ref.pledge, ref.requirement)),
        allocated=allocated,
    )
    check_dispatch(event, ref, context)
    uow.shipments.add(shipment)
    uow.shipments.append(event, 1)
    _follow_pledge(uow, recorded)
    return recorded


def _one(uow: UnitOfWork, field: str, column: str, key: str, where: str, name: str) -> Any:
    found = uow.datasets.list(field, {column: key}, limit=1)
    if not found:
        raise DomainError(where, name, f"{key!r} does not exist")
    return found[0]


def _follow_pledge(uow: UnitOfWork, shipment: Shipment) -> None:
    """Only a dispatch or a delivery can change the pledge's status: it depends on nothing
    but the pledge's dispatched and delivered totals."""
    pledge = uow.datasets.list("pledges", {"id": shipment.pledge}, limit=1)[0]
    status = pledge_status_after(pledge, uow.shipments.of_pledge(pledge.id))
    if status is not pledge.status:
        uow.datasets.save(Dataset(pledges=(advanced(pledge, status),)))


def get_shipment(uow: UnitOfWork, shipment_id: str) -> Shipment:
    with uow.reading():
        shipment = uow.shipments.get(shipment_id)
    if shipment is None:
        raise NotFound(f"shipment {shipment_id!r} does not exist")
    return shipment


def list_shipments(uow: UnitOfWork) -> list[Shipment]:
    with uow.reading():
        return uow.shipments.all()
