"""Re-planning inputs: what has left its origin is not re-allocated; losses come back as need."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.integration.test_storage import small_dataset

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.replanning import replanning_inputs, stock_site
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent

D = dt.date(2026, 12, 1)


def shipment(*events: tuple[EventKind, int, str]) -> Shipment:
    """Shipment S of P-1 to R-1 via HUB-RZE with events (kind, quantity, day offset)."""
    s = Shipment("S", AllocationRef(1, "P-1", "R-1", "HUB-RZE"), "DEP-POL", "DLV-KYIV")
    for n, (kind, quantity, day) in enumerate(events):
        s = s.record(
            ShipmentEvent(
                f"e{n}",
                "S",
                kind,
                D + dt.timedelta(days=int(day)),
                Decimal(quantity),
                allocation=s.allocation if n == 0 else None,
            )
        )
    return s


def inputs(s: Shipment, as_of: dt.date) -> Dataset:
    return replanning_inputs(small_dataset(), [s], as_of).dataset


def test_dispatched_units_leave_the_pledge_and_meet_the_need() -> None:
    data = inputs(shipment((EventKind.DISPATCHED, 4, "0")), D)
    assert data.pledges[0].quantity == Decimal(6)
    assert data.requirements[0].quantity == Decimal(8)


def test_goods_due_out_of_a_hub_reserve_its_capacity_that_day() -> None:
    data = inputs(shipment((EventKind.DISPATCHED, 4, "0")), D)
    due = D + dt.timedelta(days=2 + 1)  # lane DEP-POL → HUB-RZE, then one handling day
    reserved = [e for e in data.hub_calendar if e.from_date == due]
    assert len(reserved) == 1
    assert reserved[0].capacity_t_per_day == Decimal("850.125") - Decimal("0.722")


def test_stock_in_a_hub_becomes_re_routable_supply() -> None:
    s = shipment((EventKind.DISPATCHED, 4, "0"), (EventKind.RECEIVED_AT_HUB, 4, "2"))
    result = replanning_inputs(small_dataset(), [s], D + dt.timedelta(days=3))
    data = result.dataset
    stock = [p for p in data.pledges if p.id == "stock:S"]
    assert result.stock == {"stock:S": "S"}
    assert stock[0].quantity == Decimal(4)
    assert stock[0].origin == stock_site("HUB-RZE")
    assert data.requirements[0].quantity == Decimal(12)  # stock is not promised to R-1 any more
    assert any(lane.from_site == stock_site("HUB-RZE") for lane in data.lanes)


def test_lost_goods_turn_back_into_need() -> None:
    s = shipment(
        (EventKind.DISPATCHED, 4, "0"),
        (EventKind.RECEIVED_AT_HUB, 4, "2"),
        (EventKind.DEPARTED_HUB, 4, "3"),
        (EventKind.LOST, 4, "4"),
    )
    data = inputs(s, D + dt.timedelta(days=5))
    assert data.requirements[0].quantity == Decimal(12)
    assert data.pledges[0].quantity == Decimal(6)


def test_a_delivered_requirement_leaves_the_plan() -> None:
    s = shipment(
        (EventKind.DISPATCHED, 10, "0"),
        (EventKind.RECEIVED_AT_HUB, 10, "2"),
        (EventKind.DEPARTED_HUB, 10, "3"),
        (EventKind.DELIVERED, 10, "4"),
    )
    data = inputs(s, D + dt.timedelta(days=5))
    assert [r.quantity for r in data.requirements] == [Decimal(2)]
    assert data.pledges == ()  # all ten dispatched
