"""Lexicographic solve of §5's criteria by column generation, each stage warm-starting the next.

Why sequential solves and not one weighted sum: safe weights for five fill tiers plus lateness,
substitution and transit would span many orders of magnitude, beyond what a simplex tolerance of
1e-7 can honour, so a "weighted" optimum could quietly trade a tier-1 unit for lateness.

Why no objective rows to hold a solved criterion (`c·x ≤ v`): such rows are dense and nearly
parallel, and after four or five of them HiGHS stalled on the S instance. Instead each solved
stage restricts the model to its optimal face by complementary slackness: columns with positive
reduced cost are fixed at zero and rows with a non-zero dual become equalities. That is exact
(any solution of the restricted model is optimal for every earlier stage), keeps the model
sparse, and shrinks it from stage to stage. The basis stays feasible, so primal simplex resumes
from it. Inside a stage, `pricing` adds route columns until none has negative reduced cost
(columns that would leave an earlier stage's optimal face are never offered), which proves the
stage optimal for the full daily model. Criteria with no cost anywhere are skipped; inserting a
criterion (deliveries' "units moved" after the tiers) is a change to `build.CRITERIA` only.

Tier stages start from their capacity-free relaxation (`capacity_free`): its flow, placed in the
hubs by a max-flow LP (`scheduling`), is loaded into the master by HiGHS's crossover, and the
stage ends as soon as the master's value meets the relaxation's, restricting its face with the
relaxation's duals. Tiers are limited by supply far more than by hubs, so this is the common
case: at M, priorities 1–3 are proven optimal in 4.5 s, where column generation had not
finished priority 3 in 60 s. Where the hubs cannot carry the relaxation's flow (M's priority
4), that tier and the ones after it are solved on the hubs' day chains (`chain_stage`), whose
optimum and duals are the daily model's; its plan is loaded the same way (M's priorities 4 and 5:
8 s and 1 s, where the master's first simplex solve alone had taken 50–58 s). Column generation
in the master remains for the other criteria, and for a tier where neither start applies.

Every route column is boxed by min(pledge, requirement quantity), a bound its rows imply: a new
objective or new columns then leave the basis dual feasible after bound flips, and dual simplex
resumes from it. Between pricing rounds, columns at zero that price out are deleted (pricing
offers them again if they turn attractive), since each simplex iteration costs in proportion to
the columns held.

Time limit: with a deadline, the stage running when it passes returns the last feasible
restricted-master plan and the best of three valid bounds on the stage over all columns: the
Lagrangian one of its pricing rounds (`lagrangian_bound`), the stage without hub capacities
(`capacity_free`, the strongest on the tiers) and a trivial one; the plan's gap is measured against
it, and the criteria after it are not optimised.
A stage whose restricted model HiGHS calls infeasible (numerical trouble: it holds the earlier
optimum) is solved again with its rows loosened by FACE_SLACK (see `_Master.loosen`); if HiGHS
still finds none, the stage stops the same way, and the plan says so.

Indivisible items: if an indivisible column ends fractional, `whole_unit_mip` solves the
stages again as MIPs over the generated columns, seeded with the greedy plan and with the LP
plan rounded down and repaired in whole units (`rounding`); divisible-only instances never
leave the LP path. The LP stage values are valid bounds, so the plan reports its gap
lexicographically: at the first criterion where it is worse than the LP bound, the relative
difference; zero (proven optimal) if it meets the bound at every criterion.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import highspy
import numpy as np

from pledgeflow.plan.budget import Deadline, seconds_left
from pledgeflow.plan.build import (
    CRITERIA,
    STABILITY,
    TIE_BREAK,
    Candidates,
    column_entries,
    initial_columns,
)
from pledgeflow.plan.capacity_free import HeldColumns, Relaxed, capacity_free
from pledgeflow.plan.chain_stage import ChainModel
from pledgeflow.plan.greedy_floor import CRITERIA_COMPARED, compare, greedy_is_better, whole
from pledgeflow.plan.pricing import (
    FACE_TOLERANCE,
    REDUCED_COST_TOLERANCE,
    StageDuals,
    admissible,
    best_columns,
    column_keys,
)
from pledgeflow.plan.problem import BoolArray, FloatArray, IntArray, Problem
from pledgeflow.plan.rounding import whole_units
from pledgeflow.plan.scheduling import Schedule, schedule
from pledgeflow.plan.stability import kept_units
from pledgeflow.plan.whole_unit_columns import binding_whole_columns, every_column
from pledgeflow.plan.whole_unit_mip import Columns, solve_whole_units

GAP_TOLERANCE = 1e-6
PRIMAL_TOLERANCE = 1e-7
RELAXATION_MET = 1e-9
"""A tier stage whose master is within this (relative) of its capacity-free relaxation ends:
the relaxation bounds it, so it is optimal to within this (see `capacity_free`)."""
PLACED = 1.0 - 1e-9
"""The share of the relaxation's mass the hubs must carry for it to start a tier stage."""
FACE_SLACK = 1e-7
INTEGRALITY_TOLERANCE = 1e-6
PRIMAL_SIMPLEX = 4
DUAL_SIMPLEX = 1

