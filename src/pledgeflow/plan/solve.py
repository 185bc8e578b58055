"""Lexicographic solve of §5's criteria by column generation: the entry point of the solve.

Each criterion is one stage (`stages`), solved over all route columns in the restricted master
(`master`) and then held by restricting the master to its optimal face, not by objective rows
(safe weights would span more orders of magnitude than a simplex tolerance honours, and dense
objective rows stalled HiGHS). Tier stages start from their capacity-free relaxation or their
chains (`tier_start`). With a deadline, the running stage stops with a valid bound; a stopped
plan is completed, whole units are settled by MIP, and greedy's plan is kept where better
(`endings`). The reasoning, with measurements, is in docs/planner.md ("Design notes per module").
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from pledgeflow.plan.budget import Deadline
from pledgeflow.plan.build import (
    CRITERIA,
    TIE_BREAK,
    Candidates,
    initial_columns,
)
from pledgeflow.plan.endings import (
    GAP_TOLERANCE,
    INTEGRALITY_TOLERANCE,
    at_least_greedy,
    keep_precedence,
    stopped_solution,
    union_columns,
    whole_unit_solution,
)
from pledgeflow.plan.greedy_floor import CRITERIA_COMPARED, compare, whole
from pledgeflow.plan.master import Master, SolveError, active_criteria
from pledgeflow.plan.pricing import (
    StageDuals,
)
from pledgeflow.plan.problem import FloatArray, IntArray, Problem
from pledgeflow.plan.rounding import whole_units
from pledgeflow.plan.solution import Solution, StageResult
from pledgeflow.plan.stages import Stages, generate, tie_break, trivial_bound
from pledgeflow.plan.tier_start import relax
from pledgeflow.plan.whole_unit_columns import binding_whole_columns, every_column
from pledgeflow.plan.whole_unit_mip import Columns

Progress = Callable[[str, float], None]
POST_STAGES_FACTOR = 2.0
"""Time kept back after the LP stages, in multiples of the greedy plan's (see `_greedy_first`)."""

__all__ = ["GAP_TOLERANCE", "Progress", "Solution", "SolveError", "StageResult", "solve_model"]


