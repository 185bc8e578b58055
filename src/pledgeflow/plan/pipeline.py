"""The planner as one pure pipeline: candidates, solve, map back, explain."""

from __future__ import annotations

import datetime as dt

import numpy as np

from pledgeflow.domain.plans import Plan, PlanQuality
from pledgeflow.plan.allocations import allocations
from pledgeflow.plan.budget import Clock, Deadline
from pledgeflow.plan.build import Candidates, build_candidates
from pledgeflow.plan.explain import hub_values, shortfalls
from pledgeflow.plan.problem import Problem
from pledgeflow.plan.resolution import snap_lines
from pledgeflow.plan.seeding import greedy_columns, plan_columns
from pledgeflow.plan.solve import Progress, Solution, solve_model
from pledgeflow.plan.stability import kept_units, with_reference
from pledgeflow.plan.whole_unit_mip import Columns

SOLVE_SHARE = 0.85
"""The share of a time limit the solve may use: the rest is for what follows it, within the
limit (whole units and greedy completion of a stopped plan, mapping, the caller's verification
and storage); at L those took 10-60 s after a stopped solve (issue 15)."""


def make_plan(
    problem: Problem,
    *,
    as_of: dt.date,
    horizon_days: int = 180,
    progress: Progress | None = None,
    threads: int = 2,
    reference: Plan | None = None,
    mip_seconds: float = 10.0,
    time_limit: float | None = None,
    clock: Clock | None = None,
) -> Plan:
    """The §5-optimal plan; `plan.quality` says whether it is proven optimal, and its gap.

    With a `reference` (the approved plan), units moved away from its (pledge, requirement,
    hub) triples are minimised right after the priority tiers (see `stability`), and its lines
    are where column generation starts (a warm start: see `solve_model` and `_warm_start`).
    Indivisible items are settled by a MIP seeded with the greedy plan, within `mip_seconds`
    (see `solve`).
    With a `time_limit` (seconds from the call for the whole command, of which the solve gets
    SOLVE_SHARE; measured on `clock`, which it then needs: the core reads
    no clock of its own, see `budget`), the planner stops where the limit finds it and returns
    its best feasible plan so far, with the gap to a valid bound (see `solve`), or the greedy
    method's plan where that is better (`greedy_floor`). Without a clock, timings read 0.
    `plan.notes` carries timings (build_s, solve_s, map_s), the number of candidate triples,
    of generated columns, and of pricing rounds, whether a stage stopped short (stopped, 0 or
    1), and with a reference the units moved.
    """
    if time_limit is not None and clock is None:
        raise ValueError("a time limit needs a clock to be measured on")
    now = clock or _no_clock
    started = now()
    deadline = (
        None
        if time_limit is None or clock is None
        else Deadline(clock, started + SOLVE_SHARE * time_limit)
    )
    if progress:
        progress("build", 0.0)
    referenced = with_reference(problem, build_candidates(problem, as_of, horizon_days), reference)
    cands = referenced.cands
    capacity = problem.hub_capacity_by_day(as_of.toordinal(), horizon_days + 1)
    built = now()
    solution = solve_model(
        problem,
        cands,
        capacity,
        threads=threads,
        progress=progress,
        seed=lambda after: greedy_columns(problem, cands, after),
        mip_seconds=mip_seconds,
        deadline=deadline,
        warm=_warm_start(problem, cands, reference),
    )
    solved = now()
    if progress:
        progress("explain", 1.0)
    lines = snap_lines(
        problem, allocations(problem, cands, solution.index, solution.days, solution.values)
    )
    release = np.maximum(problem.pledge_available - as_of.toordinal(), 0)
    notes = {
        "build_s": built - started,
        "solve_s": solved - built,
        "candidates": float(len(cands)),
        "columns": float(len(solution.index)),
        "pricing_rounds": float(sum(stage.rounds for stage in solution.stages)),
        "mip_gap": solution.mip_gap,
        "stopped": float(solution.stopped),
        "kept_greedy": float(solution.kept_greedy),
    }
    if reference is not None:
        kept = kept_units(cands, solution.index, solution.values)
        notes["units_moved"] = float(cands.reference_bound.sum()) - kept + referenced.unreachable
    plan = Plan(
        as_of=as_of,
        horizon_end=as_of + dt.timedelta(days=horizon_days),
        allocations=lines,
        shortfalls=shortfalls(
            problem, release, problem.arrival_limits(as_of.toordinal(), horizon_days), lines
        ),
        hub_values=hub_values(problem, capacity, solution, lines),
        quality=_quality(solution, solved - built),
        notes=notes,
    )
    notes["map_s"] = now() - solved
    return plan


def _no_clock() -> float:
    return 0.0


def _warm_start(problem: Problem, cands: Candidates, reference: Plan | None) -> Columns | None:
    """The reference plan's lines as initial columns, unless its planner stopped short: such a
    plan carries greedy-completed lines spread over many days, and as initial columns they made
    M's re-plan (60 s budget) end at a 17 % gap instead of 6.4 % without them."""
    if reference is None or reference.notes.get("stopped"):
        return None
    return plan_columns(problem, cands, reference)


def _quality(solution: Solution, seconds: float) -> PlanQuality:
    method = solution.method
    if solution.gap_criterion:
        method += f"; gap measured at {solution.gap_criterion}"
    return PlanQuality(
        proven_optimal=solution.proven_optimal,
        gap=solution.gap,
        solve_seconds=seconds,
        method=method,
    )
