"""Dispatch limits across shipments and the pledge status that follows, without a database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pledgeflow.domain.dispatches import (
    DispatchContext,
    advanced,
    check_dispatch,
    pledge_status_after,
)
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import AllocationRef, EventKind, Shipment, ShipmentEvent

DAY = dt.date(2026, 12, 1)
GEN = Item("GEN", "Generator", SupplyClass.VII, "each", Decimal(180), substitution_group="g")
GEN_BIG = Item(
    "GEN-B", "Big generator", SupplyClass.VII, "each", Decimal(400), substitution_group="g"
)
FUEL = Item("FUEL", "Diesel", SupplyClass.III, "l", Decimal("0.85"))
PLEDGE = Pledge("P-1", "DON", "GEN", Decimal(10), DAY, "DEPOT", PledgeStatus.ALLOCATED)
NEED = Requirement("R-1", "GEN", Decimal(6), 1, DAY, "KYIV")
PLANNED = AllocationRef(1, "P-1", "R-1", "HUB")
UNPLANNED = AllocationRef(None, "P-1", "R-1", "HUB")


def moved(shipment_id: str, ref: AllocationRef, *steps: tuple[EventKind, str]) -> Shipment:
    shipment = Shipment(shipment_id, ref, "DEPOT", "KYIV")
    for n, (kind, quantity) in enumerate(steps):
        allocation = ref if kind is EventKind.DISPATCHED else None
        event = ShipmentEvent(
            f"{shipment_id}-{n}", shipment_id, kind, DAY, Decimal(quantity), allocation=allocation
        )
        shipment = shipment.record(event)
    return shipment


def dispatch(quantity: str, ref: AllocationRef = PLANNED) -> ShipmentEvent:
    return ShipmentEvent("new", "S-9", EventKind.DISPATCHED, DAY, Decimal(quantity), allocation=ref)


def context(
    *others: Shipment,
    pledge: Pledge = PLEDGE,
    allocated: str | None = "5",
    item: Item = GEN,
) -> DispatchContext:
    return DispatchContext(
        pledge,
        NEED,
        item,
        GEN,
        others,
        None if allocated is None else Decimal(allocated),
    )


def test_a_dispatch_within_every_limit_passes() -> None:
    check_dispatch(dispatch("5"), PLANNED, context())


def test_the_allocation_caps_what_its_shipments_carry() -> None:
    earlier = moved("S-1", PLANNED, (EventKind.DISPATCHED, "3"))
    with pytest.raises(DomainError, match="exceeds the 2 of allocation 1/P-1/R-1/HUB") as raised:
        check_dispatch(dispatch("3"), PLANNED, context(earlier))
    assert raised.value.field == "allocation"


def test_lost_goods_still_count_against_the_pledge_but_not_the_requirement() -> None:
    lost = moved("S-1", UNPLANNED, (EventKind.DISPATCHED, "6"), (EventKind.LOST, "6"))
    check_dispatch(dispatch("4", UNPLANNED), UNPLANNED, context(lost, allocated=None))
    with pytest.raises(DomainError, match="exceeds the 4 of pledge 'P-1'") as raised:
        check_dispatch(dispatch("5", UNPLANNED), UNPLANNED, context(lost, allocated=None))
    assert raised.value.field == "quantity"


def test_the_requirement_is_never_overfilled() -> None:
    moving = moved("S-1", UNPLANNED, (EventKind.DISPATCHED, "5"))
    with pytest.raises(DomainError, match="exceeds the 1 requirement 'R-1' still lacks"):
        check_dispatch(dispatch("2", UNPLANNED), UNPLANNED, context(moving, allocated=None))


def test_unplanned_donations_respect_items_and_earmarks() -> None:
    fuel = Pledge("P-1", "DON", "FUEL", Decimal(10), DAY, "DEPOT", PledgeStatus.COMMITTED)
    with pytest.raises(DomainError, match="item 'FUEL' cannot serve requirement 'R-1'"):
        check_dispatch(
            dispatch("1", UNPLANNED), UNPLANNED, context(pledge=fuel, allocated=None, item=FUEL)
        )
    check_dispatch(dispatch("1", UNPLANNED), UNPLANNED, context(allocated=None, item=GEN_BIG))
    earmarked = Pledge("P-1", "DON", "GEN", Decimal(10), DAY, "DEPOT", earmark="R-2")
    earmarked = earmarked.moved_to(PledgeStatus.COMMITTED)
    with pytest.raises(DomainError, match="earmarked"):
        check_dispatch(
            dispatch("1", UNPLANNED), UNPLANNED, context(pledge=earmarked, allocated=None)
        )


@pytest.mark.parametrize("status", [PledgeStatus.ANNOUNCED, PledgeStatus.WITHDRAWN])
def test_only_firm_pledges_ship(status: PledgeStatus) -> None:
    pledge = Pledge("P-1", "DON", "GEN", Decimal(10), DAY, "DEPOT", status)
    with pytest.raises(DomainError, match=f"pledge 'P-1' is {status}"):
        check_dispatch(dispatch("1"), PLANNED, context(pledge=pledge))


def test_the_pledge_ships_when_all_of_it_left_and_is_delivered_when_all_arrived() -> None:
    part = moved("S-1", UNPLANNED, (EventKind.DISPATCHED, "4"))
    assert pledge_status_after(PLEDGE, [part]) is PledgeStatus.ALLOCATED
    rest = moved("S-2", UNPLANNED, (EventKind.DISPATCHED, "6"))
    assert pledge_status_after(PLEDGE, [part, rest]) is PledgeStatus.SHIPPED
    steps = (
        (EventKind.DISPATCHED, "10"),
        (EventKind.RECEIVED_AT_HUB, "10"),
        (EventKind.DEPARTED_HUB, "10"),
        (EventKind.DELIVERED, "10"),
    )
    assert pledge_status_after(PLEDGE, [moved("S-3", UNPLANNED, *steps)]) is PledgeStatus.DELIVERED


def test_advancing_passes_through_the_lifecycle() -> None:
    committed = PLEDGE.moved_to(PledgeStatus.COMMITTED)
    assert advanced(committed, PledgeStatus.SHIPPED).status is PledgeStatus.SHIPPED
    assert advanced(committed, PledgeStatus.DELIVERED).status is PledgeStatus.DELIVERED
    shipped = advanced(PLEDGE, PledgeStatus.SHIPPED)
    assert advanced(shipped, PledgeStatus.SHIPPED) is shipped
