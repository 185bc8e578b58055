"""The restricted master: HiGHS over the route columns held, and its face restriction.

One object wraps the HiGHS model of one plan: columns are added by pricing, objectives change
per stage, and after a stage the model is restricted to its optimal face (see `solve`).
"""

from __future__ import annotations

import highspy
import numpy as np

from pledgeflow.plan.budget import Deadline
from pledgeflow.plan.build import (
    CRITERIA,
    STABILITY,
    Candidates,
    column_entries,
)
from pledgeflow.plan.capacity_free import HeldColumns
from pledgeflow.plan.chain_stage import ChainModel
from pledgeflow.plan.pricing import (
    FACE_TOLERANCE,
    REDUCED_COST_TOLERANCE,
)
from pledgeflow.plan.problem import BoolArray, FloatArray, IntArray
from pledgeflow.plan.whole_unit_mip import Columns

PRIMAL_TOLERANCE = 1e-7
FACE_SLACK = 1e-7
PRIMAL_SIMPLEX = 4
DUAL_SIMPLEX = 1


class SolveError(RuntimeError):
    """HiGHS did not reach an optimum (it should always: the empty plan is feasible)."""


class Master:
    """The restricted model in HiGHS plus the columns it holds.

    HiGHS columns 0..k-1 are the k stability variables (units kept per referenced triple, see
    `stability`); route columns follow, so `index`/`days` describe HiGHS columns k onwards.
    """

    def __init__(self, cands: Candidates, row_upper: FloatArray, threads: int) -> None:
        self.cands = cands
        self.highs = highspy.Highs()  # type: ignore[no-untyped-call]
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("threads", threads)
        # Every route column carries the bound min(pledge, requirement quantity) its rows imply
        # anyway: with all columns boxed, a cost change or new columns leave the basis dual
        # feasible after bound flips, and dual simplex resumes from it (about half the time of
        # primal simplex on the M-size tier stages). Pricing skips held columns, so one held at
        # its bound with a negative reduced cost does not hide its triple's other days.
        self.highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
        self.bound = np.minimum(
            row_upper[cands.pledge], row_upper[cands.num_pledges + cands.requirement]
        )
        lower = np.full(len(row_upper), -highspy.kHighsInf)
        none = np.zeros(0, dtype=np.int64)
        self.highs.addRows(len(row_upper), lower, row_upper, 0, none, none, np.zeros(0))
        self.index = np.zeros(0, dtype=np.int64)
        self.days = np.zeros(0, dtype=np.int64)
        kept = len(cands.reference_bound)
        self.highs.addCols(
            kept,
            np.zeros(kept),
            np.zeros(kept),
            cands.reference_bound,
            kept,
            np.arange(kept, dtype=np.int64),
            cands.num_base_rows + np.arange(kept, dtype=np.int64),
            np.ones(kept),
        )
        self.kept = kept
        self.solved = False
        self.loosened = ""
        """The stage whose model was last loosened (see `loosen`)."""
        self.row_upper = row_upper
        self.primal_next = False
        """Solve next with primal simplex (after `start_from`: a primal feasible basis)."""
        self.started: Columns | None = None
        """The plan `start_from` loaded for the stage running (crossover moves it to a vertex
        of the master, where whole units can turn fractional: 10 at M's priority 4)."""
        self.stage_plan: Columns | None = None
        """The last stage's plan if that started plan ended it, else None (see `generate`)."""
        self.chains: ChainModel | None = None
        """The tier stages' chain LP, once the hubs bind one (see `tier_start`)."""
        self.chains_failed = False
        """A chain LP found no optimum: it lacks that stage's face, so it is not used again."""
        self.chain_fixed = Columns.empty()
        """The columns held fixed when the chains were built (they are not in the chains)."""

    def add(self, index: IntArray, days: IntArray, criterion: int) -> None:
        starts, rows, values = column_entries(self.cands, index, days)
        cost = self.cands.costs(index, days)[criterion]
        n = len(index)
        self.highs.addCols(n, cost, np.zeros(n), self.bound[index], len(rows), starts, rows, values)
        self.index = np.concatenate([self.index, index])
        self.days = np.concatenate([self.days, days])

    def set_objective(self, criterion: int) -> None:
        kept = np.full(self.kept, -1.0 if CRITERIA[criterion] == STABILITY else 0.0)
        cost = np.concatenate([kept, self.cands.costs(self.index, self.days)[criterion]])
        self.highs.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), cost)

    def run(self, name: str, deadline: Deadline | None) -> float:
        if deadline is not None:
            # HiGHS's time limit counts from the object's creation, not from this run.
            left = max(deadline.left(), 0.001)
            self.highs.setOptionValue("time_limit", self.highs.getRunTime() + left)
        if self.primal_next:
            self.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
        self.highs.run()
        if self.primal_next:
            self.highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
            self.primal_next = False
        status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            raise Stop("time limit reached")
        if status != highspy.HighsModelStatus.kOptimal:
            # A warm start can stall on a degenerate face; a cold primal simplex solve is
            # slower but sturdier, so it is only the fallback.
            self.highs.clearSolver()
            self.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
            self.highs.run()
            self.highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
            status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            raise Stop("time limit reached")
        if status == highspy.HighsModelStatus.kInfeasible and self.loosened != name:
            self.loosen(name)
            return self.run(name, deadline)
        if status == highspy.HighsModelStatus.kInfeasible:
            raise Stop("HiGHS found the model infeasible (numerical trouble)")
        if status != highspy.HighsModelStatus.kOptimal:
            raise SolveError(
                f"stage {name}: HiGHS ended with {self.highs.modelStatusToString(status)}"
            )
        self.solved = True
        return float(self.highs.getInfo().objective_function_value)

    def loosen(self, name: str) -> None:
        """Widen every row by FACE_SLACK of its bound, tight rows on both sides (once a stage).

        The model holds the previous stage's optimum, so it is feasible; but that optimum meets
        its rows within tolerance only, and with columns fixed at it a few 1e-8 have sufficed for
        HiGHS (every algorithm) to call a re-plan's stage infeasible. Loosened, a stage can move
        an earlier one by about FACE_SLACK of its value, far inside GAP_TOLERANCE and the
        verifier's 1e-6; only then, since plans would show 4.9999995 for 5 units. If HiGHS still
        finds no solution, the stage stops as at a time limit, with its gap.
        """
        lp = self.highs.getLp()
        lower = np.asarray(lp.row_lower_, dtype=np.float64)
        upper = np.asarray(lp.row_upper_, dtype=np.float64)
        slack = FACE_SLACK * np.maximum(1.0, np.abs(upper))
        tight = lower == upper
        lower = np.where(tight, lower - slack, lower)
        rows = np.arange(len(upper), dtype=np.int32)
        self.highs.changeRowsBounds(len(rows), rows, lower, upper + slack)  # type: ignore[attr-defined]
        self.highs.clearSolver()
        self.loosened = name

    def snapshot(self, *, active: bool = False) -> Columns:
        """The route columns and their values in the last solved model (zeros before any);
        with `active`, without those `prune` would delete."""
        values = self.values() if self.solved else np.zeros(len(self.index))
        keep = ~self._idle() if active and self.solved else np.ones(len(values), dtype=bool)
        return Columns(self.index[keep], self.days[keep], values[keep])

    def lagrangian_bound(self, least: FloatArray) -> float:
        """A valid lower bound on the current stage over every column, held or not.

        Lagrangian relaxation with the row duals of the restricted master, over a relaxed set
        where each (pledge, requirement) pair's unfixed columns sum to at most min(pledge,
        requirement quantity) (every route column's own bound): what the duals earn on the
        row bounds, plus the fixed columns and the stability variables at their best bound,
        plus per pair that quantity times the least reduced cost of any admissible column of
        the pair (`least`, from pricing). Near-exact at convergence; an honest bound when the
        time budget stops a stage early.
        """
        solution = self.highs.getSolution()
        lp = self.highs.getLp()
        duals = np.asarray(solution.row_dual, dtype=np.float64)
        row_lower = np.asarray(lp.row_lower_, dtype=np.float64)
        row_upper = np.asarray(lp.row_upper_, dtype=np.float64)
        at_upper = duals < 0
        at_lower = (duals > 0) & np.isfinite(row_lower)
        rows = duals[at_upper] @ row_upper[at_upper] + duals[at_lower] @ row_lower[at_lower]
        reduced = np.asarray(solution.col_dual, dtype=np.float64)
        at = np.where(
            reduced < 0,
            np.asarray(lp.col_upper_, dtype=np.float64),
            np.asarray(lp.col_lower_, dtype=np.float64),
        )
        columns = reduced @ at
        cands = self.cands
        pair_bound = np.zeros(int(cands.pair.max()) + 1)
        pair_bound[cands.pair] = self.bound
        p, r = cands.num_pledges, cands.num_requirements
        # Three relaxations, each valid: per pair, per requirement, per pledge; the best wins.
        relaxed = max(
            least_by(cands.pair, least, pair_bound),
            least_by(cands.requirement, least, self.row_upper[p : p + r]),
            least_by(cands.pledge, least, self.row_upper[:p]),
        )
        return float(rows + columns + relaxed)

    def held_columns(self, criterion: int) -> HeldColumns:
        """The columns held, with their current bounds and their cost under `criterion`."""
        lp = self.highs.getLp()
        lower = np.asarray(lp.col_lower_, dtype=np.float64)
        upper = np.asarray(lp.col_upper_, dtype=np.float64)
        k = self.kept
        kept_cost = np.full(k, -1.0 if CRITERIA[criterion] == STABILITY else 0.0)
        cost = self.cands.costs(self.index, self.days)[criterion]
        return HeldColumns(kept_cost, lower[:k], upper[:k], self.index, cost, lower[k:], upper[k:])

    @property
    def capacity(self) -> FloatArray:
        """Hub capacity (t) per hub and day, as the rows first had it."""
        c = self.cands
        first = c.num_pledges + c.num_requirements
        return self.row_upper[first : c.capacity_end].reshape(c.num_hubs, -1)

    def start_from(self, values: FloatArray, duals: FloatArray) -> None:
        """Make `values` (every column, stability variables first), with `duals` (a
        `Target`'s, see `reduced_costs`), the point the next solve starts from: HiGHS's
        crossover turns them into a basis, primal feasible, so primal simplex goes on."""
        solution = highspy.HighsSolution()
        solution.col_value = values.tolist()
        solution.col_dual = self.reduced_costs(duals).tolist()
        solution.row_dual = duals.tolist()
        solution.value_valid = True
        solution.dual_valid = True
        self.highs.crossover(solution)
        self.primal_next = True
        self.started = Columns(self.index.copy(), self.days.copy(), values[self.kept :].copy())

    def col_bounds(self) -> tuple[FloatArray, FloatArray]:
        lp = self.highs.getLp()
        return (
            np.asarray(lp.col_lower_, dtype=np.float64),
            np.asarray(lp.col_upper_, dtype=np.float64),
        )

    def row_bounds(self) -> tuple[FloatArray, FloatArray]:
        lp = self.highs.getLp()
        return (
            np.asarray(lp.row_lower_, dtype=np.float64),
            np.asarray(lp.row_upper_, dtype=np.float64),
        )

    def restrict(self, duals: FloatArray | None = None) -> None:
        """Restrict the model to the optimal face of the stage just solved; `duals` are
        optimal duals of the stage other than the master's (see `_restrict_to`).

        By complementary slackness with the stage's dual optimum, a solution is optimal for the
        stage iff every column with positive reduced cost is zero and every row with a non-zero
        dual is tight; fixing exactly that keeps the model sparse (no dense objective rows).
        A column at its upper bound with a negative reduced cost is fixed there (and stays fixed
        in later stages). Tolerances are FACE_TOLERANCE, the one pricing uses to keep new
        columns on the face (see `pricing`).
        """
        if duals is not None:
            self._restrict_to(duals)
            return
        solution = self.highs.getSolution()
        basis = self.highs.getBasis()
        basic = highspy.HighsBasisStatus.kBasic
        reduced = np.asarray(solution.col_dual, dtype=np.float64)
        # Only nonbasic columns: a basic column's reduced cost is zero but for rounding, and
        # fixing one would cut the current optimum off. A nonbasic column sits at a bound, and
        # is fixed at it.
        nonbasic = np.asarray([status != basic for status in basis.col_status], dtype=bool)
        cols = np.flatnonzero(nonbasic & (np.abs(reduced) > FACE_TOLERANCE))
        row_duals = np.asarray(solution.row_dual, dtype=np.float64)
        nonbasic = np.asarray([status != basic for status in basis.row_status], dtype=bool)
        self._fix(cols, np.flatnonzero(nonbasic & (np.abs(row_duals) > FACE_TOLERANCE)))

    def reduced_costs(self, duals: FloatArray) -> FloatArray:
        """Reduced costs of the columns held under row duals that are zero but on the pledge,
        requirement and hub-day rows (a `Target`'s)."""
        cost = np.asarray(self.highs.getLp().col_cost_, dtype=np.float64)
        priced = np.zeros(len(cost))
        c = self.cands
        priced[self.kept :] = (
            duals[c.pledge[self.index]] + duals[c.num_pledges + c.requirement[self.index]]
        )
        priced[self.kept :] += c.mass_t[self.index] * duals[c.capacity_rows(self.index, self.days)]
        reduced: FloatArray = cost - priced
        return reduced

    def _restrict_to(self, duals: FloatArray) -> None:
        """The face by complementary slackness with a `Target`'s duals (a tier stage it
        ended). There is no basis to consult, so a column is fixed only where its reduced cost
        and its value agree (positive at its lower bound, negative at its upper one) and a row
        made tight only where it is: between bounds, or with slack, a reduced cost or dual is
        rounding, and fixing on it would keep later stages from plans just as good."""
        lp = self.highs.getLp()
        solution = self.highs.getSolution()
        values = np.asarray(solution.col_value, dtype=np.float64)
        reduced = self.reduced_costs(duals)
        at_lower = at_bound(values, np.asarray(lp.col_lower_, dtype=np.float64))
        at_upper = at_bound(values, np.asarray(lp.col_upper_, dtype=np.float64))
        cols = ((reduced > FACE_TOLERANCE) & at_lower) | ((reduced < -FACE_TOLERANCE) & at_upper)
        activity = np.asarray(solution.row_value, dtype=np.float64)
        tight = at_bound(activity, np.asarray(lp.row_upper_, dtype=np.float64))
        self._fix(np.flatnonzero(cols), np.flatnonzero((np.abs(duals) > FACE_TOLERANCE) & tight))

    def _fix(self, cols: IntArray, rows: IntArray) -> None:
        """Fix `cols` at their values and make `rows` tight (see `restrict`)."""
        solution = self.highs.getSolution()
        values = np.asarray(solution.col_value, dtype=np.float64)
        fixed = cols.astype(np.int32)
        self.highs.changeColsBounds(len(fixed), fixed, values[fixed], values[fixed])
        bound = np.asarray(self.highs.getLp().row_upper_, dtype=np.float64)
        activity = np.asarray(solution.row_value, dtype=np.float64)
        # The optimum meets its rows within HiGHS's tolerance only; a capacity row over by 5e-8
        # with all its columns fixed made the next stage infeasible once scaled (re-plans on
        # generated data). Bounds widened to the optimum's own activity keep it feasible.
        over = np.flatnonzero(activity > bound)
        upper = bound.copy()
        upper[over] = activity[over]
        lower = np.asarray(self.highs.getLp().row_lower_, dtype=np.float64)
        lower[rows] = np.minimum(bound[rows], activity[rows])
        changed = np.union1d(rows, over).astype(np.int32)
        self.highs.changeRowsBounds(  # type: ignore[attr-defined]
            len(changed), changed, lower[changed], upper[changed]
        )

    def prune(self) -> None:
        """Delete the route columns that sit at zero and price out (positive reduced cost, or
        fixed at zero by an earlier stage's face).

        Each simplex iteration costs time in proportion to the columns the model holds, and
        most generated columns end up unused; deleting nonbasic columns keeps the basis and the
        solution, and pricing offers a deleted column again if its reduced cost turns negative.
        """
        idle = self._idle()
        if not np.any(idle):
            return
        gone = (self.kept + np.flatnonzero(idle)).astype(np.int32)
        self.highs.deleteCols(len(gone), gone)
        self.index = self.index[~idle]
        self.days = self.days[~idle]

    def _idle(self) -> BoolArray:
        solution = self.highs.getSolution()
        values = np.asarray(solution.col_value, dtype=np.float64)[self.kept :]
        reduced = np.asarray(solution.col_dual, dtype=np.float64)[self.kept :]
        upper = np.asarray(self.highs.getLp().col_upper_, dtype=np.float64)[self.kept :]
        idle: BoolArray = (values == 0.0) & ((reduced > REDUCED_COST_TOLERANCE) | (upper == 0.0))
        return idle

    def duals(self) -> FloatArray:
        return np.asarray(self.highs.getSolution().row_dual, dtype=np.float64)

    def values(self) -> FloatArray:
        """Values of the route columns (the stability variables follow from them)."""
        return np.asarray(self.highs.getSolution().col_value, dtype=np.float64)[self.kept :]


def at_bound(values: FloatArray, bound: FloatArray) -> BoolArray:
    """Whether each value sits on its bound (an infinite bound never), within tolerance."""
    with np.errstate(invalid="ignore"):
        near: BoolArray = np.abs(values - bound) <= PRIMAL_TOLERANCE * np.maximum(
            1.0, np.abs(bound)
        )
    return near


def active_criteria(cands: Candidates) -> list[int]:
    """Criteria that cost something on some candidate; the others cannot change the plan."""
    active = []
    for j, name in enumerate(CRITERIA):
        if name == STABILITY:
            if len(cands.reference_bound):
                active.append(j)
        elif name in ("lateness", "early_departure") or np.any(cands.fixed[j]):
            active.append(j)
    return active


def least_by(owner: IntArray, least: FloatArray, quantity: FloatArray) -> float:
    """Σ over groups of quantity × the least (non-positive) reduced cost in the group."""
    lowest = np.zeros(len(quantity))
    np.minimum.at(lowest, owner, np.minimum(least, 0.0))
    return float(lowest @ quantity)


class Stop(Exception):
    """HiGHS stopped short of an optimum (the reason is the message); its current point is not
    a usable solution, the last solved round's is."""
