"""Plausible shipment events for an approved plan, reproducible from a seed, for demos.

Each plan line becomes one shipment that follows the line's dates: dispatched, received at the
hub, departed, delivered. Most legs run on time; some slip a few days, a few slip more (the
slips add up along the way); a few shipments are lost on a lane, and some are damaged in part at
the hub. Only what has happened by `as_of + days` is produced, so the rest is still in transit.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Allocation, Plan
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent
from pledgeflow.service.deliveries import plan_quantity

NOTE = "simulated"


@dataclass(frozen=True)
class Odds:
    """Chances per leg of a short (1–3 days) or long (4–10 days) slip; per shipment of being
    lost on a lane, and of part of it being damaged at the hub."""

    short_delay: float = 0.07
    long_delay: float = 0.02
    lost: float = 0.02
    damaged: float = 0.05


def simulate_events(
    plan: Plan, dataset: Dataset, days: int = 30, seed: int = 0, odds: Odds | None = None
) -> list[ShipmentEvent]:
    """Events of the first `days` days after the plan's as-of date, ordered by date.

    `plan` is a stored, approved plan: its id names the allocations the dispatches carry, and
    recording the events (service.shipments.record_events) checks them against it.
    """
    rng = random.Random(seed)
    chances = odds or Odds()
    whole = {i.code: not i.divisible for i in dataset.items}
    item_of = {p.id: p.item for p in dataset.pledges}
    end = plan.as_of + dt.timedelta(days=days)
    events: list[ShipmentEvent] = []
    for number, line in enumerate(plan.allocations, start=1):
        if plan_quantity(line.quantity, rounding=ROUND_DOWN) == 0:
            # A line below a thousandth of a unit (an LP's fractional dust) is nothing to ship.
            continue
        journey = _journey(
            plan, number, line, rng, chances, whole.get(item_of.get(line.pledge, ""), False)
        )
        events.extend(e for e in journey if e.date <= end)
    # A stable sort on the date alone keeps each shipment's events in their journey order.
    return sorted(events, key=lambda e: e.date)


def _delay(rng: random.Random, odds: Odds) -> int:
    draw = rng.random()
    if draw < odds.long_delay:
        return rng.randint(4, 10)
    if draw < odds.long_delay + odds.short_delay:
        return rng.randint(1, 3)
    return 0


def _journey(
    plan: Plan, number: int, line: Allocation, rng: random.Random, odds: Odds, whole: bool
) -> list[ShipmentEvent]:
    shipment = f"SIM-{plan.id}-{number}"
    # Rounded down: an allocation spread over several plan lines must not ship, line by line,
    # more than its total rounded to storage's 3 places.
    quantity = plan_quantity(line.quantity, rounding=ROUND_DOWN)
    ref = AllocationRef(plan.id, line.pledge, line.requirement, line.hub)
    slip = 0
    dates = []
    for planned in (line.dispatch_date, line.hub_in_date, line.hub_out_date, line.arrival_date):
        slip += _delay(rng, odds)
        dates.append(planned + dt.timedelta(days=slip))
    kinds = (
        EventKind.DISPATCHED,
        EventKind.RECEIVED_AT_HUB,
        EventKind.DEPARTED_HUB,
        EventKind.DELIVERED,
    )

    def event(kind: EventKind, day: dt.date, amount: Decimal) -> ShipmentEvent:
        allocation = ref if kind is EventKind.DISPATCHED else None
        return ShipmentEvent(
            f"{shipment}-{kind}", shipment, kind, day, amount, None, NOTE, allocation
        )

    if rng.random() < odds.lost:
        leg = rng.randint(1, 3)
        moved = [event(k, d, quantity) for k, d in zip(kinds[:leg], dates[:leg], strict=True)]
        return [*moved, event(EventKind.LOST, dates[leg], quantity)]
    journey = [event(k, d, quantity) for k, d in zip(kinds[:3], dates[:3], strict=True)]
    damaged = _damaged_part(quantity, rng, odds, whole)
    if damaged:
        journey.insert(2, event(EventKind.DAMAGED, dates[1], damaged))
        journey[3] = event(EventKind.DEPARTED_HUB, dates[2], quantity - damaged)
    return [*journey, event(EventKind.DELIVERED, dates[3], quantity - damaged)]


def _damaged_part(quantity: Decimal, rng: random.Random, odds: Odds, whole: bool) -> Decimal:
    """10–30 % of the quantity (whole units of an indivisible item), never all of it."""
    if rng.random() >= odds.damaged:
        return Decimal(0)
    share = Decimal(rng.randint(10, 30)) / 100
    step = Decimal(1) if whole else Decimal("0.001")
    part = (quantity * share).quantize(step, rounding=ROUND_DOWN)
    return part if 0 < part < quantity else Decimal(0)
