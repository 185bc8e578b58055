"""Dashboard figures: drawn over the viewer's records, kept until a business record changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pledgeflow.bootstrap import Container
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent
from pledgeflow.service import plans, records, shipments, users
from pledgeflow.service.access import Principal, Resource, Role
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.web.figures import FigureCache
from tests.web.conftest import AS_OF, PASSWORD, seed

COORDINATOR = Principal("coordinator", Role.COORDINATOR)
LIAISON = Principal("donor_liaison", Role.DONOR_LIAISON, party="POL")


def _uow(container: Container, who: Principal) -> RequestUnitOfWork:
    return RequestUnitOfWork(container.engine, who)


def test_figures_are_kept_across_logins_and_redrawn_after_a_write(container: Container) -> None:
    seed(container)
    cache = FigureCache()
    first = cache.figures(_uow(container, COORDINATOR), COORDINATOR)
    assert first.plan_id is None
    assert first.fill_by_priority == ""
    users.login(container.uow(), users.LoginThrottle(), "auditor", PASSWORD)
    assert cache.figures(_uow(container, COORDINATOR), COORDINATOR) is first
    pledge = Pledge("P-NEW", "POL", "GEN-10", Decimal(1), dt.date(2026, 12, 1), "DEP-POL")
    records.create_record(_uow(container, LIAISON), LIAISON, Resource.PLEDGES, pledge)
    after = cache.figures(_uow(container, COORDINATOR), COORDINATOR)
    assert after.counts["pledges"] == first.counts["pledges"] + 1


def test_a_liaison_figures_leave_out_other_nations_restricted_records(
    container: Container,
) -> None:
    seed(container)
    made = plans.create_plan(container.uow(), as_of=AS_OF, horizon_days=60)
    cache = FigureCache()
    everyone = cache.figures(_uow(container, COORDINATOR), COORDINATOR)
    mine = cache.figures(_uow(container, LIAISON), LIAISON)
    assert everyone.plan_id == mine.plan_id == made.id
    assert ">DEU</text>" in everyone.donors
    assert ">DEU</text>" not in mine.donors
    assert everyone.open_shortfalls == len(made.plan.shortfalls)
    assert mine.open_shortfalls == sum(s.requirement != "R-SECRET" for s in made.plan.shortfalls)
    assert "<polyline" in mine.hub_utilisation


def test_delivered_tonnes_count_only_delivered_events(container: Container) -> None:
    seed(container)
    made = plans.create_plan(container.uow(), as_of=AS_OF, horizon_days=60)
    plans.approve_plan(container.uow(), made.id)
    ref = AllocationRef(made.id, "P-POL-OPEN", "R-OPEN", "HUB-RZE")
    day = dt.date(2026, 11, 20)
    steps = [
        (EventKind.DISPATCHED, 0, Decimal(4)),
        (EventKind.RECEIVED_AT_HUB, 2, Decimal(4)),
        (EventKind.DEPARTED_HUB, 3, Decimal(4)),
        (EventKind.DELIVERED, 4, Decimal(3)),
        (EventKind.LOST, 4, Decimal(1)),
    ]
    events = [
        ShipmentEvent(f"E-{n}", "S-1", kind, day + dt.timedelta(days=d), q, allocation=ref)
        for n, (kind, d, q) in enumerate(steps)
    ]
    shipments.record_events(container.uow(), events)
    figures = FigureCache().figures(_uow(container, LIAISON), LIAISON)
    # 3 generators of 180.5 kg delivered; the lost one counts nowhere.
    assert "delivered t: 0.5 t" in figures.donors


def test_a_hub_operator_counts_deliveries_through_its_own_hub_only(container: Container) -> None:
    test_delivered_tonnes_count_only_delivered_events(container)
    here = Principal("hub_operator", Role.HUB_OPERATOR, hub="HUB-RZE")
    elsewhere = Principal("other_hub", Role.HUB_OPERATOR, hub="HUB-XYZ")
    cache = FigureCache()
    assert "delivered t: 0.5 t" in cache.figures(_uow(container, here), here).donors
    assert "delivered t: 0 t" in cache.figures(_uow(container, elsewhere), elsewhere).donors
