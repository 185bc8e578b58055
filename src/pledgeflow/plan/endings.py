"""How a solve ends: a stopped plan completed, whole units by MIP, greedy's plan where
better, and the gap at the first criterion where the plan is worse than its bound.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from pledgeflow.plan.build import (
    CRITERIA,
    STABILITY,
    TIE_BREAK,
    Candidates,
)
from pledgeflow.plan.greedy_floor import greedy_is_better
from pledgeflow.plan.problem import FloatArray, IntArray
from pledgeflow.plan.rounding import whole_units
from pledgeflow.plan.solution import Solution, StageResult
from pledgeflow.plan.stability import kept_units
from pledgeflow.plan.stages import Stages, next_criterion, trivial_bound
from pledgeflow.plan.whole_unit_mip import Columns, solve_whole_units

GAP_TOLERANCE = 1e-6
INTEGRALITY_TOLERANCE = 1e-6


def union_columns(a: Columns, b: Columns) -> Columns:
    return Columns(
        np.concatenate([a.index, b.index]),
        np.concatenate([a.days, b.days]),
        np.concatenate([a.values, b.values]),
    )


def at_least_greedy(
    cands: Candidates, solution: Solution, greedy: Columns | None, lp: list[StageResult]
) -> Solution:
    """`solution`, or greedy's plan where that is lexicographically better (see
    `greedy_floor`); the method says which was kept."""
    if solution.proven_optimal or greedy is None:
        return solution
    greedy = keep_precedence(cands, [greedy])[0]
    plan = Columns(solution.index, solution.days, solution.values)
    if not greedy_is_better(cands, plan, greedy):
        return replace(solution, method=solution.method + "; kept: the optimiser's plan")
    gap, where = lexicographic_gap(cands, greedy.index, greedy.days, greedy.values, lp)
    method = f"kept: the greedy method's plan, better than the optimiser's ({solution.method})"
    return replace(
        solution,
        index=greedy.index,
        days=greedy.days,
        values=greedy.values,
        gap=gap,
        gap_criterion=where,
        method=method,
        kept_greedy=True,
    )


def stopped_solution(
    cands: Candidates,
    lp: Stages,
    upper: FloatArray,
    capacity: FloatArray,
    seed: Callable[[Columns | None], Columns] | None,
    method: str,
) -> Solution:
    """The plan the time limit left: whole units by rounding, what it leaves filled by greedy,
    and its gap at the first criterion where it is worse than the bound."""
    method += f"; {lp.stopped}, later criteria not optimised"
    stopped, rounded = rounded_plan(cands, lp.plan, upper)
    if lp.begun is not None and lp.begun is not lp.plan:
        # The stage's progress is rounded from a vertex of the master, where whole units can
        # turn fractional (M, stopped in lateness: 0.5 of priority-1 fill lost); its start was
        # whole.
        begun, begun_rounded = rounded_plan(cands, lp.begun, upper)
        if order(cands, begun, stopped, lp.results) < 0:
            stopped, rounded = begun, begun_rounded
    if rounded:
        method += "; indivisible items rounded down and repaired (no MIP: no time left)"
    if seed is not None:
        # Greedy fills what the stopped plan leaves: it only adds units, so no tier falls,
        # and the tiers the stop left unoptimised are not left empty.
        more = seed(stopped)
        stopped = Columns(
            np.concatenate([stopped.index, more.index]),
            np.concatenate([stopped.days, more.days]),
            np.concatenate([stopped.values, more.values]),
        )
        method += "; what it leaves filled by the greedy method"
    kept = keep_precedence(cands, [stopped])[0]
    index, days, values = kept.index, kept.days, kept.values
    gap, where = lexicographic_gap(cands, index, days, values, lp.results)
    following = next_criterion(cands, lp.results[-1].name)
    if not where and following is not None:
        # The stopped stage met its bound: the gap lies in the next, unsolved criterion.
        name = CRITERIA[following]
        empty = np.zeros_like(capacity)
        bounded = [*lp.results, StageResult(name, trivial_bound(cands, following), empty)]
        gap, where = lexicographic_gap(cands, index, days, values, bounded)
    return Solution(index, days, values, lp.results, False, gap, where, method, stopped=True)


def rounded_plan(cands: Candidates, plan: Columns, upper: FloatArray) -> tuple[Columns, bool]:
    """`plan` in whole units (rounded down and repaired, see `rounding`), and whether it had to
    be."""
    index, days, values = plan.index, plan.days, plan.values
    fractional = np.abs(values - np.round(values)) > INTEGRALITY_TOLERANCE
    rounded = bool(np.any(fractional & cands.integral[index]))
    whole = Columns(*whole_units(cands, index, days, values, upper)) if rounded else plan
    values = whole.values.copy()
    values[cands.integral[whole.index]] = np.round(values[cands.integral[whole.index]])
    return Columns(whole.index, whole.days, values), rounded


def order(cands: Candidates, a: Columns, b: Columns, stages: list[StageResult]) -> int:
    """-1 if plan `a` is lexicographically better than `b` on the `stages`' criteria (beyond
    GAP_TOLERANCE), 1 if worse, 0 if neither."""
    worth = []
    for plan in (a, b):
        costs = cands.costs(plan.index, plan.days) @ plan.values
        costs[CRITERIA.index(STABILITY)] = -kept_units(cands, plan.index, plan.values)
        worth.append(costs)
    for stage in stages:
        j = CRITERIA.index(stage.name)
        room = GAP_TOLERANCE * max(1.0, abs(stage.value))
        if abs(worth[0][j] - worth[1][j]) > room:
            return -1 if worth[0][j] < worth[1][j] else 1
    return 0


def whole_unit_solution(
    cands: Candidates,
    generated: Columns,
    seeds: list[Columns],
    upper: FloatArray,
    lp: list[StageResult],
    mip_seconds: float,
    method: str,
    exact: bool,
) -> Solution:
    """The whole-unit MIP's plan, with its gap against the LP bounds, or, when the MIP held
    every column (`exact`), against HiGHS's own bounds, which are then the true ones."""
    # Not the tie-break: at S its MIP took 3–6 s to move departures that change no criterion.
    stages = [(CRITERIA.index(stage.name), stage.value) for stage in lp if stage.name != TIE_BREAK]
    mip = solve_whole_units(cands, generated, seeds, upper, stages, mip_seconds)
    index, days, values = mip.columns.index, mip.columns.days, mip.columns.values
    gap, where = lexicographic_gap(cands, index, days, values, lp)
    if exact and where:
        # Every stage HiGHS ran on the whole model is exact up to its own gap.
        open_gaps = [(name, g) for name, g in mip.mip_gaps.items() if g > GAP_TOLERANCE]
        gap, where = open_gaps[0][1] if open_gaps else 0.0, open_gaps[0][0] if open_gaps else ""
    note, worst = mip_note(mip.mip_gaps, lp, where)
    held = "every column of the model" if exact else "generated, binding-hub and seed columns"
    method += (
        f"; indivisible items: lexicographic HiGHS MIP over {len(index)} columns ({held}; "
        f"seeds: greedy plan, rounded LP plan), {note}"
    )
    return Solution(index, days, values, lp, not where, gap, where, method, worst)


