"""The records the public tracker and the IATI export are computed from, read in one go.

The caller (service/) passes the row conditions the access rules give; nothing here decides
who sees what. Deliveries are read as sums per (pledge, day) of `delivered` events of
shipments whose pledge and requirement both pass the conditions, so a shipment that names a
hidden record adds nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, Connection, func, select

from pledgeflow.adapters import tables as t
from pledgeflow.adapters.rows import MAPPER_BY_FIELD
from pledgeflow.adapters.shipment_tables import shipment_events, shipments
from pledgeflow.adapters.training_tables import course_offers, courses
from pledgeflow.domain.contributions import Delivery, OfferSeats
from pledgeflow.domain.items import Item
from pledgeflow.domain.parties import Party
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.shipments import EventKind
from pledgeflow.domain.sites import Site


@dataclass(frozen=True, slots=True)
class Conditions:
    """Row conditions on pledges, requirements and course offers, from the access rules."""

    pledges: ColumnElement[bool]
    requirements: ColumnElement[bool]
    offers: ColumnElement[bool]


@dataclass(frozen=True, slots=True)
class TrackerRecords:
    parties: list[Party]
    items: dict[str, Item]
    sites: dict[str, Site]
    pledges: list[Pledge]
    deliveries: list[Delivery]
    offers: list[OfferSeats]
    log_size: int
    log_root: bytes


def read_tracker_records(connection: Connection, where: Conditions) -> TrackerRecords:
    """Everything in the caller's transaction, so the records and the log head agree."""
    parties = [
        MAPPER_BY_FIELD["parties"].from_row(r)
        for r in connection.execute(select(t.parties)).mappings()
    ]
    items = [
        MAPPER_BY_FIELD["items"].from_row(r) for r in connection.execute(select(t.items)).mappings()
    ]
    sites = [
        MAPPER_BY_FIELD["sites"].from_row(r) for r in connection.execute(select(t.sites)).mappings()
    ]
    query = select(t.pledges).where(where.pledges).order_by(t.pledges.c.id)
    pledges = [MAPPER_BY_FIELD["pledges"].from_row(r) for r in connection.execute(query).mappings()]
    head = connection.execute(select(t.audit_head.c.size, t.audit_head.c.root)).first()
    return TrackerRecords(
        parties=parties,
        items={i.code: i for i in items},
        sites={s.code: s for s in sites},
        pledges=pledges,
        deliveries=_deliveries(connection, where),
        offers=_offers(connection, where.offers),
        log_size=0 if head is None else int(head.size),
        log_root=b"" if head is None else bytes(head.root),
    )


def _deliveries(connection: Connection, where: Conditions) -> list[Delivery]:
    e = shipment_events.c
    query = (
        select(shipments.c.pledge, e.date, func.sum(e.quantity))
        .join(shipment_events, e.shipment == shipments.c.id)
        .join(t.pledges, t.pledges.c.id == shipments.c.pledge)
        .join(t.requirements, t.requirements.c.id == shipments.c.requirement)
        .where(e.kind == EventKind.DELIVERED.value, where.pledges, where.requirements)
        .group_by(shipments.c.pledge, e.date)
    )
    return [Delivery(p, d, Decimal(q)) for p, d, q in connection.execute(query)]


def _offers(connection: Connection, condition: ColumnElement[bool]) -> list[OfferSeats]:
    o = course_offers.c
    query = (
        select(
            o.id, o.trainer, o.course, o.seats, o.seats_taken, o.start_date, courses.c.duration_days
        )
        .join(courses, courses.c.code == o.course)
        .where(condition)
        .order_by(o.id)
    )
    return [
        OfferSeats(i, trainer, course, seats, taken, start, start + dt.timedelta(days=days - 1))
        for i, trainer, course, seats, taken, start, days in connection.execute(query)
    ]