def _lp_stages(
    master: Master, capacity: FloatArray, progress: Progress | None, deadline: Deadline | None
) -> Stages:
    active = active_criteria(master.cands)
    # Rounds of about 1/80 of the candidates: at M, a quarter of the former 1/20 reached a
    # priority-3 gap of 5.4 % in 60 s against 11.5 % (1/200: 6.2 %; 1/5: 10.9 %), as smaller
    # rounds keep each dual simplex re-solve short.
    limit = max(2000, len(master.cands) // 80)
    results: list[StageResult] = []
    earlier: list[StageDuals] = []
    for step, criterion in enumerate(active):
        name = CRITERIA[criterion]
        if progress:
            progress(f"LP {name}", step / len(active))
        master.set_objective(criterion)
        if name == TIE_BREAK:
            run = tie_break(master, deadline)
        else:
            report = None if progress is None else _reporter(progress, name, step / len(active))
            run = generate(master, criterion, earlier, limit, deadline, report)
        if run.value is None and name == TIE_BREAK:
            return Stages(results, run.plan)  # every §5 criterion is solved: nothing lost
        if run.value is None:
            # All are valid; the best wins. Early in a stage the Lagrangian one can be the
            # weaker (L, tier 2); the capacity-free one is the strongest on the tiers (M).
            bounds = [trivial_bound(master.cands, criterion), run.bound]
            if not name.startswith("priority_"):  # a tier stage's run holds it already
                relaxed, _ = relax(master, criterion, earlier)
                bounds.append(None if relaxed is None else relaxed.value)
            bound = max(b for b in bounds if b is not None)
            results.append(StageResult(name, bound, None, run.rounds))
            stopped = f"{run.stop} at {name} after {run.rounds} pricing rounds"
            return Stages(results, run.plan, stopped, run.begun)
        duals = master.duals() if run.duals is None else run.duals
        first = master.cands.num_pledges + master.cands.num_requirements
        hub_days = duals[first : master.cands.capacity_end].reshape(capacity.shape)
        results.append(StageResult(name, run.value, hub_days, run.rounds))
        earlier.append(StageDuals(criterion, duals))
        master.restrict(run.duals)
    return Stages(results, master.snapshot(active=True))


def _reporter(progress: Progress, name: str, fraction: float) -> Callable[[float, float], None]:
    """Reports a stage's current plan value, bound and gap (in §5's sense: fills, not costs)
    to the progress display after each pricing round."""

    def report(value: float, bound: float) -> None:
        gap = (value - bound) / max(1.0, abs(value), abs(bound))
        sign = -1.0 if name.startswith("priority_") else 1.0
        progress(
            f"LP {name}: {sign * value:.6g}, bound {sign * bound:.6g}, gap {gap:.2%}", fraction
        )

    return report


def solve_model(
    problem: Problem,
    cands: Candidates,
    capacity: FloatArray,
    *,
    threads: int = 2,
    progress: Progress | None = None,
    seed: Callable[[Columns | None], Columns] | None = None,
    mip_seconds: float = 10.0,
    deadline: Deadline | None = None,
    warm: Columns | None = None,
) -> Solution:
    """Solve every criterion in order over all route columns (see the module docstring);
    `seed` gives a whole-unit plan (greedy's) as columns, asked for only if the LP plan has
    fractional indivisible columns, and `mip_seconds` bounds the whole-unit MIP stages.

    With a `deadline` (see `budget`), the stage running when it passes stops
    with its last feasible plan and a valid Lagrangian bound; the plan is then not proven
    optimal, and its gap is measured against that bound (or a trivial one if the stage had no
    solved round); later criteria are not optimised.

    `warm` columns (a re-plan passes its reference plan's lines) join the initial ones: after a
    small change most of the new optimum's columns are among them, so each stage needs fewer
    pricing rounds. They change where the search starts, never what it proves."""
    method = "HiGHS simplex with column generation, lexicographic"
    if len(cands) == 0:
        none = np.zeros(0, dtype=np.int64)
        return Solution(none, none, np.zeros(0), [], True, 0.0, "", "no usable route: empty plan")
    upper = np.concatenate(
        [
            problem.pledge_quantity,
            problem.req_quantity,
            capacity.ravel(),
            cands.precedence.upper,
            np.zeros(len(cands.reference_bound)),
        ]
    )
    # Made first under a time limit, so that a plan at least as good is there whatever stops.
    greedy, stages_deadline = None, deadline
    if seed is not None and deadline is not None:
        greedy, stages_deadline = _greedy_first(cands, seed, deadline)
    master = Master(cands, upper, threads)
    start = initial_columns(cands)
    index, days = _distinct(cands, start, cands.first[start], warm)
    master.add(index, days, 0)
    lp = _lp_stages(master, capacity, progress, stages_deadline)
    index, days, values = lp.plan.index, lp.plan.days, lp.plan.values
    integral = cands.integral[index]
    fractional = np.abs(values - np.round(values)) > INTEGRALITY_TOLERANCE
    if lp.stopped:
        stopped = stopped_solution(cands, lp, upper, capacity, seed, method)
        return at_least_greedy(cands, stopped, greedy, lp.results)
    if not np.any(fractional & integral):
        values[integral] = np.round(values[integral])
        return Solution(index, days, values, lp.results, True, 0.0, "", method)
    if progress:
        progress("MIP whole units", 1.0)
    rounded = Columns(*whole_units(cands, index, days, values, upper))
    if greedy is None and seed is not None:
        greedy = whole(cands, seed(None))
    seeds = keep_precedence(cands, [rounded] if greedy is None else [greedy, rounded])
    every = every_column(cands)
    generated = Columns(index, days, np.zeros(len(index)))
    seconds = mip_seconds if deadline is None else max(min(mip_seconds, deadline.left()), 0.1)
    mip = whole_unit_solution(
        cands, every or generated, seeds, upper, lp.results, seconds, method, every is not None
    )
    if every is None and mip.gap_criterion.startswith("priority_"):
        # A tier missed its LP bound: whole units may need columns the LP never did.
        more = union_columns(generated, binding_whole_columns(cands, lp.plan, capacity))
        seconds = mip_seconds if deadline is None else max(min(mip_seconds, deadline.left()), 0.1)
        found = Columns(mip.index, mip.days, mip.values)
        again = whole_unit_solution(
            cands, more, [found, *seeds], upper, lp.results, seconds, method, False
        )
        if (
            compare(cands, Columns(again.index, again.days, again.values), found, CRITERIA_COMPARED)
            < 0
        ):
            mip = again
    return at_least_greedy(cands, mip, greedy, lp.results)


def _greedy_first(
    cands: Candidates, seed: Callable[[Columns | None], Columns], deadline: Deadline
) -> tuple[Columns, Deadline]:
    """Greedy's plan, made first so that a plan at least as good is there whatever stops, and
    the deadline for the LP stages: what a stopped plan needs after them (greedy completing
    it, whole units, mapping) takes about twice what greedy took, so that much is kept back."""
    started = deadline.clock()
    greedy = whole(cands, seed(None))
    took = deadline.clock() - started
    return greedy, Deadline(deadline.clock, deadline.at - POST_STAGES_FACTOR * took)


def _distinct(
    cands: Candidates, index: IntArray, days: IntArray, more: Columns | None
) -> tuple[IntArray, IntArray]:
    """The columns (index, days) and `more`'s, each once."""
    if more is None or len(more.index) == 0:
        return index, days
    index = np.concatenate([index, more.index])
    days = np.concatenate([days, more.days])
    _, first = np.unique(index * (cands.horizon_days + 1) + days, return_index=True)
    return index[first], days[first]
