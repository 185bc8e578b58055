"""Plan use cases: make a verified plan, approve it, compare two, export one.

A plan is only ever stored after the independent verifier has re-checked it against the raw
inputs, so every plan a coordinator sees keeps every rule of DESIGN §5.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from pledgeflow.adapters.exporters import Sheet, write_sheets
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.replanning import replanning_inputs
from pledgeflow.domain.shipments import Shipment
from pledgeflow.plan import Problem, build_problem, make_plan, verify
from pledgeflow.plan.checks import PlanInputError
from pledgeflow.service.errors import NotFound, Rejected, ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork

Progress = Callable[[str, float], None]
ALLOCATION_COLUMNS = (
    "plan",
    "pledge",
    "requirement",
    "hub",
    "quantity",
    "dispatch_date",
    "hub_in_date",
    "hub_out_date",
    "arrival_date",
    "days_late",
    "substituted",
)


@dataclass(frozen=True)
class MadePlan:
    id: int
    plan: Plan
    objective: dict[str, float]
    served: dict[str, float]
    """Per requirement, what deliveries and goods under way already cover (0 on a first plan)."""


NOT_PLAN_INPUTS = ("plan", "login", "logout", "issue_token", "add_user", "disable_user")
"""Audit-log commands that change nothing a plan is made from (a draft plan, a session)."""

# Five minutes: far more than the demo or S-size data need, a ceiling for the largest.
PLAN_TIME_LIMIT_S = 300.0


def create_plan(
    uow: UnitOfWork,
    *,
    as_of: dt.date,
    horizon_days: int = 180,
    progress: Progress | None = None,
    time_limit: float | None = PLAN_TIME_LIMIT_S,
) -> MadePlan:
    """Plan from where things stand and store the plan as a draft, once it verifies.

    A `time_limit` (seconds; None for none) stops the optimisation where it finds it; the plan
    then says it is not proven optimal and carries its gap to a valid bound (plan/solve.py).
    The default keeps a web or API request from running for an hour on a large data set.

    Shipments already under way are not re-planned: `replanning_inputs` turns them into
    reduced needs, reserved hub capacity and re-routable hub stock (see domain/replanning.py).
    If a plan is approved, the new plan moves as few of its undispatched units as the priority
    tiers allow (the stability criterion, plan/stability.py).
    """
    with uow:
        inputs = plan_inputs(uow, as_of)
        plan = make_plan(
            inputs.problem,
            as_of=as_of,
            horizon_days=horizon_days,
            progress=progress,
            reference=inputs.reference,
            time_limit=time_limit,
            clock=time.monotonic,
        )
        report = verify(inputs.problem, plan, inputs.reference)
        if not report.ok:
            raise Rejected("the planner produced a plan that fails verification", report.violations)
        plan_id = uow.plans.add(plan, uow.now())
        uow.commit("plan")
    return MadePlan(plan_id, plan, report.objective, inputs.served)


@dataclass(frozen=True)
class PlanInputs:
    """What a plan is made from, read in one go: the problem, the approved plan's undispatched
    lines as the stability reference, what is already served, and the audit log's newest
    business entry as the version stamp of all of it (see `plan_jobs`)."""

    problem: Problem
    reference: Plan | None
    served: dict[str, float]
    stamp: int


def plan_inputs(uow: UnitOfWork, as_of: dt.date) -> PlanInputs:
    """Read the plan's inputs inside the open unit of work `uow`. The stamp is read first:
    where the read is not one snapshot (PostgreSQL's read committed), a change committed
    while the records are read then shows as a newer stamp, and the plan as stale."""
    stamp = uow.audit.newest_seq(excluding=NOT_PLAN_INPUTS)
    recorded = uow.datasets.load()
    shipments = uow.shipments.all()
    approved = uow.plans.approved_id()
    stored = None if approved is None else uow.plans.get(approved)
    reference = None if stored is None else _undispatched(stored, approved, shipments, as_of)
    dataset = replanning_inputs(recorded, shipments, as_of).dataset
    try:
        problem = build_problem(dataset)
    except PlanInputError as error:
        raise Rejected(str(error), getattr(error, "issues", [])) from error
    return PlanInputs(problem, reference, _served(recorded, dataset), stamp)


def _undispatched(
    plan: Plan, plan_id: int | None, shipments: Sequence[Shipment], as_of: dt.date
) -> Plan:
    """The approved plan less what its shipments dispatched by `as_of`, taken from each
    (pledge, requirement, hub) triple's earliest lines: what is still the plan's to keep.

    Dispatched units are no longer the planner's to move (the re-planning inputs have taken them
    off the pledge and, while under way or delivered, off the need), so leaving them in the
    reference would count them as moved in every re-plan."""
    dispatched: dict[tuple[str, str, str], float] = defaultdict(float)
    for shipment in shipments:
        if shipment.allocation.plan_id == plan_id:
            key = (shipment.pledge, shipment.requirement, shipment.hub)
            dispatched[key] += float(shipment.tally(as_of).dispatched)
    lines = []
    for line in sorted(plan.allocations, key=lambda a: a.hub_out_date):
        key = (line.pledge, line.requirement, line.hub)
        taken = min(line.quantity, dispatched[key])
        dispatched[key] -= taken
        if line.quantity > taken:
            lines.append(replace(line, quantity=line.quantity - taken))
    return replace(plan, allocations=tuple(lines))


def _served(recorded: Dataset, planned: Dataset) -> dict[str, float]:
    remaining = {r.id: r.quantity for r in planned.requirements}
    return {
        r.id: float(r.quantity - remaining.get(r.id, Decimal(0))) for r in recorded.requirements
    }


def get_plan(uow: UnitOfWork, plan_id: int) -> Plan:
    with uow.reading():
        plan = uow.plans.get(plan_id)
    if plan is None:
        raise NotFound(f"plan {plan_id} does not exist")
    return plan


def approve_plan(uow: UnitOfWork, plan_id: int) -> Plan:
    """Approve a draft: the approved plan before it is superseded, and pledges follow the plan
    (allocated if it uses them, back to committed if it no longer does)."""
    with uow:
        plan = uow.plans.get(plan_id)
        if plan is None:
            raise NotFound(f"plan {plan_id} does not exist")
        approved = plan.approved()
        previous = uow.plans.approved_id()
        if previous is not None:
            old = uow.plans.get(previous)
            assert old is not None
            uow.plans.set_status(previous, old.superseded().status)
        uow.plans.set_status(plan_id, approved.status)
        _follow_plan(uow, approved)
        uow.commit("approve_plan")
    return approved


def _follow_plan(uow: UnitOfWork, plan: Plan) -> None:
    used = {a.pledge for a in plan.allocations}
    moved = []
    for pledge in uow.datasets.load().pledges:
        if pledge.id in used and pledge.status is PledgeStatus.COMMITTED:
            moved.append(pledge.moved_to(PledgeStatus.ALLOCATED))
        elif pledge.id not in used and pledge.status is PledgeStatus.ALLOCATED:
            moved.append(pledge.moved_to(PledgeStatus.COMMITTED))
    if moved:
        uow.datasets.save(Dataset(pledges=tuple(moved)))


@dataclass(frozen=True)
class LineChange:
    pledge: str
    requirement: str
    hub: str
    before: float
    after: float


def diff_plans(uow: UnitOfWork, first: int, second: int) -> list[LineChange]:
    """Quantity changes per (pledge, requirement, hub) from plan `first` to plan `second`."""
    a, b = get_plan(uow, first), get_plan(uow, second)
    totals: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for index, plan in enumerate((a, b)):
        for line in plan.allocations:
            totals[(line.pledge, line.requirement, line.hub)][index] += line.quantity
    return [
        LineChange(*key, before, after)
        for key, (before, after) in sorted(totals.items())
        if abs(before - after) > 1e-9
    ]


def export_plan(uow: UnitOfWork, plan_id: int, path: Path) -> Plan:
    plan = get_plan(uow, plan_id)
    allocations: Sheet = (
        list(ALLOCATION_COLUMNS),
        [
            [
                plan_id,
                a.pledge,
                a.requirement,
                a.hub,
                a.quantity,
                a.dispatch_date,
                a.hub_in_date,
                a.hub_out_date,
                a.arrival_date,
                a.days_late,
                a.substituted,
            ]
            for a in plan.allocations
        ],
    )
    shortfalls: Sheet = (
        ["plan", "requirement", "quantity", "reason", "detail"],
        [[plan_id, s.requirement, s.quantity, s.reason.value, s.detail] for s in plan.shortfalls],
    )
    try:
        write_sheets({"allocations": allocations, "shortfalls": shortfalls}, path)
    except OSError as error:
        raise ServiceError(f"cannot write {path}: {error}") from error
    return plan


def plans_list(uow: UnitOfWork) -> list[dict[str, object]]:
    with uow.reading():
        return uow.plans.heads()


def approved_plan_id(uow: UnitOfWork) -> int | None:
    with uow.reading():
        return uow.plans.approved_id()
