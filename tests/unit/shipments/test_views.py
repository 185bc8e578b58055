"""Delivery views as pure functions: fulfilment, hub stock and throughput, tracking, transit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.plans import Allocation, Plan
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent, Stage
from pledgeflow.domain.sites import HubCalendarEntry, Site, SiteKind
from pledgeflow.service.allocation_tracking import Track, track_allocations
from pledgeflow.service.deliveries import fulfilment, moving_goods, pledge_progress
from pledgeflow.service.hub_throughput import hub_days, hub_stock

DAY = dt.date(2026, 12, 1)
REF = AllocationRef(1, "P-1", "R-1", "HUB")


def day(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


DATASET = Dataset(
    items=(Item("BOX", "Box", SupplyClass.I, "box", Decimal(500)),),
    sites=(
        Site("DEPOT", "Depot", SiteKind.DEPOT, "POL"),
        Site("HUB", "Hub", SiteKind.HUB, "POL", Decimal(4)),
        Site("KYIV", "Kyiv", SiteKind.DELIVERY, "UKR"),
    ),
    hub_calendar=(HubCalendarEntry("HUB", day(3), day(3), Decimal(0)),),
    requirements=(Requirement("R-1", "BOX", Decimal(20), 2, day(10), "KYIV"),),
    pledges=(Pledge("P-1", "DON", "BOX", Decimal(30), DAY, "DEPOT", PledgeStatus.ALLOCATED),),
)
PLAN = Plan(
    DAY,
    day(180),
    (
        Allocation("P-1", "R-1", "HUB", 10.0, DAY, day(2), day(3), day(4), 0, False),
        Allocation("P-1", "R-1", "HUB", 6.0, day(1), day(3), day(4), day(5), 0, False),
    ),
    (),
    id=1,
)


def shipment(shipment_id: str, *steps: tuple[EventKind, str, int]) -> Shipment:
    result = Shipment(shipment_id, REF, "DEPOT", "KYIV")
    for n, (kind, quantity, offset) in enumerate(steps):
        allocation = REF if kind is EventKind.DISPATCHED else None
        event = ShipmentEvent(
            f"{shipment_id}-{n}",
            shipment_id,
            kind,
            day(offset),
            Decimal(quantity),
            allocation=allocation,
        )
        result = result.record(event)
    return result


ARRIVED = shipment(
    "S-1",
    (EventKind.DISPATCHED, "10", 0),
    (EventKind.RECEIVED_AT_HUB, "10", 2),
    (EventKind.DAMAGED, "2", 3),
    (EventKind.DEPARTED_HUB, "8", 3),
    (EventKind.DELIVERED, "8", 4),
)
MOVING = shipment("S-2", (EventKind.DISPATCHED, "3", 1), (EventKind.RECEIVED_AT_HUB, "3", 3))


def test_fulfilment_splits_each_requirement() -> None:
    [need] = fulfilment(DATASET.requirements, PLAN, [ARRIVED, MOVING])
    assert (need.delivered, need.in_transit, need.planned, need.gap) == (8, 3, 3, 6)


def test_fulfilment_as_of_a_day_ignores_later_events() -> None:
    [need] = fulfilment(DATASET.requirements, PLAN, [ARRIVED, MOVING], as_of=day(2))
    assert (need.delivered, need.in_transit) == (0, 13)


def test_pledge_progress_counts_each_outcome() -> None:
    [progress] = pledge_progress(DATASET.pledges, [ARRIVED, MOVING])
    assert (progress.dispatched, progress.in_transit, progress.delivered) == (13, 3, 8)
    assert (progress.written_off, progress.undispatched) == (2, 17)


def test_hub_days_follow_stock_and_capacity() -> None:
    rows = hub_days([ARRIVED, MOVING], DATASET, day(2), day(4))
    stock = [row.stock_t for row in rows]
    assert stock == [Decimal(5), Decimal("1.5"), Decimal("1.5")]
    closed = rows[1]
    assert (closed.departed_t, closed.written_off_t, closed.capacity_t) == (4, 1, 0)
    assert closed.over_capacity
    assert closed.utilisation is None
    assert rows[2].utilisation == 0
    assert hub_stock([ARRIVED, MOVING], DATASET, day(5)) == {"HUB": Decimal("1.5")}


def test_tracking_names_delivered_lost_late_and_on_track() -> None:
    [track] = track_allocations(PLAN, [ARRIVED, MOVING], day(4))
    assert track.track is Track.LOST  # 2 damaged, 16 allocated, 8 delivered
    assert track.quantity_variance == -8
    on_time = shipment("S-3", (EventKind.DISPATCHED, "16", 0))
    assert track_allocations(PLAN, [on_time], day(1))[0].track is Track.ON_TRACK
    [late] = track_allocations(PLAN, [on_time], day(2))
    assert late.track is Track.LATE  # nothing received by the first line's hub-in day
    done = shipment(
        "S-4",
        (EventKind.DISPATCHED, "16", 0),
        (EventKind.RECEIVED_AT_HUB, "16", 2),
        (EventKind.DEPARTED_HUB, "16", 3),
        (EventKind.DELIVERED, "16", 7),
    )
    [delivered] = track_allocations(PLAN, [done], day(9))
    assert (delivered.track, delivered.days_late, delivered.last_delivery) == (
        Track.DELIVERED,
        2,
        day(7),
    )


def test_moving_goods_say_where_and_since_when() -> None:
    split = shipment(
        "S-5",
        (EventKind.DISPATCHED, "10", 0),
        (EventKind.RECEIVED_AT_HUB, "4", 2),
        (EventKind.DEPARTED_HUB, "1", 3),
    )
    rows = moving_goods([split, ARRIVED], DATASET.pledges, day(3))
    assert [(r.stage, r.quantity, r.from_site, r.to_site, r.since) for r in rows] == [
        (Stage.TO_HUB, 6, "DEPOT", "HUB", DAY),
        (Stage.AT_HUB, 3, "HUB", "HUB", day(2)),
        (Stage.TO_DESTINATION, 1, "HUB", "KYIV", day(3)),
        (Stage.TO_DESTINATION, 8, "HUB", "KYIV", day(3)),
    ]
    assert moving_goods([ARRIVED], DATASET.pledges, day(4)) == []
