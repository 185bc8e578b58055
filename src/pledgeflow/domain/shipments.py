"""Shipments: quantity of one allocation (or an unplanned donation) on its way, and its events.

A shipment's state is never stored: it is folded from its events, so the events are the whole
record and nothing can contradict them. Goods sit in one of three stages — on the lane to the
hub, at the hub, on the lane to the destination — and every event moves quantity out of one
stage (into the next, or out of the pipeline). An event may only take what its stage holds,
which is what makes received ≤ dispatched, departed ≤ received and delivered ≤ departed (less
losses) hold by construction. A shipment is closed once it was dispatched and nothing moves
any more; no event may follow.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from pledgeflow.domain.errors import DomainError, require_places

ZERO = Decimal(0)
ID_LENGTH = 64


def quantity_text(value: Decimal) -> str:
    """A quantity as people write it: no exponent, no trailing zeros."""
    return format(value.normalize(), "f")


class EventKind(StrEnum):
    DISPATCHED = "dispatched"
    RECEIVED_AT_HUB = "received_at_hub"
    DEPARTED_HUB = "departed_hub"
    DELIVERED = "delivered"
    LOST = "lost"
    DAMAGED = "damaged"


WRITE_OFFS = frozenset({EventKind.LOST, EventKind.DAMAGED})
"""Lost and damaged goods leave the pipeline: they are written off and never count as delivered."""


class Stage(StrEnum):
    """Where moving goods are: on a lane towards the hub, in the hub, on a lane to the need."""

    TO_HUB = "to_hub"
    AT_HUB = "at_hub"
    TO_DESTINATION = "to_destination"


@dataclass(frozen=True, slots=True)
class AllocationRef:
    """What a shipment carries: a line of an approved plan, or (plan_id None) an unplanned
    donation of a pledge to a requirement through a hub. Written `3/P-1/R-1/HUB` or
    `unplanned/P-1/R-1/HUB`."""

    plan_id: int | None
    pledge: str
    requirement: str
    hub: str

    def __str__(self) -> str:
        plan = "unplanned" if self.plan_id is None else str(self.plan_id)
        return f"{plan}/{self.pledge}/{self.requirement}/{self.hub}"

    @classmethod
    def parse(cls, text: str) -> AllocationRef:
        parts = [part.strip() for part in text.split("/")]
        if len(parts) != 4 or not all(parts):
            raise DomainError(
                f"allocation {text!r}", "allocation", "write plan/pledge/requirement/hub"
            )
        plan, pledge, requirement, hub = parts
        if plan.lower() == "unplanned":
            return cls(None, pledge, requirement, hub)
        if not plan.isdigit():
            raise DomainError(
                f"allocation {text!r}", "allocation", "the plan is a number or 'unplanned'"
            )
        return cls(int(plan), pledge, requirement, hub)


@dataclass(frozen=True, slots=True)
class ShipmentEvent:
    """One thing that happened to a shipment. `site` may be left blank: it is then the site
    where the event's stage is. `allocation` is only read on dispatch (it opens the shipment);
    on any other event it must match the shipment's, if given."""

    id: str
    shipment: str
    kind: EventKind
    date: dt.date
    quantity: Decimal
    site: str | None = None
    note: str | None = None
    allocation: AllocationRef | None = None

    def __post_init__(self) -> None:
        record = f"shipment {self.shipment!r}, event {self.id!r}"
        if not self.id.strip():
            raise DomainError(record, "id", "must not be empty")
        for field in ("id", "shipment"):
            if len(getattr(self, field)) > ID_LENGTH:
                raise DomainError(record, field, f"at most {ID_LENGTH} characters")
        if not self.shipment.strip():
            raise DomainError(record, "shipment", "must not be empty")
        if self.quantity <= 0:
            raise DomainError(record, "quantity", "must be greater than zero")
        require_places(record, "quantity", self.quantity, 3)

    def same_content(self, other: ShipmentEvent) -> bool:
        """Whether `other` records the same fact; an allocation left blank matches any."""
        allocation_matches = (
            self.allocation is None
            or other.allocation is None
            or self.allocation == other.allocation
        )
        return allocation_matches and replace(self, allocation=None) == replace(
            other, allocation=None
        )


