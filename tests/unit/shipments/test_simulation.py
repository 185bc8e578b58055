"""Simulated events: reproducible, valid for every shipment, mostly on time, some late or lost."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from pledgeflow.demo.deliveries import simulate_events
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.plans import Allocation, Plan, PlanStatus
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.shipments import EventKind, Shipment, ShipmentEvent

AS_OF = dt.date(2026, 12, 1)


def plan_and_dataset(lines: int) -> tuple[Plan, Dataset]:
    allocations = []
    for n in range(lines):
        start = AS_OF + dt.timedelta(days=n % 10)
        days = [start + dt.timedelta(days=k) for k in (0, 2, 3, 5)]
        allocations.append(Allocation(f"P-{n}", "R-1", "HUB", 6.0, *days, 0, False))
    plan = Plan(
        AS_OF,
        AS_OF + dt.timedelta(days=180),
        tuple(allocations),
        (),
        status=PlanStatus.APPROVED,
        id=7,
    )
    dataset = Dataset(
        items=(Item("GEN", "Generator", SupplyClass.VII, "each", Decimal(180), divisible=False),),
        pledges=tuple(
            Pledge(f"P-{n}", "DON", "GEN", Decimal(6), AS_OF, "DEPOT", PledgeStatus.ALLOCATED)
            for n in range(lines)
        ),
    )
    return plan, dataset


def journeys(events: list[ShipmentEvent]) -> dict[str, Shipment]:
    """Every simulated shipment rebuilt through the aggregate, which refuses any broken rule."""
    shipments: dict[str, Shipment] = {}
    for event in events:
        if event.shipment not in shipments:
            assert event.kind is EventKind.DISPATCHED
            assert event.allocation is not None
            shipments[event.shipment] = Shipment(event.shipment, event.allocation, "DEPOT", "DLV")
        shipments[event.shipment] = shipments[event.shipment].record(event)
    return shipments


def test_the_same_seed_gives_the_same_events() -> None:
    plan, dataset = plan_and_dataset(50)
    assert simulate_events(plan, dataset, seed=3) == simulate_events(plan, dataset, seed=3)
    assert simulate_events(plan, dataset, seed=3) != simulate_events(plan, dataset, seed=4)


def test_a_month_of_events_is_valid_and_plausible() -> None:
    plan, dataset = plan_and_dataset(400)
    events = simulate_events(plan, dataset, days=60, seed=11)
    shipments = journeys(events)
    assert len(shipments) == 400
    arrival = {f"SIM-7-{n}": a.arrival_date for n, a in enumerate(plan.allocations, start=1)}
    outcome: dict[str, int] = defaultdict(int)
    for shipment in shipments.values():
        tally = shipment.tally()
        assert shipment.is_closed
        last = shipment.events[-1]
        if tally.lost:
            outcome["lost"] += 1
        elif last.date > arrival[shipment.id]:
            outcome["late"] += 1
        else:
            outcome["on time"] += 1
        if tally.damaged:
            outcome["damaged"] += 1
            assert tally.damaged == tally.damaged.to_integral_value()  # whole generators
    assert outcome["on time"] > 200
    assert 20 < outcome["late"] < 200
    assert 0 < outcome["lost"] < 30
    assert 0 < outcome["damaged"] < 50


def test_only_what_happened_by_the_end_is_produced() -> None:
    plan, dataset = plan_and_dataset(30)
    events = simulate_events(plan, dataset, days=4, seed=1)
    assert all(e.date <= AS_OF + dt.timedelta(days=4) for e in events)
    open_ones = [s for s in journeys(events).values() if not s.is_closed]
    assert open_ones


def test_a_line_below_a_thousandth_of_a_unit_is_not_shipped() -> None:
    plan, dataset = plan_and_dataset(3)
    dust = dataclasses.replace(plan.allocations[1], quantity=0.0004)
    plan = dataclasses.replace(plan, allocations=(plan.allocations[0], dust, plan.allocations[2]))
    events = simulate_events(plan, dataset, days=30, seed=1)
    shipped = {e.allocation.pledge for e in events if e.allocation is not None}
    assert shipped == {"P-0", "P-2"}
    assert all(e.quantity > 0 for e in events)
    journeys(events)
