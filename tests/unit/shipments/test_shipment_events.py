"""The Shipment aggregate without a database: order, sites, quantities, closure, idempotency."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.shipments import (
    AllocationRef,
    EventKind,
    Shipment,
    ShipmentEvent,
    Stage,
)

REF = AllocationRef(1, "P-1", "R-1", "HUB")
DAY = dt.date(2026, 12, 1)


def event(
    event_id: str,
    kind: EventKind,
    quantity: str,
    days: int = 0,
    site: str | None = None,
) -> ShipmentEvent:
    allocation = REF if kind is EventKind.DISPATCHED else None
    return ShipmentEvent(
        event_id,
        "S-1",
        kind,
        DAY + dt.timedelta(days=days),
        Decimal(quantity),
        site,
        allocation=allocation,
    )


def shipment(*events: ShipmentEvent) -> Shipment:
    result = Shipment("S-1", REF, "DEPOT", "KYIV")
    for e in events:
        result = result.record(e)
    return result


def test_a_full_journey_is_delivered_and_closed() -> None:
    done = shipment(
        event("e1", EventKind.DISPATCHED, "10"),
        event("e2", EventKind.RECEIVED_AT_HUB, "10", 2),
        event("e3", EventKind.DEPARTED_HUB, "10", 3),
        event("e4", EventKind.DELIVERED, "10", 4, "KYIV"),
    )
    tally = done.tally()
    assert (tally.dispatched, tally.received, tally.departed, tally.delivered) == (10, 10, 10, 10)
    assert tally.moving == 0
    assert done.is_closed


def test_partial_receipts_leave_goods_in_two_stages() -> None:
    split = shipment(
        event("e1", EventKind.DISPATCHED, "10"),
        event("e2", EventKind.RECEIVED_AT_HUB, "4", 1),
    )
    tally = split.tally()
    assert tally.held(Stage.TO_HUB) == 6
    assert tally.held(Stage.AT_HUB) == 4
    assert not split.is_closed


def test_the_first_event_must_be_a_dispatch() -> None:
    with pytest.raises(DomainError, match=r"'S-1', event 'e1'.*first event must be 'dispatched'"):
        shipment(event("e1", EventKind.RECEIVED_AT_HUB, "1"))


def test_a_second_dispatch_is_refused() -> None:
    with pytest.raises(DomainError, match="already dispatched by event 'e1'"):
        shipment(event("e1", EventKind.DISPATCHED, "1"), event("e2", EventKind.DISPATCHED, "1"))


@pytest.mark.parametrize(
    ("kind", "before", "message"),
    [
        (EventKind.RECEIVED_AT_HUB, [], "exceeds the 5 on the way to the hub"),
        (
            EventKind.DEPARTED_HUB,
            [("r", EventKind.RECEIVED_AT_HUB, "3")],
            "exceeds the 3 at the hub",
        ),
        (
            EventKind.DELIVERED,
            [("r", EventKind.RECEIVED_AT_HUB, "5"), ("d", EventKind.DEPARTED_HUB, "2")],
            "exceeds the 2 on the way to the destination",
        ),
    ],
)
def test_no_stage_gives_more_than_it_holds(
    kind: EventKind, before: list[tuple[str, EventKind, str]], message: str
) -> None:
    start = shipment(event("e1", EventKind.DISPATCHED, "5"), *(event(*b) for b in before))
    with pytest.raises(DomainError, match=message) as raised:
        start.record(event("x", kind, "6"))
    assert raised.value.field == "quantity"
    assert raised.value.record == "shipment 'S-1', event 'x'"


def test_losses_reduce_what_can_be_delivered() -> None:
    moving = shipment(
        event("e1", EventKind.DISPATCHED, "10"),
        event("e2", EventKind.RECEIVED_AT_HUB, "10", 1),
        event("e3", EventKind.DEPARTED_HUB, "10", 2),
        event("e4", EventKind.LOST, "3", 3, "KYIV"),
    )
    with pytest.raises(DomainError, match="exceeds the 7"):
        moving.record(event("e5", EventKind.DELIVERED, "8", 4))
    done = moving.record(event("e5", EventKind.DELIVERED, "7", 4))
    assert done.is_closed
    assert done.tally().written_off == 3


def test_a_loss_without_site_needs_a_single_stage() -> None:
    split = shipment(
        event("e1", EventKind.DISPATCHED, "10"),
        event("e2", EventKind.RECEIVED_AT_HUB, "4", 1),
    )
    with pytest.raises(DomainError, match="name where it happened") as raised:
        split.record(event("e3", EventKind.DAMAGED, "1", 1))
    assert raised.value.field == "site"
    at_hub = split.record(event("e3", EventKind.DAMAGED, "1", 1, "HUB"))
    assert at_hub.tally().held(Stage.AT_HUB) == 3
    whole = shipment(event("e1", EventKind.DISPATCHED, "2")).record(
        event("e2", EventKind.LOST, "2")
    )
    assert whole.is_closed
    assert whole.tally().lost == 2


def test_nothing_follows_a_terminal_event() -> None:
    lost = shipment(event("e1", EventKind.DISPATCHED, "2"), event("e2", EventKind.LOST, "2", 1))
    with pytest.raises(DomainError, match="closed since event 'e2' \\(lost\\)"):
        lost.record(event("e3", EventKind.RECEIVED_AT_HUB, "1", 2))


def test_dates_never_go_back() -> None:
    start = shipment(event("e1", EventKind.DISPATCHED, "2", 5))
    with pytest.raises(DomainError, match="before the last event 'e1'") as raised:
        start.record(event("e2", EventKind.RECEIVED_AT_HUB, "1", 4))
    assert raised.value.field == "date"


def test_events_happen_at_their_sites() -> None:
    with pytest.raises(DomainError, match="dispatched happens at 'DEPOT'"):
        shipment(event("e1", EventKind.DISPATCHED, "2", site="HUB"))
    start = shipment(event("e1", EventKind.DISPATCHED, "2"))
    with pytest.raises(DomainError, match="'ELSEWHERE' is not on this shipment's route"):
        start.record(event("e2", EventKind.LOST, "1", site="ELSEWHERE"))


def test_the_same_event_twice_changes_nothing() -> None:
    start = shipment(event("e1", EventKind.DISPATCHED, "2"))
    again = start.record(event("e1", EventKind.DISPATCHED, "2"))
    assert again is start
    with pytest.raises(DomainError, match="already recorded with different content") as raised:
        start.record(event("e1", EventKind.DISPATCHED, "3"))
    assert raised.value.field == "id"


def test_tally_as_of_ignores_later_events() -> None:
    moving = shipment(
        event("e1", EventKind.DISPATCHED, "5"),
        event("e2", EventKind.RECEIVED_AT_HUB, "5", 3),
    )
    assert moving.tally(DAY + dt.timedelta(days=2)).held(Stage.TO_HUB) == 5
    assert moving.tally().held(Stage.AT_HUB) == 5


def test_allocation_references_round_trip_as_text() -> None:
    assert AllocationRef.parse(str(REF)) == REF
    unplanned = AllocationRef.parse("unplanned/P-1/R-1/HUB")
    assert unplanned.plan_id is None
    assert str(unplanned) == "unplanned/P-1/R-1/HUB"
    with pytest.raises(DomainError, match="plan/pledge/requirement/hub"):
        AllocationRef.parse("1/P-1/R-1")


def test_events_guard_their_own_fields() -> None:
    with pytest.raises(DomainError, match="quantity: must be greater than zero"):
        event("e1", EventKind.DISPATCHED, "0")
    with pytest.raises(DomainError, match="at most 3 decimal places"):
        event("e1", EventKind.DISPATCHED, "1.0005")
