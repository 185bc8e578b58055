"""One scenario run as one function a job engine can call: snapshot + changes → verified plan.

`run_task` touches no database and no clock: it applies the changes to the snapshot, builds the
re-planning inputs exactly as `service/plans.create_plan` does, plans with the same reference
(the approved plan's undispatched lines, so the stability criterion is the same on both sides),
verifies the plan and returns a `Case`. Baseline and scenario are two tasks with the same
snapshot; the diff is then a pure function of the two cases. `run_tasks` runs tasks one after
another or on a process pool: the seam where the plan-job engine (issue 17) takes over.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.adapters.solver_output import silence_solver_banner
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.overlays import OverlayError, apply_changes
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.replanning import replanning_inputs
from pledgeflow.domain.scenario_diffs import Case
from pledgeflow.domain.scenarios import (
    ScenarioChange,
    Snapshot,
    Withdraw,
    donors_with_undispatched,
)
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
        clock=time.monotonic,
    )
    report = verify(problem, plan, task.reference)
    if not report.ok:
        raise Rejected(f"{task.label}: the plan fails verification", list(report.violations))
    return Case(task.label, snapshot.dataset, planned, plan, served(snapshot.dataset, planned))


def reuse_baseline(task: ScenarioTask, baseline: Case) -> Case | None:
    """The scenario's case without planning, when its changes only take away supply the
    baseline plan does not use: the baseline plan is then feasible for the scenario (nothing
    it sends is gone), and the scenario's plans are a subset of the baseline's, so its optimum
    lies between the baseline plan and the baseline's optimum: the baseline plan is optimal
    for it when the baseline is proven optimal, and within the baseline's stated gap
    otherwise (it keeps the baseline's quality). None when that does not hold."""
    if not all(isinstance(change, Withdraw) for change in task.changes):
        return None
    snapshot = overlaid(task.snapshot, task.changes)
    planned = replanning_inputs(snapshot.dataset, snapshot.shipments, snapshot.as_of).dataset
    still = {p.id for p in planned.pledges if p.is_plannable}
    if any(line.pledge not in still for line in baseline.plan.allocations):
        return None
    return Case(
        task.label, snapshot.dataset, planned, baseline.plan, served(snapshot.dataset, planned)
    )


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
    # Spawned, not forked: a forked child inherits HiGHS's thread pool without its threads
    # (the parent has planned before) and hangs in its first solve.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=silence_solver_banner
    ) as pool:
        return list(pool.map(run_task, tasks))


def sweep_cases(
    snapshot: Snapshot, reference: Plan | None, time_limit: float | None, runner: Runner = run_tasks
) -> tuple[Case, dict[str, Case]]:
    """The baseline, and per donor with undispatched firm pledges the case of its withdrawal.

    The baseline is planned first; a donor whose pledges the baseline does not use leaves it
    optimal (`reuse_baseline`), so only the other withdrawals are planned."""
    (baseline,) = runner([ScenarioTask("baseline", snapshot, (), reference, time_limit)])
    tasks = {
        donor: ScenarioTask(donor, snapshot, (Withdraw(donor),), reference, time_limit)
        for donor in donors_with_undispatched(snapshot)
    }
    reused = {donor: reuse_baseline(task, baseline) for donor, task in tasks.items()}
    planned = [task for donor, task in tasks.items() if reused[donor] is None]
    made = dict(zip((task.label for task in planned), runner(planned), strict=True))
    cases = {donor: reused[donor] or made[donor] for donor in tasks}
    return baseline, cases
