"""Shipments and the events that move them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from pledgeflow.api.schemas.fields import Input, Key, Note, PositiveQuantity
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent

_PART = r"[^/\x00-\x1f\x7f\s]{1,64}"
_ALLOCATION = rf"^([0-9]{{1,9}}|unplanned)/{_PART}/{_PART}/{_PART}$"


class ShipmentEventCreate(Input):
    id: Key
    kind: EventKind
    date: dt.date
    quantity: PositiveQuantity
    site: Key | None = None
    note: Note | None = None
    allocation: str | None = Field(
        default=None,
        pattern=_ALLOCATION,
        description="plan/pledge/requirement/hub, or unplanned/…; read on dispatch only",
    )

    def to_domain(self, shipment: str) -> ShipmentEvent:
        ref = None if self.allocation is None else AllocationRef.parse(self.allocation)
        return ShipmentEvent(
            self.id, shipment, self.kind, self.date, self.quantity, self.site, self.note, ref
        )


class ShipmentEventPublic(BaseModel):
    id: str
    kind: str
    date: dt.date
    quantity: str
    site: str | None
    note: str | None


class ShipmentPublic(BaseModel):
    id: str
    allocation: str
    origin: str
    hub: str
    destination: str
    dispatched: str
    delivered: str
    written_off: str
    events: list[ShipmentEventPublic]

    @classmethod
    def of(cls, s: Shipment) -> ShipmentPublic:
        tally = s.tally()
        return cls(
            id=s.id,
            allocation=str(s.allocation),
            origin=s.origin,
            hub=s.hub,
            destination=s.destination,
            dispatched=str(tally.dispatched),
            delivered=str(tally.delivered),
            written_off=str(tally.lost + tally.damaged),
            events=[
                ShipmentEventPublic(
                    id=e.id,
                    kind=e.kind.value,
                    date=e.date,
                    quantity=str(e.quantity),
                    site=e.site,
                    note=e.note,
                )
                for e in s.events
            ],
        )