def mip_note(mip_gaps: dict[str, float], lp: list[StageResult], where: str) -> tuple[str, float]:
    """HiGHS's gaps from the first stage above its LP bound on (the stages before it are proven
    optimal by that bound), as text and their largest value."""
    names = [stage.name for stage in lp]
    after = set(names[names.index(where) :]) if where else set()
    open_gaps = {name: value for name, value in mip_gaps.items() if name in after}
    listed = ", ".join(
        f"{name} {value:.3g}" for name, value in open_gaps.items() if value > GAP_TOLERANCE
    )
    if not listed:
        return "no stage stopped by the MIP time limit", 0.0
    return f"MIP gaps where the time limit stopped it: {listed}", max(open_gaps.values())


def keep_precedence(cands: Candidates, seeds: list[Columns]) -> list[Columns]:
    """Seeds cut back to the precedence rows, which neither greedy nor rounding knows; the MIP
    needs feasible seeds (see `whole_unit_mip`)."""
    if not cands.precedence.num_rows:
        return seeds
    return [
        Columns(
            seed.index,
            seed.days,
            cands.precedence.repair(
                cands.requirement[seed.index],
                cands.dispatch[seed.index],
                seed.days + cands.outbound[seed.index],
                seed.values,
                cands.integral[seed.index],
            ),
        )
        for seed in seeds
    ]


def lexicographic_gap(
    cands: Candidates, index: IntArray, days: IntArray, values: FloatArray, lp: list[StageResult]
) -> tuple[float, str]:
    """Relative gap at the first criterion where the plan is worse than its LP bound."""
    costs = cands.costs(index, days) @ values
    costs[CRITERIA.index(STABILITY)] = -kept_units(cands, index, values)
    for stage in lp:
        if stage.name == TIE_BREAK:
            continue  # no §5 criterion, and solved over the generated columns only
        value = float(costs[CRITERIA.index(stage.name)])
        excess = value - stage.value
        if excess > GAP_TOLERANCE * max(1.0, abs(stage.value)):
            # Relative to the larger of plan value and bound (at most 1 when both have one
            # sign, as MIP solvers report it), and never to less than one unit.
            return excess / max(1.0, abs(stage.value), abs(value)), stage.name
    return 0.0, ""
