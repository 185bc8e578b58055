"""Random histories of pledging, planning, shipping, losing and cancelling keep every invariant.

The machine drives the real services on a real SQLite database: it pledges, approves plans
(allocations drawn within what pledges and requirements still have), dispatches planned and
unplanned shipments, moves them on with quantities that are sometimes too large, loses goods,
withdraws pledges and re-records events. Refused commands must change nothing; after every
step the stored state must keep

    delivered ≤ departed ≤ received ≤ dispatched ≤ allocated ≤ pledged,

no hub holds negative stock on any day, no requirement is filled beyond its quantity, and the
same event recorded twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import event as event_note
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from tests.databases import copy_sqlite, migrate_sqlite_template

from pledgeflow.adapters.db import make_engine
from pledgeflow.bootstrap import Container
from pledgeflow.config import Settings
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.plans import Allocation, Plan
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.replanning import STOCK_PREFIX
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent, Stage
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.service import audit, plans
from pledgeflow.service.deliveries import plan_quantity
from pledgeflow.service.errors import NotFound
from pledgeflow.service.hub_throughput import hub_days
from pledgeflow.service.shipments import record_event

START = dt.date(2026, 12, 1)
DEPOTS = ("DEP-A", "DEP-B")
HUBS = ("HUB-1", "HUB-2")
DESTINATIONS = ("DLV-1", "DLV-2")
TAKES_FROM = {
    EventKind.RECEIVED_AT_HUB: Stage.TO_HUB,
    EventKind.DEPARTED_HUB: Stage.AT_HUB,
    EventKind.DELIVERED: Stage.TO_DESTINATION,
}
QUANTITIES = st.integers(min_value=500, max_value=40_000).map(lambda n: Decimal(n) / 1000)


def network() -> Dataset:
    sites = [Site(code, code, SiteKind.DEPOT, "POL") for code in DEPOTS]
    sites += [Site(code, code, SiteKind.HUB, "POL", Decimal(5), 1) for code in HUBS]
    sites += [Site(code, code, SiteKind.DELIVERY, "UKR") for code in DESTINATIONS]
    lanes = [Lane(d, h, 2) for d in DEPOTS for h in HUBS]
    lanes += [Lane(h, x, 1) for h in HUBS for x in DESTINATIONS]
    requirements = tuple(
        Requirement(f"R-{n}", "FOOD", Decimal(quantity), 1, START, DESTINATIONS[n % 2])
        for n, quantity in enumerate((12, 30, 7))
    )
    return Dataset(
        parties=(Party("DON", "Donor", frozenset({Role.DONOR})),),
        items=(Item("FOOD", "Rations", SupplyClass.I, "box", Decimal("12.5")),),
        sites=tuple(sites),
        lanes=tuple(lanes),
        requirements=requirements,
    )


_TEMPLATE = tempfile.TemporaryDirectory()


@functools.cache
def _template() -> Path:
    """One migrated database for every example; each example starts from a copy."""
    return migrate_sqlite_template(Path(_TEMPLATE.name) / "template.db")


class ShipmentHistories(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._folder = tempfile.TemporaryDirectory()
        url = copy_sqlite(_template(), Path(self._folder.name) / "pledgeflow.db")
        engine = make_engine(url)
        self.container = Container(
            Settings(database_url=url, signing_key_path=Path(self._folder.name) / "k"), engine
        )
        with self.container.uow() as uow:
            uow.datasets.save(network())
            uow.commit("seed")
        self.day = START
        self.pledges = 0
        self.shipments: list[str] = []
        self.recorded: list[ShipmentEvent] = []
        self.events = 0

    def teardown(self) -> None:
        report = audit.verify_log(self.container.uow(), self.container.settings)
        assert report.ok, (report.entry_findings, report.row_findings)
        self.container.engine.dispose()
        self._folder.cleanup()

    def _dataset(self) -> Dataset:
        with self.container.uow() as uow:
            return uow.datasets.load()

    def _approved(self) -> Plan | None:
        with self.container.uow() as uow:
            plan_id = uow.plans.approved_id()
            return None if plan_id is None else uow.plans.get(plan_id)

    def _log_size(self) -> int:
        with self.container.uow() as uow:
            return uow.audit.head()[0]

    def _record(self, event: ShipmentEvent) -> None:
        """Record `event`; if it is refused, nothing at all may have changed."""
        before = self._log_size()
        try:
            outcome = record_event(self.container.uow(), event)
        except (DomainError, NotFound) as error:
            assert self._log_size() == before
            event_note(f"refused {event.kind}: {getattr(error, 'field', 'shipment')}")
            return
        assert outcome.new
        event_note(f"recorded {event.kind}")
        self.recorded.append(event)
        if event.shipment not in self.shipments:
            self.shipments.append(event.shipment)

    def _event_id(self) -> str:
        self.events += 1
        return f"E-{self.events}"

    @initialize(data=st.data())
    def start(self, data: st.DataObject) -> None:
        """Begin with a few pledges under an approved plan, so early steps can ship."""
        for depot in DEPOTS:
            self.pledge(data.draw(QUANTITIES), depot)
        self.allocate(data)

    @rule(quantity=QUANTITIES, depot=st.sampled_from(DEPOTS))
    def pledge(self, quantity: Decimal, depot: str) -> None:
        self.pledges += 1
        pledge = Pledge(
            f"P-{self.pledges}", "DON", "FOOD", quantity, START, depot, PledgeStatus.COMMITTED
        )
        with self.container.uow() as uow:
            uow.datasets.save(Dataset(pledges=(pledge,)))
            uow.commit("pledge")

    @rule(data=st.data())
    def allocate(self, data: st.DataObject) -> None:
        """Approve a new plan giving each open pledge a share of its undispatched rest."""
        dataset = self._dataset()
        with self.container.uow() as uow:
            shipped = defaultdict(Decimal)
            for shipment in uow.shipments.all():
                shipped[shipment.pledge] += shipment.tally().dispatched
        lines = []
        for pledge in dataset.pledges:
            rest = pledge.quantity - shipped[pledge.id]
            if not pledge.is_plannable or rest <= 0 or not data.draw(st.booleans()):
                continue
            share = data.draw(st.integers(min_value=1, max_value=1000)) / 1000
            quantity = float((rest * Decimal(str(share))).quantize(Decimal("0.001")) or rest)
            requirement = data.draw(st.sampled_from(dataset.requirements))
            hub = data.draw(st.sampled_from(HUBS))
            days = [self.day + dt.timedelta(days=n) for n in (0, 2, 3, 4)]
            lines.append(Allocation(pledge.id, requirement.id, hub, quantity, *days, 0, False))
        with self.container.uow() as uow:
            plan_id = uow.plans.add(
                Plan(self.day, self.day + dt.timedelta(days=180), tuple(lines), ()), uow.now()
            )
            uow.commit("plan")
        plans.approve_plan(self.container.uow(), plan_id)

    @precondition(lambda self: self._approved() is not None)
    @rule(data=st.data(), quantity=QUANTITIES, unplanned=st.booleans())
    def dispatch(self, data: st.DataObject, quantity: Decimal, unplanned: bool) -> None:
        plan = self._approved()
        assert plan is not None
        if not plan.allocations:
            return
        line = data.draw(st.sampled_from(plan.allocations))
        if data.draw(st.integers(0, 3)):
            quantity = min(quantity, plan_quantity(line.quantity))
        plan_id = None if unplanned else plan.id
        ref = AllocationRef(plan_id, line.pledge, line.requirement, line.hub)
        shipment = f"S-{len(self.shipments) + 1}"
        self._record(
            ShipmentEvent(
                self._event_id(),
                shipment,
                EventKind.DISPATCHED,
                self.day,
                quantity,
                None,
                allocation=ref,
            )
        )

    @precondition(lambda self: bool(self.shipments))
    @rule(
        data=st.data(),
        kind=st.sampled_from(list(EventKind)),
        quantity=QUANTITIES,
        stage=st.none() | st.sampled_from(list(Stage)),
    )
    def move(
        self, data: st.DataObject, kind: EventKind, quantity: Decimal, stage: Stage | None
    ) -> None:
        """Any event with any quantity; losses name a stage's site, or none."""
        shipment_id = data.draw(st.sampled_from(self.shipments))
        with self.container.uow() as uow:
            shipment = uow.shipments.get(shipment_id)
        assert shipment is not None
        tally = shipment.tally()
        source = TAKES_FROM.get(kind, stage)
        held = tally.held(source) if source is not None else tally.moving
        if held > 0 and data.draw(st.integers(0, 3)):
            quantity = min(quantity, held)
        site = None if stage is None else shipment.site_of(stage)
        event = ShipmentEvent(self._event_id(), shipment_id, kind, self.day, quantity, site)
        self._record(event)

    @precondition(lambda self: bool(self.shipments))
    @rule(data=st.data(), share=st.integers(min_value=1, max_value=4))
    def move_on(self, data: st.DataObject, share: int) -> None:
        """The next step of a journey: a quarter to all of what waits at some stage."""
        shipment_id = data.draw(st.sampled_from(self.shipments))
        with self.container.uow() as uow:
            shipment = uow.shipments.get(shipment_id)
        assert shipment is not None
        tally = shipment.tally()
        waiting = [kind for kind, stage in TAKES_FROM.items() if tally.held(stage) > 0]
        if not waiting:
            return
        kind = data.draw(st.sampled_from(waiting))
        quantity = (tally.held(TAKES_FROM[kind]) * share / 4).quantize(Decimal("0.001"))
        if quantity > 0:
            event = ShipmentEvent(self._event_id(), shipment_id, kind, self.day, quantity)
            self._record(event)

    @precondition(lambda self: bool(self.recorded))
    @rule(data=st.data())
    def record_again(self, data: st.DataObject) -> None:
        event = data.draw(st.sampled_from(self.recorded))
        before = self._log_size()
        outcome = record_event(self.container.uow(), event)
        assert not outcome.new
        assert self._log_size() == before

    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        """Withdraw a pledge that nothing has shipped yet."""
        dataset = self._dataset()
        with self.container.uow() as uow:
            shipped = {s.pledge for s in uow.shipments.all()}
        open_pledges = [p for p in dataset.pledges if p.is_plannable and p.id not in shipped]
        if not open_pledges:
            return
        pledge = data.draw(st.sampled_from(open_pledges))
        with self.container.uow() as uow:
            uow.datasets.save(Dataset(pledges=(pledge.moved_to(PledgeStatus.WITHDRAWN),)))
            uow.commit("withdraw")

    @rule()
    def replan(self) -> None:
        """Re-plan with the real planner from where things stand and approve the plan: what
        has left its origin is never allocated again, and no need is over-served."""
        made = plans.create_plan(self.container.uow(), as_of=self.day, horizon_days=60)
        plans.approve_plan(self.container.uow(), made.id)
        dataset = self._dataset()
        with self.container.uow() as uow:
            tallies = [(s, s.tally(self.day)) for s in uow.shipments.all()]
        gone = defaultdict(Decimal)
        under_way = defaultdict(Decimal)
        for shipment, tally in tallies:
            gone[shipment.pledge] += tally.dispatched
            under_way[shipment.requirement] += (
                tally.delivered + tally.held(Stage.TO_HUB) + tally.held(Stage.TO_DESTINATION)
            )
        planned_pledge = defaultdict(float)
        planned_need = defaultdict(float)
        for line in made.plan.allocations:
            planned_pledge[line.pledge] += line.quantity
            planned_need[line.requirement] += line.quantity
        for pledge in dataset.pledges:
            rest = float(pledge.quantity - gone[pledge.id])
            assert planned_pledge[pledge.id] <= rest + 1e-6 * max(1.0, rest)
        for need in dataset.requirements:
            rest = float(need.quantity - under_way[need.id])
            assert planned_need[need.id] <= rest + 1e-6 * max(1.0, rest)
        event_note(f"re-planned {len(made.plan.allocations)} lines")

    @rule(days=st.integers(min_value=1, max_value=3))
    def advance(self, days: int) -> None:
        self.day += dt.timedelta(days=days)

    @invariant()
    def chain_holds(self) -> None:
        dataset = self._dataset()
        with self.container.uow() as uow:
            shipments = uow.shipments.all()
            plan_rows = {h["id"]: uow.plans.get(h["id"]) for h in uow.plans.heads()}
        dispatched = defaultdict(Decimal)
        by_pledge = defaultdict(Decimal)
        live = defaultdict(Decimal)
        for shipment in shipments:
            tally = shipment.tally()
            assert tally.delivered <= tally.departed <= tally.received <= tally.dispatched
            assert all(tally.held(stage) >= 0 for stage in Stage)
            dispatched[shipment.allocation] += tally.dispatched
            by_pledge[shipment.pledge] += tally.dispatched
            live[shipment.requirement] += tally.live
        allocated = defaultdict(Decimal)
        for plan in plan_rows.values():
            assert plan is not None
            for line in plan.allocations:
                ref = AllocationRef(plan.id, line.pledge, line.requirement, line.hub)
                allocated[ref] += plan_quantity(line.quantity)
        for ref, quantity in dispatched.items():
            if ref.plan_id is not None:
                assert quantity <= allocated[ref]
        pledged = {p.id: p for p in dataset.pledges}
        approved = self._approved()
        per_pledge = defaultdict(Decimal)
        for line in approved.allocations if approved else ():
            if not line.pledge.startswith(STOCK_PREFIX):  # hub stock re-planned, not a pledge
                per_pledge[line.pledge] += plan_quantity(line.quantity)
        assert all(q <= pledged[p].quantity for p, q in per_pledge.items())
        for pledge_id, quantity in by_pledge.items():
            assert quantity <= pledged[pledge_id].quantity
            if quantity == pledged[pledge_id].quantity:
                assert pledged[pledge_id].status in (PledgeStatus.SHIPPED, PledgeStatus.DELIVERED)
        for requirement in dataset.requirements:
            assert live[requirement.id] <= requirement.quantity
        for row in hub_days(shipments, dataset, START, self.day):
            assert row.stock_t >= 0


ShipmentHistories.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestShipmentHistories = ShipmentHistories.TestCase
