"""Plausible shipment events for an approved plan, reproducible from a seed, for demos.

Each plan line becomes one shipment that follows the line's dates: dispatched, received at the
hub, departed, delivered. Most legs run on time; some slip a few days, a few slip more (the
slips add up along the way); a few shipments are lost on a lane, and some are damaged in part
at the hub. A slipped departure waits in its hub for a day with room, so the simulation never
sends more out of a hub than the capacity its plan respects. Only what has happened by
`as_of + days` is produced, so the rest is still in transit.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Allocation, Plan
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent
from pledgeflow.service.deliveries import plan_quantity
from pledgeflow.service.hub_throughput import capacity_on

NOTE = "simulated"
_KG_PER_T = Decimal(1000)
_SEARCH_DAYS = 366
_KINDS = (
    EventKind.DISPATCHED,
    EventKind.RECEIVED_AT_HUB,
    EventKind.DEPARTED_HUB,
    EventKind.DELIVERED,
)


@dataclass(frozen=True)
class Odds:
    """Chances per leg of a short (1–3 days) or long (4–10 days) slip; per shipment of being
    lost on a lane, and of part of it being damaged at the hub."""

    short_delay: float = 0.07
    long_delay: float = 0.02
    lost: float = 0.02
    damaged: float = 0.05


class HubSlots:
    """What each hub has already sent out on each simulated day, so that a slipped departure
    waits in the hub for a day with room rather than pushing the hub past its capacity
    (DESIGN §5: capacity limits the mass leaving a hub each day)."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.used: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
        self.capacity: dict[tuple[str, dt.date], Decimal] = {}

    def _capacity(self, hub: str, day: dt.date) -> Decimal:
        """A hub the dataset does not describe has no known limit."""
        if (hub, day) not in self.capacity:
            known = any(s.code == hub for s in self.dataset.sites)
            limit = capacity_on(self.dataset, hub, day) if known else Decimal("Infinity")
            self.capacity[(hub, day)] = limit
        return self.capacity[(hub, day)]

    def book(self, hub: str, wanted: dt.date, tonnes: Decimal) -> dt.date:
        """The first day from `wanted` with room for `tonnes` (within a year; a load no day
        can take leaves on `wanted`, the one case where the hub is really over capacity)."""
        for offset in range(_SEARCH_DAYS):
            day = wanted + dt.timedelta(days=offset)
            if self.used[(hub, day)] + tonnes <= self._capacity(hub, day):
                self.used[(hub, day)] += tonnes
                return day
        self.used[(hub, wanted)] += tonnes
        return wanted


def simulate_events(
    plan: Plan, dataset: Dataset, days: int = 30, seed: int = 0, odds: Odds | None = None
) -> list[ShipmentEvent]:
    """Events of the first `days` days after the plan's as-of date, ordered by date.

    `plan` is a stored, approved plan: its id names the allocations the dispatches carry, and
    recording the events (service.shipments.record_events) checks them against it. Slips move
    departures, but never past a hub's capacity: shipments leave in plan-line order, each on the
    first day from its slipped date that has room, and later legs slip with it.
    """
    rng = random.Random(seed)
    chances = odds or Odds()
    whole = {i.code: not i.divisible for i in dataset.items}
    unit_t = {i.code: i.unit_mass_kg / _KG_PER_T for i in dataset.items}
    item_of = {p.id: p.item for p in dataset.pledges} | {r.id: r.item for r in dataset.requirements}
    slots = HubSlots(dataset)
    end = plan.as_of + dt.timedelta(days=days)
    events: list[ShipmentEvent] = []
    for number, line in enumerate(plan.allocations, start=1):
        if plan_quantity(line.quantity, rounding=ROUND_DOWN) == 0:
            # A line below a thousandth of a unit (an LP's fractional dust) is nothing to ship.
            continue
        item = item_of.get(line.pledge, item_of.get(line.requirement, ""))
        load = _Load(whole.get(item, False), unit_t.get(item, Decimal(0)))
        journey = _journey(plan, number, line, (rng, chances, slots), load)
        events.extend(e for e in journey if e.date <= end)
    # A stable sort on the date alone keeps each shipment's events in their journey order.
    return sorted(events, key=lambda e: e.date)


@dataclass(frozen=True)
class _Load:
    whole: bool
    unit_t: Decimal


def _delay(rng: random.Random, odds: Odds) -> int:
    draw = rng.random()
    if draw < odds.long_delay:
        return rng.randint(4, 10)
    if draw < odds.long_delay + odds.short_delay:
        return rng.randint(1, 3)
    return 0


def _journey(
    plan: Plan,
    number: int,
    line: Allocation,
    chance: tuple[random.Random, Odds, HubSlots],
    load: _Load,
) -> list[ShipmentEvent]:
    rng, odds, slots = chance
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
    lost_leg = rng.randint(1, 3) if rng.random() < odds.lost else 0
    damaged = Decimal(0) if lost_leg else _damaged_part(quantity, rng, odds, load.whole)
    if lost_leg in (0, 3):
        leaves = slots.book(line.hub, dates[2], (quantity - damaged) * load.unit_t)
        wait = leaves - dates[2]
        dates[2:] = [d + wait for d in dates[2:]]

    def event(kind: EventKind, day: dt.date, amount: Decimal) -> ShipmentEvent:
        allocation = ref if kind is EventKind.DISPATCHED else None
        return ShipmentEvent(
            f"{shipment}-{kind}", shipment, kind, day, amount, None, NOTE, allocation
        )

    if lost_leg:
        moved = [event(k, d, quantity) for k, d in zip(_KINDS[:lost_leg], dates, strict=False)]
        return [*moved, event(EventKind.LOST, dates[lost_leg], quantity)]
    journey = [event(k, d, quantity) for k, d in zip(_KINDS[:3], dates[:3], strict=True)]
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