@dataclass(frozen=True, slots=True)
class Tally:
    """Totals of a shipment's events; the stage quantities follow from them."""

    dispatched: Decimal = ZERO
    received: Decimal = ZERO
    departed: Decimal = ZERO
    delivered: Decimal = ZERO
    lost: Decimal = ZERO
    damaged: Decimal = ZERO
    written_off_to_hub: Decimal = ZERO
    written_off_at_hub: Decimal = ZERO
    written_off_to_destination: Decimal = ZERO

    def held(self, stage: Stage) -> Decimal:
        if stage is Stage.TO_HUB:
            return self.dispatched - self.received - self.written_off_to_hub
        if stage is Stage.AT_HUB:
            return self.received - self.departed - self.written_off_at_hub
        return self.departed - self.delivered - self.written_off_to_destination

    @property
    def moving(self) -> Decimal:
        return sum((self.held(stage) for stage in Stage), ZERO)

    @property
    def written_off(self) -> Decimal:
        return self.lost + self.damaged

    @property
    def live(self) -> Decimal:
        """Delivered or still moving: what can still serve the requirement."""
        return self.delivered + self.moving


_TAKES_FROM = {
    EventKind.RECEIVED_AT_HUB: Stage.TO_HUB,
    EventKind.DEPARTED_HUB: Stage.AT_HUB,
    EventKind.DELIVERED: Stage.TO_DESTINATION,
}
_PUTS_INTO = {
    EventKind.DISPATCHED: Stage.TO_HUB,
    EventKind.RECEIVED_AT_HUB: Stage.AT_HUB,
    EventKind.DEPARTED_HUB: Stage.TO_DESTINATION,
}
_TOTAL_FIELD = {
    EventKind.DISPATCHED: "dispatched",
    EventKind.RECEIVED_AT_HUB: "received",
    EventKind.DEPARTED_HUB: "departed",
    EventKind.DELIVERED: "delivered",
    EventKind.LOST: "lost",
    EventKind.DAMAGED: "damaged",
}
_WRITE_OFF_FIELD = {
    Stage.TO_HUB: "written_off_to_hub",
    Stage.AT_HUB: "written_off_at_hub",
    Stage.TO_DESTINATION: "written_off_to_destination",
}


@dataclass(frozen=True, slots=True)
class Flow:
    """One event seen as quantity leaving `source` for `target` (None: outside the pipeline)."""

    event: ShipmentEvent
    source: Stage | None
    target: Stage | None


