"""One scenario run as one function a job engine can call: snapshot + changes → verified plan.

`run_task` touches no database and no clock: it applies the changes to the snapshot, builds the
re-planning inputs exactly as `service/plans.create_plan` does, plans with the same reference
(the approved plan's undispatched lines, so the stability criterion is the same on both sides),
verifies the plan and returns a `Case`. Baseline and scenario are two tasks with the same
snapshot; the diff is then a pure function of the two cases. `run_tasks` runs tasks one after
another or on a process pool: the seam where the plan-job engine (issue 17) takes over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.overlays import OverlayError, apply_changes
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.replanning import replanning_inputs
from pledgeflow.domain.scenario_diffs import Case
from pledgeflow.domain.scenarios import ScenarioChange, Snapshot
from pledgeflow.plan import build_problem, make_plan, verify
from pledgeflow.plan.checks import PlanInputError
from pledgeflow.service.errors import Rejected

# A scenario run is a what-if, not the plan of record: a minute is plenty for the demo and S,
# and the sweep multiplies it by the number of donors.
SCENARIO_TIME_LIMIT_S = 60.0


@dataclass(frozen=True)
class ScenarioTask:
    label: str
    snapshot: Snapshot
    changes: tuple[ScenarioChange, ...]
    reference: Plan | None
    time_limit: float | None = SCENARIO_TIME_LIMIT_S


def overlaid(snapshot: Snapshot, changes: Sequence[ScenarioChange]) -> Snapshot:
    """The snapshot with the changes applied; defects become one `Rejected` listing them all."""
    try:
        return apply_changes(snapshot, changes)
    except OverlayError as error:
        raise Rejected("the scenario's changes cannot be applied", error.errors) from error


def run_task(task: ScenarioTask) -> Case:
    """Plan one variant; raises Rejected on defective changes, inputs, or a failing plan."""
    snapshot = overlaid(task.snapshot, task.changes)
    planned = replanning_inputs(snapshot.dataset, snapshot.shipments, snapshot.as_of).dataset
    try:
        problem = build_problem(planned)
    except PlanInputError as error:
        raise Rejected(f"{task.label}: {error}", list(error.issues)) from error
    plan = make_plan(
        problem,
        as_of=snapshot.as_of,
        horizon_days=snapshot.horizon_days,
        reference=task.reference,
        time_limit=task.time_limit,
    )
    report = verify(problem, plan, task.reference)
    if not report.ok:
        raise Rejected(f"{task.label}: the plan fails verification", list(report.violations))
    return Case(task.label, snapshot.dataset, planned, plan, served(snapshot.dataset, planned))


def served(recorded: Dataset, planned: Dataset) -> dict[str, float]:
    """Per requirement, what deliveries and goods under way already cover."""
    remaining = {r.id: r.quantity for r in planned.requirements}
    return {
        r.id: float(r.quantity - remaining.get(r.id, Decimal(0))) for r in recorded.requirements
    }


Runner = Callable[[Sequence[ScenarioTask]], list[Case]]


def run_tasks(tasks: Sequence[ScenarioTask], workers: int = 1) -> list[Case]:
    """Every task's case, in order: in this process, or on `workers` processes."""
    if workers <= 1 or len(tasks) <= 1:
        return [run_task(task) for task in tasks]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_task, tasks))
