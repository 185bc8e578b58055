"""Whole units for indivisible items: a lexicographic MIP over the generated columns, seeded.

When the LP leaves an indivisible column fractional, the restricted master (every column that
column generation produced, plus the columns of the seeds) is solved again with integrality on
the indivisible items' columns, criterion by criterion in §5's order. After each stage a row
`cost·x ≤ value` holds the stage's value for the later ones (the MIP is small, so these dense
rows are affordable here, unlike in the LP stages).

More, with measurements: docs/planner.md, "whole_unit_mip".
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from pledgeflow.plan.build import CRITERIA, STABILITY, Candidates, column_entries
from pledgeflow.plan.problem import FloatArray, IntArray

OBJECTIVE_SLACK = 1e-9
BOUND_TOLERANCE = 1e-6
MIP_GAP = 1e-6
"""HiGHS's relative MIP gap per stage: the tolerance within which `solve` calls a plan optimal.
Tighter only buys time: at S the tie-break stage spent its whole 10 s share closing a 2.8e-8 gap."""
FEASIBILITY = 1e-6
"""HiGHS's MIP feasibility tolerance: a seed within it of the held rows is a valid start."""


@dataclass(frozen=True, slots=True)
class Columns:
    """Route columns (triple, hub-out day) and their values."""

    index: IntArray
    days: IntArray
    values: FloatArray

    @classmethod
    def empty(cls) -> Columns:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, np.zeros(0))


@dataclass(frozen=True, slots=True)
class WholeUnits:
    columns: Columns
    mip_gaps: dict[str, float]
    """HiGHS's relative MIP gap at each stage (0 where it proved the stage optimal)."""


class _Mip:
    """The restricted master with integrality: stability variables first, then route columns."""

    def __init__(self, cands: Candidates, index: IntArray, days: IntArray, upper: FloatArray):
        self.cands, self.index, self.days = cands, index, days
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("mip_rel_gap", MIP_GAP)
        none = np.zeros(0, dtype=np.int64)
        lower = np.full(len(upper), -highspy.kHighsInf)
        self.highs.addRows(len(upper), lower, upper, 0, none, none, np.zeros(0))
        kept = len(cands.reference_bound)
        rows = cands.num_base_rows + np.arange(kept, dtype=np.int64)
        self.highs.addCols(
            kept, np.zeros(kept), np.zeros(kept), cands.reference_bound, kept,
            np.arange(kept, dtype=np.int64), rows, np.ones(kept),
        )  # fmt: skip
        starts, entries, values = column_entries(cands, index, days)
        n = len(index)
        self.highs.addCols(
            n, np.zeros(n), np.zeros(n), np.full(n, highspy.kHighsInf), len(entries),
            starts, entries, values,
        )  # fmt: skip
        integral = kept + np.flatnonzero(cands.integral[index]).astype(np.int32)
        kinds = np.full(len(integral), highspy.HighsVarType.kInteger)
        self.highs.changeColsIntegrality(len(integral), integral, kinds)
        self.kept = kept

    def full(self, values: FloatArray) -> FloatArray:
        """Route values with the stability variables that go with them: y = min(A, x_t)."""
        rows = self.cands.reference_row[self.index]
        on = rows >= 0
        sent = np.bincount(
            rows[on] - self.cands.num_base_rows,
            weights=values[on],
            minlength=self.kept,
        )
        return np.concatenate([np.minimum(sent, self.cands.reference_bound), values])

    def cost(self, criterion: int) -> FloatArray:
        kept = np.full(self.kept, -1.0 if CRITERIA[criterion] == STABILITY else 0.0)
        return np.concatenate([kept, self.cands.costs(self.index, self.days)[criterion]])

    def solve(
        self, cost: FloatArray, start: FloatArray, seconds: float
    ) -> tuple[FloatArray, float]:
        """Minimise `cost` from `start`; the best solution found and HiGHS's MIP gap."""
        columns = np.arange(len(cost), dtype=np.int32)
        self.highs.changeColsCost(len(cost), columns, cost)
        self.highs.setOptionValue("time_limit", max(seconds, 0.01))
        self.highs.setSolution(len(start), columns, start)
        self.highs.run()
        solution = np.asarray(self.highs.getSolution().col_value, dtype=np.float64)
        gap = float(self.highs.getInfo().mip_gap)
        if len(solution) != len(cost):
            return start, float("inf")
        if cost @ solution > cost @ start:
            # HiGHS's optimum is the start's value up to its tolerances: the start is proven
            # optimal with it; otherwise its incumbent was worse, and nothing is proven.
            proven = self.highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
            found, started = float(cost @ solution), float(cost @ start)
            close = found <= started + BOUND_TOLERANCE * max(1.0, abs(started))
            return start, gap if proven and close else float("inf")
        return solution, gap

    def hold(self, cost: FloatArray, value: float) -> float:
        """Add the row cost·x ≤ value (+ slack) and return its bound."""
        bound = value + OBJECTIVE_SLACK * max(1.0, abs(value))
        nonzero = np.flatnonzero(cost).astype(np.int32)
        self.highs.addRow(-highspy.kHighsInf, bound, len(nonzero), nonzero, cost[nonzero])
        return bound


def _union(cands: Candidates, pieces: list[Columns]) -> tuple[IntArray, IntArray, list[FloatArray]]:
    """The distinct columns of all pieces, and each piece's values on them."""
    keys = [piece.index * (cands.horizon_days + 1) + piece.days for piece in pieces]
    unique, first = np.unique(np.concatenate(keys), return_index=True)
    index = np.concatenate([piece.index for piece in pieces])[first]
    days = np.concatenate([piece.days for piece in pieces])[first]
    values = []
    for piece, key in zip(pieces, keys, strict=True):
        spread = np.zeros(len(unique))
        np.add.at(spread, np.searchsorted(unique, key), piece.values)
        values.append(spread)
    return index, days, values


def solve_whole_units(
    cands: Candidates,
    generated: Columns,
    seeds: list[Columns],
    row_upper: FloatArray,
    stages: list[tuple[int, float]],
    seconds: float,
) -> WholeUnits:
    """Lexicographic MIP over the generated and seed columns (see the module docstring); the
    seeds must be feasible whole-unit solutions; `stages` are (criterion, LP value). `seconds`
    bounds all stages together: each stage may use an equal share of what is left, so time a
    stage does not need passes on and an early, hard stage cannot starve the later ones."""
    index, days, values = _union(cands, [generated, *seeds])
    mip = _Mip(cands, index, days, row_upper)
    starts = [mip.full(seed) for seed in values[1:]]
    held: list[tuple[FloatArray, float]] = []
    gaps: dict[str, float] = {}
    best = starts[0]
    bounded = True
    for step, (criterion, lp_value) in enumerate(stages):
        cost = mip.cost(criterion)
        fits = [s for s in starts if all(c @ s <= bound + FEASIBILITY for c, bound in held)]
        best = min([best, *fits], key=lambda s: float(cost @ s))
        limit = lp_value + BOUND_TOLERANCE * max(1.0, abs(lp_value))
        if not (bounded and float(cost @ best) <= limit):
            share = (seconds - mip.highs.getRunTime()) / (len(stages) - step)
            best, gaps[CRITERIA[criterion]] = mip.solve(cost, best, share)
        bounded = bounded and float(cost @ best) <= limit
        held.append((cost, mip.hold(cost, float(cost @ best))))
    route = best[mip.kept :].copy()
    integral = cands.integral[index]
    route[integral] = np.round(route[integral])
    return WholeUnits(Columns(index, days, route), gaps)
