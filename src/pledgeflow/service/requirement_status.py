"""Requirement status at a glance, and the alerts a dashboard raises (issue 14, point 11).

Per requirement: what the current plan (the approved one, else the newest draft) allocates to
it, what was dispatched and delivered, whether it runs late, and the plan's shortfall reason.
Alerts list what needs someone's attention now: allocations running late, goods lost or
damaged, and hub-days that sent out more than their capacity. Everything is read through the
same row filter and plan-line scope as every other view, so a viewer is alerted only about
what it may see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.shipments import ZERO, Shipment
from pledgeflow.service.access import Principal, shipment_in_scope
from pledgeflow.service.allocation_tracking import AllocationVariance, Track, track_allocations
from pledgeflow.service.deliveries import plan_quantity
from pledgeflow.service.hub_throughput import over_capacity_days, over_capacity_text
from pledgeflow.service.plan_figures import viewers_part
from pledgeflow.service.records import visible_dataset
from pledgeflow.service.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RequirementStatus:
    requirement: str
    planned: Decimal
    dispatched: Decimal
    delivered: Decimal
    days_late: int
    """Tracked late by this many days (0: not late); planned lateness shows in `state`."""
    state: str
    reason: str
    detail: str


@dataclass(frozen=True)
class Alert:
    kind: str
    """`late`, `lost` or `over capacity`."""
    subject: str
    detail: str


@dataclass(frozen=True)
class Standing:
    """Where things stand for one viewer on one day."""

    day: dt.date
    plan: Plan | None
    dataset: Dataset
    shipments: list[Shipment]
    variances: list[AllocationVariance]


def standing(uow: UnitOfWork, principal: Principal, today: dt.date) -> Standing:
    """The viewer's records, plan part and shipments, as of `today` or the latest recorded
    event if that is later (a record of events dated ahead of the clock still counts)."""
    dataset = visible_dataset(uow, principal)
    with uow:
        approved = uow.plans.approved_id()
        plan_id = approved
        if plan_id is None:
            heads = uow.plans.heads()
            plan_id = heads[-1]["id"] if heads else None
        plan = None if plan_id is None else uow.plans.get(plan_id)
        every = uow.shipments.all()
    pledges = {p.id for p in dataset.pledges}
    needs = {r.id for r in dataset.requirements}
    shipments = [
        s
        for s in every
        if shipment_in_scope(principal, s.hub, s.pledge in pledges, s.requirement in needs)
    ]
    latest = max((e.date for s in shipments for e in s.events), default=today)
    day = max(today, latest)
    part = None if plan is None else viewers_part(plan, dataset, principal)
    # Only an approved plan is being carried out: a draft's dates are nobody's to be late on.
    variances = []
    if part is not None and approved is not None:
        variances = track_allocations(part, shipments, day)
    return Standing(day, part, dataset, shipments, variances)


def _state(planned: Decimal, delivered: Decimal, required: Decimal, late: int, lost: bool) -> str:
    """`late` is -1 when no allocation runs behind, 0 when one is behind its schedule but not
    yet past its planned arrival, else the days past it."""
    if delivered >= required:
        return "delivered"
    if lost:
        return "lost in part"
    if late > 0:
        return f"late by {late} days"
    if late == 0:
        return "behind schedule"
    if planned + delivered >= required:
        return "on track"
    return "short" if planned or delivered else "not planned"


def requirement_statuses(state: Standing) -> dict[str, RequirementStatus]:
    planned: dict[str, Decimal] = defaultdict(Decimal)
    if state.plan is not None:
        for line in state.plan.allocations:
            planned[line.requirement] += plan_quantity(line.quantity)
    moved: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for shipment in state.shipments:
        tally = shipment.tally(state.day)
        moved[shipment.requirement][0] += tally.dispatched
        moved[shipment.requirement][1] += tally.delivered
    late: dict[str, int] = defaultdict(lambda: -1)
    lost: set[str] = set()
    for v in state.variances:
        if v.track is Track.LATE:
            late[v.allocation.requirement] = max(late[v.allocation.requirement], v.days_late)
        elif v.track is Track.LOST:
            lost.add(v.allocation.requirement)
    gaps = {} if state.plan is None else {s.requirement: s for s in state.plan.shortfalls}
    found = {}
    for r in state.dataset.requirements:
        dispatched, delivered = moved[r.id]
        gap = gaps.get(r.id)
        found[r.id] = RequirementStatus(
            r.id,
            planned[r.id],
            dispatched,
            delivered,
            max(late[r.id], 0),
            _state(planned[r.id], delivered, r.quantity, late[r.id], r.id in lost),
            "" if gap is None else gap.reason.value,
            "" if gap is None else gap.detail,
        )
    return found


def alerts(state: Standing, limit: int = 50) -> list[Alert]:
    """Late and lost allocations, worst first, then over-capacity hub-days, newest first."""
    found = [
        Alert(
            "lost",
            str(v.allocation),
            f"{nf.quantity(v.written_off)} written off of {nf.quantity(v.allocated)}",
        )
        for v in state.variances
        if v.track is Track.LOST
    ]
    running = sorted(
        (v for v in state.variances if v.track is Track.LATE), key=lambda v: -v.days_late
    )
    found += [
        Alert(
            "late",
            str(v.allocation),
            f"{v.days_late} days past its planned arrival "
            f"{v.planned_arrival}; {v.delivered:f} of {v.allocated:f} delivered",
        )
        for v in running
    ]
    found += _over_capacity(state.shipments, state.dataset, state.day)
    return found[:limit]


def _over_capacity(shipments: Sequence[Shipment], dataset: Dataset, day: dt.date) -> list[Alert]:
    first = min((e.date for s in shipments for e in s.events), default=None)
    if first is None:
        return []
    rows = over_capacity_days(shipments, dataset, first, day)
    return [
        Alert("over capacity", f"{h.hub} {h.day}", over_capacity_text(h))
        for h in sorted(rows, key=lambda h: h.day, reverse=True)
    ]
