"""The planner as one pure pipeline: build the model, solve it, map it back, explain it."""

from __future__ import annotations

import datetime as dt
import time

from pledgeflow.domain.plans import Plan, PlanQuality
from pledgeflow.plan.allocations import allocations
from pledgeflow.plan.build import build_model
from pledgeflow.plan.explain import hub_values, shortfalls
from pledgeflow.plan.problem import Problem
from pledgeflow.plan.solve import Progress, solve_model


def make_plan(
    problem: Problem,
    *,
    as_of: dt.date,
    horizon_days: int = 180,
    progress: Progress | None = None,
    threads: int = 2,
) -> Plan:
    """The §5-optimal plan; `plan.quality` says whether it is proven optimal, and its gap.

    `plan.notes` carries the timings (build_s, solve_s, map_s) and the model size.
    """
    started = time.perf_counter()
    if progress:
        progress("build", 0.0)
    model = build_model(problem, as_of, horizon_days)
    built = time.perf_counter()
    solution = solve_model(model, threads=threads, progress=progress)
    solved = time.perf_counter()
    if progress:
        progress("explain", 1.0)
    lines = allocations(problem, model, solution.values)
    plan = Plan(
        as_of=as_of,
        horizon_end=as_of + dt.timedelta(days=horizon_days),
        allocations=lines,
        shortfalls=shortfalls(problem, model.release_day, horizon_days, lines),
        hub_values=hub_values(problem, model, solution, lines),
        quality=PlanQuality(
            proven_optimal=solution.proven_optimal,
            gap=solution.gap,
            solve_seconds=solution.solve_seconds,
            method=solution.method,
        ),
        notes={
            "build_s": built - started,
            "solve_s": solved - built,
            "map_s": time.perf_counter() - solved,
            "columns": float(model.matrix.shape[1]),
            "rows": float(model.matrix.shape[0]),
        },
    )
    return plan
