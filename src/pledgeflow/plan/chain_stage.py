"""Tier stages the hubs bind, solved exactly on day chains, by column generation over triples.

More, with measurements: docs/planner.md, "chain_stage".
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from pledgeflow.plan.build import PRIORITIES, Candidates
from pledgeflow.plan.pricing import FACE_TOLERANCE, REDUCED_COST_TOLERANCE
from pledgeflow.plan.problem import BoolArray, FloatArray, IntArray
from pledgeflow.plan.scheduling import HubChains, Schedule, first_due

PRIMAL_SIMPLEX = 4
WHOLE_UNIT_STEPS = 200
"""At most this many indivisible jobs are tried at whole units per stage (see `_whole_units`)."""
INTEGRALITY_TOLERANCE = 1e-6
ROUND_SHARE = 20
"""Jobs added per round: at most a 1/ROUND_SHARE of the usable triples (and at least 1,000)."""


@dataclass(frozen=True, slots=True)
class ChainOptimum:
    """A stage's optimum on the chains: its value (without what the columns held fixed when the
    chains were built cost), the duals of the pledge, requirement and hub-day rows, and its
    plan as route columns."""

    value: float
    duals: FloatArray
    placed: Schedule


class ChainModel:
    """The chain LP of the tier stages from the first one the hubs bind (see the module
    docstring), within the rows' bounds net of what the master's fixed columns take."""

    def __init__(
        self,
        cands: Candidates,
        usable: BoolArray,
        row_lower: FloatArray,
        row_upper: FloatArray,
    ) -> None:
        p, r = cands.num_pledges, cands.num_requirements
        days = cands.horizon_days + 1
        self.cands = cands
        triples = np.flatnonzero(usable)
        self.chains, member = HubChains.of(cands.hub[triples], cands.last[triples], days)
        self.job_class = np.full(len(cands), -1, dtype=np.int64)
        self.job_class[triples] = member
        self.node_start = p + r
        self.hub_day_start = self.node_start + self.chains.num_nodes
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("output_flag", False)
        lower = np.concatenate(
            [
                row_lower[: p + r],
                np.zeros(self.chains.num_nodes),
                row_lower[p + r : cands.capacity_end],
            ]
        )
        upper = np.concatenate(
            [
                row_upper[: p + r],
                np.zeros(self.chains.num_nodes),
                row_upper[p + r : cands.capacity_end],
            ]
        )
        none = np.zeros(0, dtype=np.int64)
        self.highs.addRows(len(upper), lower, upper, 0, none, none, np.zeros(0))
        arc_rows, arc_values = self.chains.arc_entries(self.node_start, self.hub_day_start)
        n = self.chains.num_arcs
        self.highs.addCols(
            n, np.zeros(n), np.zeros(n), np.full(n, np.inf), 2 * n,
            2 * np.arange(n, dtype=np.int64), arc_rows, arc_values,
        )  # fmt: skip
        self.jobs = np.zeros(0, dtype=np.int64)
        self.earlier: list[tuple[FloatArray, FloatArray]] = []
        """Costs and row duals of the stages solved: the faces new jobs must lie on."""
        self.cost = np.zeros(len(cands))
        self.solved = False
        self.tier = np.argmax(cands.fixed[: len(PRIORITIES)] != 0, axis=0)
        """Per triple, its requirement's priority tier (0 for priority 1)."""

    def solve(
        self,
        cost: FloatArray,
        usable: BoolArray,
        start: BoolArray,
        seconds: float | None = None,
    ) -> ChainOptimum | None:
        """The stage min cost·x (per unit, the same on every day) over the `usable` triples on
        every earlier stage's face, starting with the `start` ones; None if HiGHS finds no
        optimum (in `seconds`, if given)."""
        usable = usable & (self.job_class >= 0)
        self.cost = cost
        n = self.chains.num_arcs
        self.highs.changeColsCost(
            len(self.jobs), n + np.arange(len(self.jobs), dtype=np.int32), cost[self.jobs]
        )
        self._add(self._entering(start & usable), cost)
        if seconds is not None:
            self.highs.setOptionValue("time_limit", self.highs.getRunTime() + max(seconds, 0.001))
        self.highs.setOptionValue("solver", "simplex" if self.solved else "ipm")
        limit = max(1000, int(usable.sum()) // ROUND_SHARE)
        while True:
            self.highs.run()
            if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            self.solved = True
            # Later rounds only add columns: the basis stays primal feasible, and primal
            # simplex goes on from it.
            self.highs.setOptionValue("solver", "simplex")
            self.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
            duals = np.asarray(self.highs.getSolution().row_dual, dtype=np.float64)
            free = self._entering(usable)
            reduced = self._reduced(cost, duals, free)
            chosen = np.flatnonzero(reduced < -REDUCED_COST_TOLERANCE)
            if len(chosen) == 0:
                break
            if len(chosen) > limit:
                chosen = chosen[np.argpartition(reduced[chosen], limit)[:limit]]
            self._add(free[chosen], cost)
        value = float(self.highs.getInfo().objective_function_value)
        row_duals = np.concatenate([duals[: self.node_start], duals[self.hub_day_start :]])
        self._restrict()
        values, undo = self._whole_units()
        self.highs.changeColsBounds(len(undo[0]), undo[0], undo[1], undo[2])
        return ChainOptimum(value, row_duals, self._placed(values))

    def _restrict(self) -> None:
        """Restrict the LP to the optimal face of the stage just solved (complementary
        slackness with its basis, as `master.Master.restrict` does), and keep its duals for
        the jobs later stages add."""
        solution = self.highs.getSolution()
        basis = self.highs.getBasis()
        basic = highspy.HighsBasisStatus.kBasic
        values = np.asarray(solution.col_value, dtype=np.float64)
        reduced = np.asarray(solution.col_dual, dtype=np.float64)
        nonbasic = np.asarray([status != basic for status in basis.col_status], dtype=bool)
        cols = np.flatnonzero(nonbasic & (np.abs(reduced) > FACE_TOLERANCE)).astype(np.int32)
        self.highs.changeColsBounds(len(cols), cols, values[cols], values[cols])
        duals = np.asarray(solution.row_dual, dtype=np.float64)
        nonbasic = np.asarray([status != basic for status in basis.row_status], dtype=bool)
        rows = np.flatnonzero(nonbasic & (np.abs(duals) > FACE_TOLERANCE)).astype(np.int32)
        activity = np.asarray(solution.row_value, dtype=np.float64)
        # Tight at the optimum's own activity, which meets its bounds within tolerance only.
        self.highs.changeRowsBounds(  # type: ignore[attr-defined]
            len(rows), rows, activity[rows], activity[rows]
        )
        self.earlier.append((self.cost, duals))

    def _entering(self, candidates: BoolArray) -> IntArray:
        """Triples among `candidates` not yet jobs and on every earlier stage's face."""
        free = candidates.copy()
        free[self.jobs] = False
        triples = np.flatnonzero(free)
        for cost, duals in self.earlier:
            triples = triples[self._reduced(cost, duals, triples) <= FACE_TOLERANCE]
        return triples

    def _reduced(self, cost: FloatArray, duals: FloatArray, triples: IntArray) -> FloatArray:
        c = self.cands
        node = self.node_start + self.chains.node(self.job_class[triples], c.first[triples])
        reduced: FloatArray = cost[triples] - duals[c.pledge[triples]]
        reduced -= duals[c.num_pledges + c.requirement[triples]]
        reduced -= c.mass_t[triples] * duals[node]
        return reduced

    def _add(self, new: IntArray, cost: FloatArray) -> None:
        c = self.cands
        rows = np.stack(
            [
                c.pledge[new],
                c.num_pledges + c.requirement[new],
                self.node_start + self.chains.node(self.job_class[new], c.first[new]),
            ],
            axis=1,
        ).ravel()
        values = np.stack([np.ones(len(new)), np.ones(len(new)), c.mass_t[new]], axis=1)
        k = len(new)
        self.highs.addCols(
            k, cost[new], np.zeros(k), np.full(k, np.inf), 3 * k,
            3 * np.arange(k, dtype=np.int64), rows, values.ravel(),
        )  # fmt: skip
        self.jobs = np.concatenate([self.jobs, new])

    def _whole_units(self) -> tuple[FloatArray, tuple[np.ndarray, FloatArray, FloatArray]]:
        """Indivisible jobs fixed, one at a time, at whole units where the face allows (the
        nearest whole number first, then the other side); returns the bounds to restore.

        Why: the chain LP is no transportation problem, and its vertices leave indivisible jobs
        fractional (at M, 6 units of tiers 2–3 over 12 jobs) where whole ones are just as good;
        a plan the time limit stops must round them down. On the restricted face every feasible
        point is optimal for the stages solved, so any job fixed stays optimal, and the bounds
        are restored for the next stage, which this choice must not constrain. Returns the
        last optimal point (a time limit may stop a step) and the bounds to restore."""
        n = self.chains.num_arcs
        lp = self.highs.getLp()
        lower = np.asarray(lp.col_lower_, dtype=np.float64)
        upper = np.asarray(lp.col_upper_, dtype=np.float64)
        fixed: list[int] = []
        point = np.asarray(self.highs.getSolution().col_value, dtype=np.float64)
        for _ in range(WHOLE_UNIT_STEPS):
            values = point[n:]
            fractional = self.cands.integral[self.jobs] & (
                np.abs(values - np.round(values)) > INTEGRALITY_TOLERANCE
            )
            fractional[np.asarray(fixed, dtype=np.int64) - n] = False
            if not fractional.any():
                break
            # Higher tiers first: a job fixed constrains the others, and a unit of priority 1
            # left fractional would be rounded away before one of priority 5.
            candidates = np.flatnonzero(fractional)
            job = int(candidates[np.argmin(self.tier[self.jobs[candidates]])])
            col = n + job
            fixed.append(col)
            near = float(np.round(values[job]))
            far = float(np.floor(values[job]) if near > values[job] else np.ceil(values[job]))
            for whole in (near, far, None):
                if whole is None:
                    self.highs.changeColBounds(col, lower[col], upper[col])
                else:
                    self.highs.changeColBounds(col, whole, whole)
                self.highs.run()
                status = self.highs.getModelStatus()
                if status in (
                    highspy.HighsModelStatus.kOptimal,
                    highspy.HighsModelStatus.kTimeLimit,
                ):
                    break
            if status != highspy.HighsModelStatus.kOptimal:
                break
            point = np.asarray(self.highs.getSolution().col_value, dtype=np.float64)
        cols = np.asarray(fixed, dtype=np.int32)
        return point, (cols, lower[cols], upper[cols])

    def _placed(self, values: FloatArray) -> Schedule:
        c = self.cands
        arcs, units = values[: self.chains.num_arcs], values[self.chains.num_arcs :]
        mass = c.mass_t[self.jobs]
        departures = self.chains.departures(arcs[len(self.chains.hold_class) :])
        used = units > 0
        jobs = self.jobs[used]
        unit = np.where(c.integral[jobs], mass[used], 0.0)
        index, when, placed = first_due(
            jobs,
            self.job_class[jobs],
            c.first[jobs],
            c.on_time[jobs],
            units[used] * mass[used],
            departures,
            unit,
        )
        total = float(units @ mass)
        return Schedule(index, when, placed / c.mass_t[index], total, total)
