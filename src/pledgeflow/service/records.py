"""Reading and writing single business records on behalf of a principal.

Every query here goes through `access.row_filter`, so a record outside the caller's scope is
indistinguishable from one that does not exist. Writes go through the DatasetRepository (so
they are journalled and audited) after three checks: the caller may write inside its scope,
every referenced record exists and is visible to the caller, and on update the caller's
If-Match still names the stored version (the check and the write share one transaction).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, func, select

from pledgeflow.adapters.rows import MAPPER_BY_FIELD, MAPPERS
from pledgeflow.audit.log import row_digest
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.fund_purchases import purchase_refusals
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.shipments import AllocationRef, Shipment, ShipmentEvent
from pledgeflow.domain.sites import SiteKind
from pledgeflow.service import shipments
from pledgeflow.service.access import (
    TABLES,
    Principal,
    Resource,
    Role,
    may_write,
    row_filter,
    shipment_in_scope,
)
from pledgeflow.service.errors import NotFound, Rejected, ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork


class Forbidden(ServiceError):
    """The caller may see the record but not change it (outside its scope)."""


class StaleVersion(ServiceError):
    """If-Match names a version that is no longer the stored one; nothing was changed."""


class Conflict(ServiceError):
    """A record with this key already exists."""


def etag(resource: Resource, record: object) -> str:
    return '"' + row_digest(MAPPER_BY_FIELD[resource.value].to_row(record))[:32] + '"'


def _visible(principal: Principal, resource: Resource) -> Any:
    table = TABLES[resource]
    return select(table).where(row_filter(principal, resource, table))


def list_records(
    uow: UnitOfWork,
    principal: Principal,
    resource: Resource,
    filters: Mapping[str, object],
    page: tuple[int, int],
) -> tuple[list[Any], int]:
    """One page (limit, offset) of visible records in key order, and the total matching."""
    mapper = MAPPER_BY_FIELD[resource.value]
    table = mapper.table
    conditions = [table.c[name] == value for name, value in filters.items() if value is not None]
    query = _visible(principal, resource).where(and_(True, *conditions))
    order = [table.c[name] for name in mapper.key_columns]
    limit, offset = page
    with uow.reading():
        total = uow.connection.execute(
            select(func.count()).select_from(query.subquery())
        ).scalar_one()
        rows = uow.connection.execute(query.order_by(*order).limit(limit).offset(offset))
        return [mapper.from_row(row) for row in rows.mappings()], total


def fetch(
    uow: UnitOfWork,
    principal: Principal,
    resource: Resource,
    key: tuple[Any, ...],
    lock: bool = True,
) -> Any:
    """The visible record with `key` in the open unit of work, locked for update unless
    `lock` is off (a reading unit of work, read-only on PostgreSQL, may take no lock)."""
    mapper = MAPPER_BY_FIELD[resource.value]
    pairs = zip(mapper.key_columns, key, strict=True)
    match = [mapper.table.c[name] == value for name, value in pairs]
    query = _visible(principal, resource).where(*match)
    if lock:
        query = query.with_for_update()
    row = uow.connection.execute(query).mappings().first()
    if row is None:
        raise NotFound(f"{resource.value} {'/'.join(map(str, key))} does not exist")
    return mapper.from_row(row)


def get_record(
    uow: UnitOfWork, principal: Principal, resource: Resource, key: tuple[Any, ...]
) -> Any:
    with uow.reading():
        return fetch(uow, principal, resource, key, lock=False)


def _check_references(uow: UnitOfWork, principal: Principal, resource: Resource, row: Any) -> None:
    """Each foreign key must name a record the caller can see: a hidden one counts as absent."""
    problems = []
    for fk in TABLES[resource].foreign_keys:
        value = row[fk.parent.name]
        if value is None:
            continue
        parent = fk.column.table
        query = select(parent).where(fk.column == value)
        hidden = next((r for r, tb in TABLES.items() if tb is parent), None)
        if hidden is not None:
            query = query.where(row_filter(principal, hidden, parent))
        if uow.connection.execute(query).first() is None:
            problems.append(f"{fk.parent.name}: {parent.name} {value!r} does not exist")
    if problems:
        raise Rejected("the record refers to records that do not exist", problems)


def _write(uow: UnitOfWork, principal: Principal, resource: Resource, record: Any) -> None:
    if not may_write(principal, resource, record):
        raise Forbidden(f"this {resource.value} record is outside your scope")
    if isinstance(record, Pledge):
        _check_origin(uow, principal, record)
        _check_fund(uow, record)
    _check_references(uow, principal, resource, MAPPER_BY_FIELD[resource.value].to_row(record))
    uow.datasets.save(Dataset(**{resource.value: (record,)}))


def _check_origin(uow: UnitOfWork, principal: Principal, pledge: Pledge) -> None:
    """A donor liaison pledges from its own nation's depots: pointing a pledge at another
    nation's depot would commit that nation's stock. Coordinators may name any origin (stock
    a donor keeps abroad); an unknown origin is reported by the reference check."""
    if principal.role is not Role.DONOR_LIAISON:
        return
    found = uow.datasets.list("sites", {"code": pledge.origin})
    if found and (found[0].kind is not SiteKind.DEPOT or found[0].country != principal.party):
        raise Rejected(
            "invalid pledge",
            [f"origin: {pledge.origin!r} is not a depot of {principal.party}"],
        )


def _check_fund(uow: UnitOfWork, pledge: Pledge) -> None:
    """The use rules an import applies to pledges bought by a fund or facility
    (`fund_purchases.purchase_refusals`), here over the stored pledges with this one in its
    place; refused with the same text, naming the pledge and the reason (a purchase that
    tips the fund over its contributions is named as this pledge, never as another one)."""
    if pledge.fund is None:
        return
    stored = uow.datasets.load()
    pledges = {p.id: p for p in stored.pledges} | {pledge.id: pledge}
    bought = {p.id for p in pledges.values() if p.fund == pledge.fund}
    items = {item.code: item for item in stored.items}
    refusals = purchase_refusals(pledges.values(), items, uow.finance.load_finance())
    found = (f"{r.field}: pledge {pledge.id!r}: {r.reason}" for r in refusals if r.pledge in bought)
    problems = list(dict.fromkeys(found))
    if problems:
        raise Rejected("the pledge breaks the use rules of its fund", problems)


def create_record(uow: UnitOfWork, principal: Principal, resource: Resource, record: Any) -> None:
    mapper = MAPPER_BY_FIELD[resource.value]
    key = tuple(mapper.to_row(record)[name] for name in mapper.key_columns)
    with uow:
        if uow.datasets.existing_rows(mapper, [key]):
            raise Conflict(f"{resource.value} {'/'.join(map(str, key))} already exists")
        if isinstance(record, Pledge):
            record.check_new()
        _write(uow, principal, resource, record)
        uow.commit(f"create_{resource.value}")


def update_record(
    uow: UnitOfWork,
    principal: Principal,
    resource: Resource,
    key: tuple[Any, ...],
    change: tuple[str, Mapping[str, Any]],
) -> None:
    """Apply `change` = (If-Match, fields) to the stored record; a pledge's status moves
    through its lifecycle (`Pledge.moved_to`), never jumps."""
    if_match, fields = change
    with uow:
        current = fetch(uow, principal, resource, key)
        if not may_write(principal, resource, current):
            raise Forbidden(f"this {resource.value} record is outside your scope")
        if if_match != etag(resource, current):
            raise StaleVersion("the record changed since it was read (If-Match is stale)")
        values = dict(fields)
        if "status" in values and hasattr(current, "moved_to"):
            current = current.moved_to(values.pop("status"))
        _write(uow, principal, resource, dataclasses.replace(current, **values))
        uow.commit(f"update_{resource.value}")


def visible_dataset(uow: UnitOfWork, principal: Principal) -> Dataset:
    """Every record `principal` may see, through the same row filter as single reads."""
    fields: dict[str, tuple[Any, ...]] = {}
    with uow.reading():
        for mapper in MAPPERS:
            resource = next((r for r, tb in TABLES.items() if tb is mapper.table), None)
            query = select(mapper.table)
            if resource is not None:
                query = query.where(row_filter(principal, resource, mapper.table))
            order = [mapper.table.c[name] for name in mapper.key_columns]
            rows = uow.connection.execute(query.order_by(*order)).mappings()
            fields[mapper.field] = tuple(mapper.from_row(row) for row in rows)
    return Dataset(**fields)


def _seen(uow: UnitOfWork, principal: Principal, resource: Resource, key: str) -> bool:
    table = TABLES[resource]
    (column,) = table.primary_key.columns
    query = _visible(principal, resource).where(column == key)
    return uow.connection.execute(query).first() is not None


def _shipment_seen(uow: UnitOfWork, principal: Principal, ref: AllocationRef) -> bool:
    pledge_seen = _seen(uow, principal, Resource.PLEDGES, ref.pledge)
    need_seen = _seen(uow, principal, Resource.REQUIREMENTS, ref.requirement)
    return shipment_in_scope(principal, ref.hub, pledge_seen, need_seen)


def visible_shipments(uow: UnitOfWork, principal: Principal) -> list[Shipment]:
    """Shipments whose pledge and requirement pass the row filter (and, for a hub operator,
    that go through its hub)."""
    with uow.reading():
        found = uow.shipments.all()
        return [s for s in found if _shipment_seen(uow, principal, s.allocation)]


def get_shipment(uow: UnitOfWork, principal: Principal, shipment_id: str) -> Shipment:
    with uow.reading():
        return fetch_shipment(uow, principal, shipment_id)


def fetch_shipment(uow: UnitOfWork, principal: Principal, shipment_id: str) -> Shipment:
    shipment = uow.shipments.get(shipment_id)
    if shipment is None or not _shipment_seen(uow, principal, shipment.allocation):
        raise NotFound(f"shipment {shipment_id} does not exist")
    return shipment


def record_shipment_event(uow: UnitOfWork, principal: Principal, event: ShipmentEvent) -> None:
    """A hidden shipment is absent; a dispatch may only name records the caller sees, and a
    hub operator may only dispatch through its own hub."""
    with uow:
        existing = uow.shipments.get(event.shipment)
        if existing is not None:
            fetch_shipment(uow, principal, event.shipment)
        elif event.allocation is not None:
            ref = event.allocation
            if not shipment_in_scope(principal, ref.hub, True, True):
                raise Forbidden(f"hub {ref.hub} is outside your scope")
            if not _shipment_seen(uow, principal, ref):
                raise Rejected(
                    "the dispatch names records that do not exist",
                    [f"allocation: {ref} names a pledge or requirement that does not exist"],
                )
        shipments.record_in(uow, event)
        uow.commit(f"ship_{event.kind}")
