"""The stage without hub capacities: a bound, a starting plan, and a proof of optimality.

Why this relaxation: the priority tiers are limited by supply far more than by hubs. At M,
priority 3 without any hub capacity is worth −2,697.00, which is its optimum, while 29 rounds
of column generation had reached −2,672.78 and their best Lagrangian bound
(`master.Master.lagrangian_bound`, every pair free to take its full quantity) was −2,817.
Dropping the capacity, precedence and stability rows but keeping the pledge and requirement rows
leaves a transportation LP over (pledge, requirement) pairs, which HiGHS solves in about a
second at M.

More, with measurements: docs/planner.md, "capacity_free".
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from pledgeflow.plan.build import Candidates
from pledgeflow.plan.problem import FloatArray, IntArray


@dataclass(frozen=True, slots=True)
class HeldColumns:
    """The master's columns as the relaxation needs them: stability variables (cost and
    bounds), then route columns (triple, cost and bounds)."""

    kept_cost: FloatArray
    kept_lower: FloatArray
    kept_upper: FloatArray
    index: IntArray
    cost: FloatArray
    lower: FloatArray
    upper: FloatArray


@dataclass(frozen=True, slots=True)
class Relaxed:
    """The relaxation's optimum: its value, the pledge then requirement row duals, and the units
    on each pair's column (the held columns' but for the fixed ones)."""

    value: float
    duals: FloatArray
    pair_flow: FloatArray

    def row_duals(self, rows: int) -> FloatArray:
        """The duals on every one of the master's `rows`: zero beyond pledges and requirements."""
        duals = np.zeros(rows)
        duals[: len(self.duals)] = self.duals
        return duals


def capacity_free(
    cands: Candidates,
    held: HeldColumns,
    row_lower: FloatArray,
    row_upper: FloatArray,
    least: FloatArray,
    seconds: float | None = None,
) -> Relaxed | None:
    """The relaxation's optimum (see the module docstring), or None if HiGHS finds none (in
    `seconds`, if given).

    `least` is, per triple, the least cost of its admissible columns the master does not hold
    (+inf if none); the rows and held columns are the master's. Pair columns need no bound of
    their own: the pledge and requirement rows bound them."""
    p, r = cands.num_pledges, cands.num_requirements
    kept = held.kept_cost
    constant = float(kept @ np.where(kept < 0, held.kept_upper, held.kept_lower))
    fixed = held.lower == held.upper
    constant += float(held.cost[fixed] @ held.lower[fixed])
    taken = np.bincount(cands.pledge[held.index[fixed]], held.lower[fixed], minlength=p)
    taken = np.concatenate(
        [taken, np.bincount(cands.requirement[held.index[fixed]], held.lower[fixed], minlength=r)]
    )
    pairs = int(cands.pair.max()) + 1
    cheapest = np.full(pairs, np.inf)
    usable = np.isfinite(least)
    np.minimum.at(cheapest, cands.pair[usable], least[usable])
    np.minimum.at(cheapest, cands.pair[held.index[~fixed]], held.cost[~fixed])
    chosen = np.flatnonzero(np.isfinite(cheapest))
    pledge = np.zeros(pairs, dtype=np.int64)
    requirement = np.zeros(pairs, dtype=np.int64)
    pledge[cands.pair] = cands.pledge
    requirement[cands.pair] = cands.requirement
    cost = cheapest[chosen]
    rows = np.stack([pledge[chosen], p + requirement[chosen]], axis=1).ravel()
    n = len(cost)
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    none = np.zeros(0, dtype=np.int64)
    lower, upper = row_lower[: p + r] - taken, row_upper[: p + r] - taken
    highs.addRows(p + r, lower, upper, 0, none, none, np.zeros(0))
    starts = 2 * np.arange(n, dtype=np.int64)
    highs.addCols(n, cost, np.zeros(n), np.full(n, np.inf), 2 * n, starts, rows, np.ones(2 * n))
    if seconds is not None:
        highs.setOptionValue("time_limit", max(seconds, 0.001))
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = highs.getSolution()
    values = np.asarray(solution.col_value, dtype=np.float64)
    flow = np.zeros(pairs)
    flow[chosen] = values
    return Relaxed(
        value=constant + float(highs.getInfo().objective_function_value),
        duals=np.asarray(solution.row_dual, dtype=np.float64),
        pair_flow=flow,
    )
