"""Per allocation of the approved plan: on track, late, lost or delivered, and the variance.

An allocation may be spread over several plan lines with different dates, and over several
shipments. It is late when, on `as_of`, for any milestone (dispatch, hub in, hub out, arrival)
fewer units have passed it than the plan's lines had scheduled to pass it by that day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pledgeflow.domain.plans import Allocation, Plan
from pledgeflow.domain.shipments import ZERO, AllocationRef, EventKind, Shipment, Tally
from pledgeflow.service.deliveries import plan_quantity


class Track(StrEnum):
    ON_TRACK = "on_track"
    LATE = "late"
    LOST = "lost"
    DELIVERED = "delivered"


@dataclass(frozen=True)
class AllocationVariance:
    allocation: AllocationRef
    allocated: Decimal
    dispatched: Decimal
    delivered: Decimal
    written_off: Decimal
    planned_arrival: dt.date
    last_delivery: dt.date | None
    track: Track
    days_late: int
    """Delivered: last delivery − planned arrival; not yet: days past planned arrival."""

    @property
    def quantity_variance(self) -> Decimal:
        return self.delivered - self.allocated


_MILESTONES = (
    ("dispatch_date", "dispatched"),
    ("hub_in_date", "received"),
    ("hub_out_date", "departed"),
    ("arrival_date", "delivered"),
)


def _behind(lines: Sequence[Allocation], tally: Tally, as_of: dt.date) -> bool:
    for date_field, total_field in _MILESTONES:
        due = sum(
            (plan_quantity(a.quantity) for a in lines if getattr(a, date_field) <= as_of), ZERO
        )
        if getattr(tally, total_field) < due:
            return True
    return False


def track_allocations(
    plan: Plan, shipments: Sequence[Shipment], as_of: dt.date
) -> list[AllocationVariance]:
    lines: dict[AllocationRef, list[Allocation]] = defaultdict(list)
    for line in plan.allocations:
        lines[AllocationRef(plan.id, line.pledge, line.requirement, line.hub)].append(line)
    carried: dict[AllocationRef, list[Shipment]] = defaultdict(list)
    for shipment in shipments:
        carried[shipment.allocation].append(shipment)
    return [_variance(ref, group, carried[ref], as_of) for ref, group in lines.items()]


def _variance(
    ref: AllocationRef, lines: list[Allocation], shipments: list[Shipment], as_of: dt.date
) -> AllocationVariance:
    tallies = [s.tally(as_of) for s in shipments]
    tally = Tally(
        **{
            name: sum((getattr(t, name) for t in tallies), ZERO)
            for name in ("dispatched", "received", "departed", "delivered", "lost", "damaged")
        }
    )
    allocated = sum((plan_quantity(a.quantity) for a in lines), ZERO)
    arrival = max(a.arrival_date for a in lines)
    deliveries = [
        e.date
        for s in shipments
        for e in s.events
        if e.kind is EventKind.DELIVERED and e.date <= as_of
    ]
    last = max(deliveries, default=None)
    if tally.delivered >= allocated:
        track, late = Track.DELIVERED, (last - arrival).days if last else 0
    elif tally.written_off > 0:
        track, late = Track.LOST, max(0, (as_of - arrival).days)
    elif _behind(lines, tally, as_of):
        track, late = Track.LATE, max(0, (as_of - arrival).days)
    else:
        track, late = Track.ON_TRACK, 0
    return AllocationVariance(
        ref,
        allocated,
        tally.dispatched,
        tally.delivered,
        tally.written_off,
        arrival,
        last,
        track,
        late,
    )
