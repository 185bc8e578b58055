"""Recording shipment events against real SQLite and PostgreSQL: limits, idempotency, pledge
status, all-or-nothing sheets, the audit log, and the views read back from storage."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from decimal import Decimal

import pytest
import sqlalchemy as sa
from tests.integration.test_storage import small_dataset

from pledgeflow.bootstrap import Container
from pledgeflow.demo.deliveries import simulate_events
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.plans import Allocation, Plan
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent, Stage
from pledgeflow.service import audit, plans
from pledgeflow.service.allocation_tracking import Track, track_allocations
from pledgeflow.service.deliveries import delivery_state, fulfilment, in_transit, pledge_progress
from pledgeflow.service.errors import NotFound, Rejected
from pledgeflow.service.hub_throughput import hub_days
from pledgeflow.service.shipments import get_shipment, record_event, record_events

DAY = dt.date(2026, 11, 25)


def allocation(quantity: float, dispatch: int = 0) -> Allocation:
    start = DAY + dt.timedelta(days=dispatch)
    return Allocation(
        "P-1",
        "R-1",
        "HUB-RZE",
        quantity,
        start,
        start + dt.timedelta(days=2),
        start + dt.timedelta(days=3),
        start + dt.timedelta(days=4),
        0,
        False,
    )


def seed(container: Container, quantity: float = 8.0) -> int:
    """The small dataset and an approved plan sending `quantity` of P-1 to R-1 via HUB-RZE."""
    with container.uow() as uow:
        uow.datasets.save(small_dataset())
        plan_id = uow.plans.add(
            Plan(DAY, DAY + dt.timedelta(days=180), (allocation(quantity),), ()), uow.now()
        )
        uow.commit("seed")
    plans.approve_plan(container.uow(), plan_id)
    return plan_id


def ev(
    event_id: str,
    kind: EventKind,
    quantity: str,
    days: int = 0,
    *,
    shipment: str = "S-1",
    ref: AllocationRef | None = None,
    site: str | None = None,
) -> ShipmentEvent:
    return ShipmentEvent(
        event_id,
        shipment,
        kind,
        DAY + dt.timedelta(days=days),
        Decimal(quantity),
        site,
        allocation=ref,
    )


def pledge_status(container: Container) -> PledgeStatus:
    with container.uow() as uow:
        return uow.datasets.list("pledges", {"id": "P-1"})[0].status


def log_size(container: Container) -> int:
    with container.uow() as uow:
        return uow.audit.head()[0]


def journey(ref: AllocationRef, quantity: str, shipment: str = "S-1") -> list[ShipmentEvent]:
    return [
        ev(f"{shipment}-d", EventKind.DISPATCHED, quantity, 0, shipment=shipment, ref=ref),
        ev(f"{shipment}-r", EventKind.RECEIVED_AT_HUB, quantity, 2, shipment=shipment),
        ev(f"{shipment}-o", EventKind.DEPARTED_HUB, quantity, 3, shipment=shipment),
        ev(f"{shipment}-a", EventKind.DELIVERED, quantity, 4, shipment=shipment),
    ]


def test_a_planned_shipment_travels_and_the_log_reconciles(container: Container) -> None:
    plan_id = seed(container)
    ref = AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE")
    for event in journey(ref, "8"):
        assert record_event(container.uow(), event).new
    shipment = get_shipment(container.uow(), "S-1")
    assert shipment.is_closed
    assert shipment.tally().delivered == 8
    assert pledge_status(container) is PledgeStatus.ALLOCATED  # 2 of 10 still to plan
    report = audit.verify_log(container.uow(), container.settings)
    assert report.ok, report.row_findings


def test_dispatch_is_held_to_the_allocation(container: Container) -> None:
    plan_id = seed(container)
    ref = AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE")
    record_event(container.uow(), ev("a", EventKind.DISPATCHED, "5", ref=ref))
    with pytest.raises(DomainError, match=r"exceeds the 3 of allocation") as raised:
        record_event(container.uow(), ev("b", EventKind.DISPATCHED, "4", shipment="S-2", ref=ref))
    assert raised.value.field == "allocation"
    assert raised.value.record == "shipment 'S-2', event 'b'"
    with pytest.raises(NotFound):
        get_shipment(container.uow(), "S-2")


def test_only_an_approved_plan_can_be_shipped(container: Container) -> None:
    plan_id = seed(container)
    with pytest.raises(DomainError, match="plan 99 does not exist"):
        record_event(
            container.uow(),
            ev("a", EventKind.DISPATCHED, "1", ref=AllocationRef(99, "P-1", "R-1", "HUB-RZE")),
        )
    with container.uow() as uow:
        draft = uow.plans.add(
            Plan(DAY, DAY + dt.timedelta(days=180), (allocation(1.0),), ()), uow.now()
        )
        uow.commit("draft")
    with pytest.raises(DomainError, match=f"plan {draft} is draft, not approved"):
        record_event(
            container.uow(),
            ev("a", EventKind.DISPATCHED, "1", ref=AllocationRef(draft, "P-1", "R-1", "HUB-RZE")),
        )
    assert plan_id != draft


def test_the_same_event_twice_changes_nothing(container: Container) -> None:
    plan_id = seed(container)
    event = ev("a", EventKind.DISPATCHED, "5", ref=AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE"))
    record_event(container.uow(), event)
    size = log_size(container)
    again = record_event(container.uow(), replace(event, allocation=None))
    assert not again.new
    assert log_size(container) == size
    with pytest.raises(DomainError, match="already recorded with different content"):
        record_event(container.uow(), replace(event, quantity=Decimal(4)))
    with pytest.raises(DomainError, match="already used by shipment 'S-1'"):
        record_event(container.uow(), replace(event, shipment="S-9"))


def test_unplanned_donations_ship_and_deliver_the_pledge(container: Container) -> None:
    plan_id = seed(container)
    planned = AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE")
    unplanned = AllocationRef(None, "P-1", "R-1", "HUB-RZE")
    record_events(container.uow(), journey(planned, "8"))
    with pytest.raises(DomainError, match="exceeds the 2 of pledge 'P-1'"):
        record_event(container.uow(), journey(unplanned, "3", "S-2")[0])
    record_event(container.uow(), journey(unplanned, "2", "S-2")[0])
    assert pledge_status(container) is PledgeStatus.SHIPPED
    record_events(container.uow(), journey(unplanned, "2", "S-2")[1:])
    assert pledge_status(container) is PledgeStatus.DELIVERED
    assert audit.verify_log(container.uow(), container.settings).ok


def test_a_sheet_of_events_is_all_or_nothing(container: Container) -> None:
    plan_id = seed(container)
    events = journey(AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE"), "8")
    events[2] = replace(events[2], quantity=Decimal(9))
    size = log_size(container)
    with pytest.raises(Rejected) as raised:
        record_events(container.uow(), events)
    assert any("'S-1-o'" in str(p) and "exceeds the 8" in str(p) for p in raised.value.problems)
    assert log_size(container) == size
    with pytest.raises(NotFound):
        get_shipment(container.uow(), "S-1")


def test_an_event_changed_in_sql_is_named(container: Container) -> None:
    plan_id = seed(container)
    record_events(container.uow(), journey(AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE"), "8"))
    with container.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE shipment_events SET quantity = '7.000' WHERE id = 'S-1-a'")
        )
    report = audit.verify_log(container.uow(), container.settings)
    assert [str(f) for f in report.row_findings] == [
        'shipment_events ["S-1-a"]: changed outside pledgeflow'
    ]


def test_views_read_from_storage(container: Container) -> None:
    plan_id = seed(container)
    ref = AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE")
    record_events(container.uow(), journey(ref, "8")[:2])
    record_event(container.uow(), ev("lost", EventKind.DAMAGED, "1", 2, site="HUB-RZE"))
    moving = in_transit(container.uow(), DAY + dt.timedelta(days=2))
    assert [(m.stage, m.quantity, m.since, m.item) for m in moving] == [
        (Stage.AT_HUB, Decimal(7), DAY + dt.timedelta(days=2), "GEN-10")
    ]
    assert in_transit(container.uow(), DAY)[0].stage is Stage.TO_HUB
    state = delivery_state(container.uow())
    [need] = fulfilment(state.dataset.requirements, state.plan, state.shipments)
    assert (need.required, need.delivered, need.in_transit, need.planned, need.gap) == (
        12,
        0,
        7,
        0,
        5,
    )
    [progress] = pledge_progress(state.dataset.pledges, state.shipments)
    assert (progress.dispatched, progress.written_off, progress.undispatched) == (8, 1, 2)
    [hub_day] = hub_days(
        state.shipments, state.dataset, DAY + dt.timedelta(days=2), DAY + dt.timedelta(days=2)
    )
    assert hub_day.stock_t == Decimal("7") * Decimal("0.1805")
    assert state.plan is not None
    [track] = track_allocations(state.plan, state.shipments, DAY + dt.timedelta(days=2))
    assert track.track is Track.LOST


def test_two_events_racing_for_the_same_goods_do_not_both_pass(container: Container) -> None:
    plan_id = seed(container)
    record_event(container.uow(), journey(AllocationRef(plan_id, "P-1", "R-1", "HUB-RZE"), "8")[0])
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def receive(event_id: str) -> None:
        start.wait()
        try:
            record_event(container.uow(), ev(event_id, EventKind.RECEIVED_AT_HUB, "8", 1))
            outcomes.append("recorded")
        except DomainError as error:
            outcomes.append(error.field)

    threads = [threading.Thread(target=receive, args=(name,)) for name in ("r1", "r2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["quantity", "recorded"]
    assert get_shipment(container.uow(), "S-1").tally().received == 8


@pytest.mark.parametrize("seed_number", [1, 2, 3])
def test_simulated_events_record_cleanly(container: Container, seed_number: int) -> None:
    plan_id = seed(container)
    plan = plans.get_plan(container.uow(), plan_id)
    events = simulate_events(plan, small_dataset(), days=30, seed=seed_number)
    assert events
    outcomes = record_events(container.uow(), events)
    assert all(outcome.new for outcome in outcomes)
    assert audit.verify_log(container.uow(), container.settings).ok