Progress = Callable[[str, float], None]


@dataclass
class StageResult:
    name: str
    value: float
    capacity_duals: FloatArray | None
    """Per hub and day, the stage's dual of +1 t; None where the stage stopped unsolved."""
    rounds: int = 0


@dataclass
class Solution:
    """Generated columns (triple, hub-out day), their values, and what the solver proved."""

    index: IntArray
    days: IntArray
    values: FloatArray
    stages: list[StageResult] = field(default_factory=list)
    proven_optimal: bool = True
    gap: float = 0.0
    gap_criterion: str = ""
    method: str = ""
    mip_gap: float = 0.0
    """The largest of HiGHS's MIP gaps over the whole-unit stages (0 on the LP path)."""
    stopped: bool = False
    """True if a stage stopped short (time limit, numerical trouble): see `_stopped_solution`."""
    kept_greedy: bool = False
    """True if the greedy method's plan was returned, being better (see `greedy_floor`)."""


class SolveError(RuntimeError):
    """HiGHS did not reach an optimum (it should always: the empty plan is feasible)."""


class _Master:
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
        """The last stage's plan if that started plan ended it, else None (see `_generate`)."""
        self.chains: ChainModel | None = None
        """The tier stages' chain LP, once the hubs bind one (see `_tier_start`)."""
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
            raise _Stop("time limit reached")
        if status != highspy.HighsModelStatus.kOptimal:
            # A warm start can stall on a degenerate face; a cold primal simplex solve is
            # slower but sturdier, so it is only the fallback.
            self.highs.clearSolver()
            self.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)
            self.highs.run()
            self.highs.setOptionValue("simplex_strategy", DUAL_SIMPLEX)
            status = self.highs.getModelStatus()
        if status == highspy.HighsModelStatus.kTimeLimit:
            raise _Stop("time limit reached")
        if status == highspy.HighsModelStatus.kInfeasible and self.loosened != name:
            self.loosen(name)
            return self.run(name, deadline)
        if status == highspy.HighsModelStatus.kInfeasible:
            raise _Stop("HiGHS found the model infeasible (numerical trouble)")
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
            _least_by(cands.pair, least, pair_bound),
            _least_by(cands.requirement, least, self.row_upper[p : p + r]),
            _least_by(cands.pledge, least, self.row_upper[:p]),
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
        `_Target`'s, see `reduced_costs`), the point the next solve starts from: HiGHS's
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
        requirement and hub-day rows (a `_Target`'s)."""
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
        """The face by complementary slackness with a `_Target`'s duals (a tier stage it
        ended). There is no basis to consult, so a column is fixed only where its reduced cost
        and its value agree (positive at its lower bound, negative at its upper one) and a row
        made tight only where it is: between bounds, or with slack, a reduced cost or dual is
        rounding, and fixing on it would keep later stages from plans just as good."""
        lp = self.highs.getLp()
        solution = self.highs.getSolution()
        values = np.asarray(solution.col_value, dtype=np.float64)
        reduced = self.reduced_costs(duals)
        at_lower = _at(values, np.asarray(lp.col_lower_, dtype=np.float64))
        at_upper = _at(values, np.asarray(lp.col_upper_, dtype=np.float64))
        cols = ((reduced > FACE_TOLERANCE) & at_lower) | ((reduced < -FACE_TOLERANCE) & at_upper)
        activity = np.asarray(solution.row_value, dtype=np.float64)
        tight = _at(activity, np.asarray(lp.row_upper_, dtype=np.float64))
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


def _at(values: FloatArray, bound: FloatArray) -> BoolArray:
    """Whether each value sits on its bound (an infinite bound never), within tolerance."""
    with np.errstate(invalid="ignore"):
        near: BoolArray = np.abs(values - bound) <= PRIMAL_TOLERANCE * np.maximum(
            1.0, np.abs(bound)
        )
    return near


def _active_criteria(cands: Candidates) -> list[int]:
    """Criteria that cost something on some candidate; the others cannot change the plan."""
    active = []
    for j, name in enumerate(CRITERIA):
        if name == STABILITY:
            if len(cands.reference_bound):
                active.append(j)
        elif name in ("lateness", "early_departure") or np.any(cands.fixed[j]):
            active.append(j)
    return active


def _least_by(owner: IntArray, least: FloatArray, quantity: FloatArray) -> float:
    """Σ over groups of quantity × the least (non-positive) reduced cost in the group."""
    lowest = np.zeros(len(quantity))
    np.minimum.at(lowest, owner, np.minimum(least, 0.0))
    return float(lowest @ quantity)


class _Stop(Exception):
    """HiGHS stopped short of an optimum (the reason is the message); its current point is not
    a usable solution, the last solved round's is."""


@dataclass
class _StageRun:
    """One stage's column generation: `value` is None if it stopped short (`stop` says why:
    the time budget, or HiGHS's numerical trouble), and then `plan` holds the last feasible
    columns and `bound` the last valid bound (if any)."""

    value: float | None
    rounds: int
    bound: float | None
    plan: Columns
    stop: str = ""
    duals: FloatArray | None = None
    begun: Columns | None = None
    """The plan the stage began from, if the stage ended before moving it: a stopped plan
    rounded from it can be better than one rounded from `plan` (see `_stopped_solution`)."""
    """Optimal duals other than the master's, when a `_Target` ended the stage."""


def _generate(
    master: _Master,
    criterion: int,
    earlier: list[StageDuals],
    limit: int,
    deadline: Deadline | None,
    report: Callable[[float, float], None] | None = None,
) -> _StageRun:
    """Solve one stage to optimality over all columns, or until the deadline.

    A tier stage first solves its capacity-free relaxation, or its chain LP where the hubs
    bind, and starts from its plan (`_tier_start`); it ends as soon as the master reaches that
    target's value, with its duals (see `capacity_free`, `chain_stage`)."""
    name = CRITERIA[criterion]
    rounds = 0
    last = begun = master.stage_plan or master.snapshot()
    master.started = master.stage_plan = None
    if master.solved:
        # A stage the relaxation ended ran no pricing rounds, so nothing was pruned: at M the
        # model held 96 k columns after priority 3 instead of 61 k.
        master.prune()
    tier = name.startswith("priority_")
    target = _tier_start(master, criterion, earlier, deadline) if tier else None
    bound = None if target is None else target.value
    while True:
        try:
            value = master.run(name, deadline)
        except _Stop as stop:
            return _StageRun(None, rounds, bound, last, str(stop), begun=begun)
        if target is not None and value <= target.value + RELAXATION_MET * max(
            1.0, abs(target.value)
        ):
            master.stage_plan = _meets(master.started, master.cands, criterion, target.value)
            if report is not None:
                report(value, target.value)
            return _StageRun(value, rounds, target.value, master.snapshot(), duals=target.duals)
        held = np.sort(column_keys(master.cands, master.index, master.days))
        priced = best_columns(
            master.cands, StageDuals(criterion, master.duals()), earlier, limit, held
        )
        # Every round's bound is valid for the same stage (columns change, the stage does
        # not), and they are not monotone: keep the best (M, priority 3: -2817 against the
        # last round's -2910, for a plan near -2693).
        latest = master.lagrangian_bound(priced.least)
        bound = latest if bound is None else max(bound, latest)
        if report is not None:
            report(value, bound)
        index, days = priced.triples, priced.days
        if len(index) == 0:
            return _StageRun(value, rounds, bound, last)
        last = master.snapshot()
        if deadline is not None and deadline.passed():
            return _StageRun(None, rounds, bound, last, "time limit reached", begun=begun)
        master.prune()
        master.add(index, days, criterion)
        rounds += 1


def _meets(plan: Columns | None, cands: Candidates, criterion: int, value: float) -> Columns | None:
    """`plan` if it is worth `value` under `criterion` (within RELAXATION_MET), else None.

    The plan a tier stage started from (`_Master.started`) is whole where its LP made it so
    (see `chain_stage`), where the master's vertex need not be; a plan the time limit stops
    in the next stage is rounded from it."""
    if plan is None:
        return None
    cost = float(cands.costs(plan.index, plan.days)[criterion] @ plan.values)
    return plan if cost <= value + RELAXATION_MET * max(1.0, abs(value)) else None


def _tie_break(master: _Master, deadline: Deadline | None) -> _StageRun:
    """The tie-break over the columns held, without pricing: it is no §5 criterion, and at S
    its pricing rounds cost a fifth of the LP time (and its MIP more) to move departures that
    change no criterion. Plans stay deterministic; earliest among the columns generated."""
    last = master.stage_plan or master.snapshot()
    try:
        value = master.run(TIE_BREAK, deadline)
    except _Stop as stop:
        return _StageRun(None, 0, None, last, str(stop))
    return _StageRun(value, 0, value, master.snapshot())


def _relax(
    master: _Master, criterion: int, earlier: list[StageDuals], deadline: Deadline | None = None
) -> tuple[Relaxed | None, FloatArray]:
    """The stage's capacity-free relaxation (see `capacity_free`), and per triple the least
    admissible cost (pricing under zero duals) it was built from."""
    cands = master.cands
    held = np.sort(column_keys(cands, master.index, master.days))
    zero = StageDuals(criterion, np.zeros(cands.num_rows))
    least = best_columns(cands, zero, earlier, 0, held).least
    lower, upper = master.row_bounds()
    held_columns = master.held_columns(criterion)
    relaxed = capacity_free(cands, held_columns, lower, upper, least, seconds_left(deadline))
    return relaxed, least


@dataclass(frozen=True, slots=True)
class _Target:
    """A valid bound on a stage and duals of every row under which a plan that meets it is
    optimal: the capacity-free relaxation's, or the stage's own optimum on the chains."""

    value: float
    duals: FloatArray


def _tier_start(
    master: _Master, criterion: int, earlier: list[StageDuals], deadline: Deadline | None
) -> _Target | None:
    """Relax the tier stage and place its flow in the hubs (see `scheduling`): the held
    columns an earlier stage fixed stay as they are, the rest of the flow goes into the
    capacity they leave. Where only part fits (capacity binds: 79 % of the flow at M's priority
    4), this stage and the tiers after it are solved on the hubs' day chains instead (see
    `chain_stage`), whose plan and duals take the relaxation's place. The master starts from
    the plan unless it would break a row neither LP sees (a capacity row an earlier stage made
    tight, a precedence row), a column's bounds, or an earlier stage's face."""
    cands = master.cands
    if master.chains is not None and not cands.precedence.num_rows:
        chained = _on_chains(master, criterion, None, None, None, deadline)
        if chained is not None:
            _start_master(
                master, criterion, earlier, chained[1], chained[2], chained[0], widen=True
            )
            return chained[0]
    if deadline is not None and deadline.passed():
        return None  # the relaxation's pricing alone takes 8 s at L
    relaxed, least = _relax(master, criterion, earlier, deadline)
    if relaxed is None:
        return None
    target = _Target(relaxed.value, relaxed.row_duals(cands.num_rows))
    if cands.precedence.num_rows or master.chains is not None or master.chains_failed:
        return target
    col_lower, col_upper = master.col_bounds()
    lower = col_lower[master.kept :]
    fixed = lower == col_upper[master.kept :]
    capacity = master.capacity.copy()
    held_mass = lower * cands.mass_t[master.index]
    np.add.at(capacity, (cands.hub[master.index[fixed]], master.days[fixed]), -held_mass[fixed])
    flow = relaxed.pair_flow
    usable = np.isfinite(least)
    usable[master.index[~fixed]] = True
    placed = schedule(cands, flow, np.maximum(capacity, 0.0), usable, seconds_left(deadline))
    if placed is None:
        return target
    plan = Columns(master.index[fixed], master.days[fixed], lower[fixed])
    if placed.placed < PLACED * placed.wanted:
        # The pairs the relaxation uses, and the master's plan (the last stage's optimum),
        # which makes the first chain LP feasible whatever the hubs allow.
        start = usable & (flow > 0)[cands.pair]
        if master.solved:
            start[master.index[master.values() > 0]] = True
        chained = _on_chains(master, criterion, usable, start, plan, deadline)
        if chained is None:
            return target
        target, plan, placed = chained
    _start_master(master, criterion, earlier, plan, placed, target, widen=master.chains is not None)
    return target


def _start_master(
    master: _Master,
    criterion: int,
    earlier: list[StageDuals],
    held: Columns,
    placed: Schedule,
    target: _Target,
    *,
    widen: bool = False,
) -> None:
    """Start the master from the `held` columns (fixed ones) plus `placed`, with the target's
    duals, if that plan keeps every row and column bound and `placed` lies on every earlier
    stage's face (see `_tier_start`); with `widen` (a plan from the chains), column bounds are
    widened to the plan instead."""
    cands = master.cands
    if not admissible(cands, earlier, placed.index, placed.days).all():
        return
    plan = Columns(
        np.concatenate([held.index, placed.index]),
        np.concatenate([held.days, placed.days]),
        np.concatenate([held.values, placed.units]),
    )
    if not _keeps_rows(cands, plan, *master.row_bounds()):
        return
    keys = column_keys(cands, placed.index, placed.days)
    new = ~np.isin(keys, column_keys(cands, master.index, master.days))
    master.add(placed.index[new], placed.days[new], criterion)
    held_keys = column_keys(cands, master.index, master.days)
    order = np.argsort(held_keys)
    values = np.zeros(len(held_keys))
    at = order[np.searchsorted(held_keys[order], column_keys(cands, plan.index, plan.days))]
    np.add.at(values, at, plan.values)
    col_lower, col_upper = master.col_bounds()
    lower, upper = col_lower[master.kept :], col_upper[master.kept :]
    slack = PRIMAL_TOLERANCE * np.maximum(1.0, upper)
    off = np.flatnonzero((values < lower - slack) | (values > upper + slack))
    if len(off) and not widen:
        return
    if len(off):
        # Fixed by an earlier stage's face in the master, off it on the chains: both faces
        # hold that stage's optimum within the solvers' dual tolerance (a reduced cost of
        # -1e-8 fixed 16 columns at L's priority 3 at their upper bound in the master and at
        # zero on the chains), and the chains decide the tiers.
        cols = (master.kept + off).astype(np.int32)
        master.highs.changeColsBounds(
            len(cols),
            cols,
            np.minimum(lower[off], values[off]),
            np.maximum(upper[off], values[off]),
        )
    master.start_from(np.concatenate([np.zeros(master.kept), values]), target.duals)


def _on_chains(
    master: _Master,
    criterion: int,
    usable: BoolArray | None,
    start: BoolArray | None,
    fixed: Columns | None,
    deadline: Deadline | None,
) -> tuple[_Target, Columns, Schedule] | None:
    """The tier stage solved on the hubs' chains (see `chain_stage`), built the first time
    from the `usable` triples within the room the master's `fixed` columns leave, starting with
    the `start` ones: a target for the master, the fixed columns and the plan placed."""
    cands = master.cands
    end = cands.capacity_end
    if master.chains is None:
        if usable is None or fixed is None or master.chains_failed:
            return None
        lower, upper = master.row_bounds()
        master.chain_fixed = held = fixed
        taken = cands.route_activity(held.index, held.days, held.values)
        master.chains = ChainModel(cands, usable, lower[:end] - taken, upper[:end] - taken)
    every = np.ones(len(cands), dtype=bool)
    none = np.zeros(len(cands), dtype=bool)
    cost = cands.fixed[criterion]
    solved = master.chains.solve(
        cost,
        every if usable is None else usable,
        none if start is None else start,
        seconds_left(deadline),
    )
    if solved is None:
        master.chains, master.chains_failed = None, True
        return None
    held = master.chain_fixed
    duals = np.zeros(cands.num_rows)
    duals[:end] = solved.duals
    value = solved.value + float(cost[held.index] @ held.values)
    return _Target(value, duals), held, solved.placed


def _keeps_rows(cands: Candidates, plan: Columns, lower: FloatArray, upper: FloatArray) -> bool:
    """Whether a plan keeps the pledge, requirement and capacity rows' current bounds."""
    activity = cands.route_activity(plan.index, plan.days, plan.values)
    slack = PRIMAL_TOLERANCE * np.maximum(1.0, np.abs(upper[: cands.capacity_end]))
    return bool(
        np.all(activity >= lower[: cands.capacity_end] - slack)
        and np.all(activity <= upper[: cands.capacity_end] + slack)
    )


@dataclass
class _Stages:
    """The LP stages solved (the last one only bounded if `stopped` says so) and the plan."""

    results: list[StageResult]
    plan: Columns
    stopped: str = ""
    begun: Columns | None = None
    """The stopped stage's starting plan, if it had one of its own (see `_StageRun`)."""


def _lp_stages(
    master: _Master, capacity: FloatArray, progress: Progress | None, deadline: Deadline | None
) -> _Stages:
    active = _active_criteria(master.cands)
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
            run = _tie_break(master, deadline)
        else:
            report = None if progress is None else _reporter(progress, name, step / len(active))
            run = _generate(master, criterion, earlier, limit, deadline, report)
        if run.value is None and name == TIE_BREAK:
            return _Stages(results, run.plan)  # every §5 criterion is solved: nothing lost
        if run.value is None:
            # All are valid; the best wins. Early in a stage the Lagrangian one can be the
            # weaker (L, tier 2); the capacity-free one is the strongest on the tiers (M).
            bounds = [_trivial_bound(master.cands, criterion), run.bound]
            if not name.startswith("priority_"):  # a tier stage's run holds it already
                relaxed, _ = _relax(master, criterion, earlier)
                bounds.append(None if relaxed is None else relaxed.value)
            bound = max(b for b in bounds if b is not None)
            results.append(StageResult(name, bound, None, run.rounds))
            stopped = f"{run.stop} at {name} after {run.rounds} pricing rounds"
            return _Stages(results, run.plan, stopped, run.begun)
        duals = master.duals() if run.duals is None else run.duals
        first = master.cands.num_pledges + master.cands.num_requirements
        hub_days = duals[first : master.cands.capacity_end].reshape(capacity.shape)
        results.append(StageResult(name, run.value, hub_days, run.rounds))
        earlier.append(StageDuals(criterion, duals))
        master.restrict(run.duals)
    return _Stages(results, master.snapshot(active=True))


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


def _next_criterion(cands: Candidates, name: str) -> int | None:
    active = _active_criteria(cands)
    after = active[active.index(CRITERIA.index(name)) + 1 :]
    return after[0] if after else None


def _trivial_bound(cands: Candidates, criterion: int) -> float:
    """A bound on a stage not solved at all: every requirement of a tier filled, every
    referenced unit kept, and no cost for the other criteria (none is negative)."""
    name = CRITERIA[criterion]
    if name == STABILITY:
        return -float(cands.reference_bound.sum())
    if name.startswith("priority_"):
        tier = cands.fixed[criterion] < 0
        return -float(len(np.unique(cands.requirement[tier])))
    return 0.0


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
    greedy = None if seed is None or deadline is None else whole(cands, seed(None))
    master = _Master(cands, upper, threads)
    start = initial_columns(cands)
    index, days = _distinct(cands, start, cands.first[start], warm)
    master.add(index, days, 0)
    lp = _lp_stages(master, capacity, progress, deadline)
    index, days, values = lp.plan.index, lp.plan.days, lp.plan.values
    integral = cands.integral[index]
    fractional = np.abs(values - np.round(values)) > INTEGRALITY_TOLERANCE
    if lp.stopped:
        stopped = _stopped_solution(cands, lp, upper, capacity, seed, method)
        return _at_least_greedy(cands, stopped, greedy, lp.results)
    if not np.any(fractional & integral):
        values[integral] = np.round(values[integral])
        return Solution(index, days, values, lp.results, True, 0.0, "", method)
    if progress:
        progress("MIP whole units", 1.0)
    rounded = Columns(*whole_units(cands, index, days, values, upper))
    if greedy is None and seed is not None:
        greedy = whole(cands, seed(None))
    seeds = _keep_precedence(cands, [rounded] if greedy is None else [greedy, rounded])
    every = every_column(cands)
    generated = Columns(index, days, np.zeros(len(index)))
    seconds = mip_seconds if deadline is None else max(min(mip_seconds, deadline.left()), 0.1)
    mip = _whole_unit_solution(
        cands, every or generated, seeds, upper, lp.results, seconds, method, every is not None
    )
    if every is None and mip.gap_criterion.startswith("priority_"):
        # A tier missed its LP bound: whole units may need columns the LP never did.
        more = _union_columns(generated, binding_whole_columns(cands, lp.plan, capacity))
        seconds = mip_seconds if deadline is None else max(min(mip_seconds, deadline.left()), 0.1)
        found = Columns(mip.index, mip.days, mip.values)
        again = _whole_unit_solution(
            cands, more, [found, *seeds], upper, lp.results, seconds, method, False
        )
        if (
            compare(cands, Columns(again.index, again.days, again.values), found, CRITERIA_COMPARED)
            < 0
        ):
            mip = again
    return _at_least_greedy(cands, mip, greedy, lp.results)


def _union_columns(a: Columns, b: Columns) -> Columns:
    return Columns(
        np.concatenate([a.index, b.index]),
        np.concatenate([a.days, b.days]),
        np.concatenate([a.values, b.values]),
    )


def _at_least_greedy(
    cands: Candidates, solution: Solution, greedy: Columns | None, lp: list[StageResult]
) -> Solution:
    """`solution`, or greedy's plan where that is lexicographically better (see
    `greedy_floor`); the method says which was kept."""
    if solution.proven_optimal or greedy is None:
        return solution
    greedy = _keep_precedence(cands, [greedy])[0]
    plan = Columns(solution.index, solution.days, solution.values)
    if not greedy_is_better(cands, plan, greedy):
        return replace(solution, method=solution.method + "; kept: the optimiser's plan")
    gap, where = _lexicographic_gap(cands, greedy.index, greedy.days, greedy.values, lp)
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


def _stopped_solution(
    cands: Candidates,
    lp: _Stages,
    upper: FloatArray,
    capacity: FloatArray,
    seed: Callable[[Columns | None], Columns] | None,
    method: str,
) -> Solution:
    """The plan the time limit left: whole units by rounding, what it leaves filled by greedy,
    and its gap at the first criterion where it is worse than the bound."""
    method += f"; {lp.stopped}, later criteria not optimised"
    stopped, rounded = _rounded(cands, lp.plan, upper)
    if lp.begun is not None and lp.begun is not lp.plan:
        # The stage's progress is rounded from a vertex of the master, where whole units can
        # turn fractional (M, stopped in lateness: 0.5 of priority-1 fill lost); its start was
        # whole.
        begun, begun_rounded = _rounded(cands, lp.begun, upper)
        if _order(cands, begun, stopped, lp.results) < 0:
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
    kept = _keep_precedence(cands, [stopped])[0]
    index, days, values = kept.index, kept.days, kept.values
    gap, where = _lexicographic_gap(cands, index, days, values, lp.results)
    following = _next_criterion(cands, lp.results[-1].name)
    if not where and following is not None:
        # The stopped stage met its bound: the gap lies in the next, unsolved criterion.
        name = CRITERIA[following]
        empty = np.zeros_like(capacity)
        bounded = [*lp.results, StageResult(name, _trivial_bound(cands, following), empty)]
        gap, where = _lexicographic_gap(cands, index, days, values, bounded)
    return Solution(index, days, values, lp.results, False, gap, where, method, stopped=True)


def _rounded(cands: Candidates, plan: Columns, upper: FloatArray) -> tuple[Columns, bool]:
    """`plan` in whole units (rounded down and repaired, see `rounding`), and whether it had to
    be."""
    index, days, values = plan.index, plan.days, plan.values
    fractional = np.abs(values - np.round(values)) > INTEGRALITY_TOLERANCE
    rounded = bool(np.any(fractional & cands.integral[index]))
    whole = Columns(*whole_units(cands, index, days, values, upper)) if rounded else plan
    values = whole.values.copy()
    values[cands.integral[whole.index]] = np.round(values[cands.integral[whole.index]])
    return Columns(whole.index, whole.days, values), rounded


def _order(cands: Candidates, a: Columns, b: Columns, stages: list[StageResult]) -> int:
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


def _whole_unit_solution(
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
    gap, where = _lexicographic_gap(cands, index, days, values, lp)
    if exact and where:
        # Every stage HiGHS ran on the whole model is exact up to its own gap.
        open_gaps = [(name, g) for name, g in mip.mip_gaps.items() if g > GAP_TOLERANCE]
        gap, where = open_gaps[0][1] if open_gaps else 0.0, open_gaps[0][0] if open_gaps else ""
    note, worst = _mip_note(mip.mip_gaps, lp, where)
    held = "every column of the model" if exact else "generated, binding-hub and seed columns"
    method += (
        f"; indivisible items: lexicographic HiGHS MIP over {len(index)} columns ({held}; "
        f"seeds: greedy plan, rounded LP plan), {note}"
    )
    return Solution(index, days, values, lp, not where, gap, where, method, worst)


def _mip_note(mip_gaps: dict[str, float], lp: list[StageResult], where: str) -> tuple[str, float]:
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


def _keep_precedence(cands: Candidates, seeds: list[Columns]) -> list[Columns]:
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


def _lexicographic_gap(
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