@dataclass(frozen=True, slots=True)
class Shipment:
    """The aggregate that guards every event rule; `record` returns the shipment with one more
    event, or the same shipment when the event was already recorded (idempotency)."""

    id: str
    allocation: AllocationRef
    origin: str
    destination: str
    events: tuple[ShipmentEvent, ...] = ()

    @property
    def hub(self) -> str:
        return self.allocation.hub

    @property
    def pledge(self) -> str:
        return self.allocation.pledge

    @property
    def requirement(self) -> str:
        return self.allocation.requirement

    def site_of(self, stage: Stage) -> str:
        """The site a stage is reported from: its lane's start, the hub, the destination."""
        return {Stage.TO_HUB: self.origin, Stage.AT_HUB: self.hub}.get(stage, self.destination)

    def tally(self, as_of: dt.date | None = None) -> Tally:
        """Totals of the events up to `as_of` (all of them when None)."""
        tally = Tally()
        for event in self.events:
            if as_of is not None and event.date > as_of:
                break
            tally = self._applied(tally, event)
        return tally

    def _applied(self, tally: Tally, event: ShipmentEvent) -> Tally:
        name = _TOTAL_FIELD[event.kind]
        changes = {name: getattr(tally, name) + event.quantity}
        if event.kind in WRITE_OFFS:
            field = _WRITE_OFF_FIELD[self._write_off_stage(tally, event)]
            changes[field] = getattr(tally, field) + event.quantity
        return replace(tally, **changes)

    def _write_off_stage(self, tally: Tally, event: ShipmentEvent) -> Stage:
        """A loss names its stage by its site (origin: the lane to the hub; hub: in the hub;
        destination: the lane to it); without a site it must be the one stage holding goods."""
        if event.site is not None:
            for stage in Stage:
                if self.site_of(stage) == event.site:
                    return stage
            raise self._error(event, "site", f"{event.site!r} is not on this shipment's route")
        holding = [stage for stage in Stage if tally.held(stage) > 0]
        if len(holding) != 1:
            where = (
                ", ".join(f"{s}: {quantity_text(tally.held(s))}" for s in holding)
                or "nothing moves"
            )
            raise self._error(event, "site", f"name where it happened ({where})")
        return holding[0]

    def flows(self) -> list[Flow]:
        """Each event as a move of its quantity from one stage to the next (None: outside)."""
        tally, moves = Tally(), []
        for event in self.events:
            if event.kind in WRITE_OFFS:
                source: Stage | None = self._write_off_stage(tally, event)
            else:
                source = _TAKES_FROM.get(event.kind)
            moves.append(Flow(event, source, _PUTS_INTO.get(event.kind)))
            tally = self._applied(tally, event)
        return moves

    def last_event(self) -> ShipmentEvent | None:
        return self.events[-1] if self.events else None

    @property
    def is_closed(self) -> bool:
        return bool(self.events) and self.tally().moving == 0

    def find(self, event_id: str) -> ShipmentEvent | None:
        return next((e for e in self.events if e.id == event_id), None)

    def record(self, event: ShipmentEvent) -> Shipment:
        if event.shipment != self.id:
            raise self._error(event, "shipment", f"the event belongs to {event.shipment!r}")
        existing = self.find(event.id)
        if existing is not None:
            if existing.same_content(event):
                return self
            raise self._error(event, "id", "already recorded with different content")
        if event.allocation is not None and event.allocation != self.allocation:
            raise self._error(
                event,
                "allocation",
                f"this shipment carries {self.allocation}, not {event.allocation}",
            )
        self._check_order(event)
        self._check_site(event)
        tally = self.tally()
        self._check_quantity(tally, event)
        return replace(self, events=(*self.events, event))

    def _check_order(self, event: ShipmentEvent) -> None:
        last = self.last_event()
        if last is None:
            if event.kind is not EventKind.DISPATCHED:
                raise self._error(event, "event", "the first event must be 'dispatched'")
            return
        if event.kind is EventKind.DISPATCHED:
            raise self._error(event, "event", f"already dispatched by event {self.events[0].id!r}")
        if self.is_closed:
            raise self._error(
                event, "event", f"the shipment is closed since event {last.id!r} ({last.kind})"
            )
        if event.date < last.date:
            raise self._error(
                event, "date", f"{event.date} is before the last event {last.id!r} ({last.date})"
            )

    def _check_site(self, event: ShipmentEvent) -> None:
        expected = {
            EventKind.DISPATCHED: self.origin,
            EventKind.RECEIVED_AT_HUB: self.hub,
            EventKind.DEPARTED_HUB: self.hub,
            EventKind.DELIVERED: self.destination,
        }.get(event.kind)
        if expected is not None and event.site is not None and event.site != expected:
            raise self._error(event, "site", f"{event.kind} happens at {expected!r}")

    def _check_quantity(self, tally: Tally, event: ShipmentEvent) -> None:
        if event.kind is EventKind.DISPATCHED:
            return
        stage = (
            self._write_off_stage(tally, event)
            if event.kind in WRITE_OFFS
            else _TAKES_FROM[event.kind]
        )
        held = tally.held(stage)
        if event.quantity > held:
            raise self._error(
                event,
                "quantity",
                f"{quantity_text(event.quantity)} exceeds the {quantity_text(held)} "
                f"{_STAGE_WORDS[stage]}",
            )

    def _error(self, event: ShipmentEvent, field: str, reason: str) -> DomainError:
        return DomainError(f"shipment {self.id!r}, event {event.id!r}", field, reason)


_STAGE_WORDS = {
    Stage.TO_HUB: "on the way to the hub",
    Stage.AT_HUB: "at the hub",
    Stage.TO_DESTINATION: "on the way to the destination",
}
