"""What actually happened against what was planned: views derived from shipment events.

Every view here is a pure function of domain objects (pledges, requirements, the approved plan,
shipments); `in_transit` and `delivery_state` only load them. Quantities are in each item's own
unit; hub views are in tonnes, the common measure hub capacity is stated in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import ZERO, AllocationRef, Shipment, Stage
from pledgeflow.service.unit_of_work import UnitOfWork

_PLACES = Decimal("0.001")


def plan_quantity(value: float, rounding: str = ROUND_HALF_EVEN) -> Decimal:
    """A plan line's float quantity as the exact 3-place decimal shipments are counted in."""
    return Decimal(repr(value)).quantize(_PLACES, rounding=rounding)


@dataclass(frozen=True)
class PledgeProgress:
    pledge: str
    donor: str
    quantity: Decimal
    status: str
    dispatched: Decimal
    in_transit: Decimal
    delivered: Decimal
    written_off: Decimal

    @property
    def undispatched(self) -> Decimal:
        return self.quantity - self.dispatched


def pledge_progress(
    pledges: Iterable[Pledge], shipments: Sequence[Shipment], as_of: dt.date | None = None
) -> list[PledgeProgress]:
    by_pledge: dict[str, list[Shipment]] = defaultdict(list)
    for shipment in shipments:
        by_pledge[shipment.pledge].append(shipment)
    rows = []
    for pledge in pledges:
        tallies = [s.tally(as_of) for s in by_pledge[pledge.id]]
        rows.append(
            PledgeProgress(
                pledge.id,
                pledge.donor,
                pledge.quantity,
                pledge.status.value,
                sum((t.dispatched for t in tallies), ZERO),
                sum((t.moving for t in tallies), ZERO),
                sum((t.delivered for t in tallies), ZERO),
                sum((t.written_off for t in tallies), ZERO),
            )
        )
    return rows


@dataclass(frozen=True)
class Fulfilment:
    """A requirement's quantity split into delivered, moving, planned but not yet dispatched,
    and the gap that nothing covers (written-off goods count in none of them)."""

    requirement: str
    priority: int
    required: Decimal
    delivered: Decimal
    in_transit: Decimal
    planned: Decimal

    @property
    def gap(self) -> Decimal:
        return max(ZERO, self.required - self.delivered - self.in_transit - self.planned)


def planned_remaining(
    plan: Plan | None, shipments: Sequence[Shipment]
) -> dict[AllocationRef, Decimal]:
    """Per allocation of `plan`, what it allocates that no shipment has dispatched yet."""
    if plan is None:
        return {}
    allocated: dict[AllocationRef, Decimal] = defaultdict(Decimal)
    for line in plan.allocations:
        allocated[AllocationRef(plan.id, line.pledge, line.requirement, line.hub)] += plan_quantity(
            line.quantity
        )
    dispatched: dict[AllocationRef, Decimal] = defaultdict(Decimal)
    for shipment in shipments:
        dispatched[shipment.allocation] += shipment.tally().dispatched
    return {ref: max(ZERO, q - dispatched[ref]) for ref, q in allocated.items()}


def fulfilment(
    requirements: Iterable[Requirement],
    plan: Plan | None,
    shipments: Sequence[Shipment],
    as_of: dt.date | None = None,
) -> list[Fulfilment]:
    planned: dict[str, Decimal] = defaultdict(Decimal)
    for ref, remaining in planned_remaining(plan, shipments).items():
        planned[ref.requirement] += remaining
    delivered: dict[str, Decimal] = defaultdict(Decimal)
    moving: dict[str, Decimal] = defaultdict(Decimal)
    for shipment in shipments:
        tally = shipment.tally(as_of)
        delivered[shipment.requirement] += tally.delivered
        moving[shipment.requirement] += tally.moving
    return [
        Fulfilment(
            r.id,
            r.priority,
            r.quantity,
            delivered[r.id],
            moving[r.id],
            min(planned[r.id], max(ZERO, r.quantity - delivered[r.id] - moving[r.id])),
        )
        for r in requirements
    ]


@dataclass(frozen=True)
class InTransit:
    """Goods of one shipment in one stage: on the lane `from_site` → `to_site`, or (at_hub)
    in the hub, both sites being the hub; `since` is the last day goods entered the stage."""

    shipment: str
    pledge: str
    requirement: str
    item: str
    hub: str
    quantity: Decimal
    stage: Stage
    from_site: str
    to_site: str
    since: dt.date


def moving_goods(
    shipments: Iterable[Shipment], pledges: Iterable[Pledge], as_of: dt.date
) -> list[InTransit]:
    items = {p.id: p.item for p in pledges}
    rows = []
    for shipment in shipments:
        tally = shipment.tally(as_of)
        since: dict[Stage, dt.date] = {}
        for flow in shipment.flows():
            if flow.target is not None and flow.event.date <= as_of:
                since[flow.target] = flow.event.date
        for stage in Stage:
            held = tally.held(stage)
            if held > 0:
                ends = _stage_ends(shipment, stage)
                rows.append(
                    InTransit(
                        shipment.id,
                        shipment.pledge,
                        shipment.requirement,
                        items[shipment.pledge],
                        shipment.hub,
                        held,
                        stage,
                        *ends,
                        since[stage],
                    )
                )
    return rows


def _stage_ends(shipment: Shipment, stage: Stage) -> tuple[str, str]:
    if stage is Stage.TO_HUB:
        return shipment.origin, shipment.hub
    if stage is Stage.AT_HUB:
        return shipment.hub, shipment.hub
    return shipment.hub, shipment.destination


def in_transit(uow: UnitOfWork, as_of: dt.date) -> list[InTransit]:
    """Per shipment not yet delivered or lost, as of the end of day `as_of`: what still
    moves, where, and since when — the fixed supply in place a re-plan starts from."""
    with uow.reading():
        pledges = uow.datasets.load().pledges
        shipments = uow.shipments.all()
    return moving_goods(shipments, pledges, as_of)


@dataclass(frozen=True)
class DeliveryState:
    """Everything the delivery views are computed from, read in one transaction."""

    dataset: Dataset
    plan: Plan | None
    shipments: list[Shipment]


def delivery_state(uow: UnitOfWork) -> DeliveryState:
    with uow.reading():
        dataset = uow.datasets.load()
        plan_id = uow.plans.approved_id()
        plan = None if plan_id is None else uow.plans.get(plan_id)
        return DeliveryState(dataset, plan, uow.shipments.all())
