"""Where a tier stage starts: its capacity-free relaxation placed in the hubs, or its chains.

See `solve` for why; `capacity_free`, `scheduling` and `chain_stage` for how.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pledgeflow.plan.budget import Deadline, seconds_left
from pledgeflow.plan.build import (
    Candidates,
)
from pledgeflow.plan.capacity_free import Relaxed, capacity_free
from pledgeflow.plan.chain_stage import ChainModel
from pledgeflow.plan.master import PRIMAL_TOLERANCE, Master
from pledgeflow.plan.pricing import (
    StageDuals,
    admissible,
    best_columns,
    column_keys,
)
from pledgeflow.plan.problem import BoolArray, FloatArray
from pledgeflow.plan.scheduling import Schedule, schedule
from pledgeflow.plan.whole_unit_mip import Columns

RELAXATION_MET = 1e-9
"""A tier stage whose master is within this (relative) of its capacity-free relaxation ends:
the relaxation bounds it, so it is optimal to within this (see `capacity_free`)."""
PLACED = 1.0 - 1e-9
"""The share of the relaxation's mass the hubs must carry for it to start a tier stage."""


def meets(plan: Columns | None, cands: Candidates, criterion: int, value: float) -> Columns | None:
    """`plan` if it is worth `value` under `criterion` (within RELAXATION_MET), else None.

    The plan a tier stage started from (`Master.started`) is whole where its LP made it so
    (see `chain_stage`), where the master's vertex need not be; a plan the time limit stops
    in the next stage is rounded from it."""
    if plan is None:
        return None
    cost = float(cands.costs(plan.index, plan.days)[criterion] @ plan.values)
    return plan if cost <= value + RELAXATION_MET * max(1.0, abs(value)) else None


def relax(
    master: Master, criterion: int, earlier: list[StageDuals], deadline: Deadline | None = None
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
class Target:
    """A valid bound on a stage and duals of every row under which a plan that meets it is
    optimal: the capacity-free relaxation's, or the stage's own optimum on the chains."""

    value: float
    duals: FloatArray


def tier_start(
    master: Master, criterion: int, earlier: list[StageDuals], deadline: Deadline | None
) -> Target | None:
    """Relax the tier stage and place its flow in the hubs (see `scheduling`): the held
    columns an earlier stage fixed stay as they are, the rest of the flow goes into the
    capacity they leave. Where only part fits (capacity binds: 79 % of the flow at M's priority
    4), this stage and the tiers after it are solved on the hubs' day chains instead (see
    `chain_stage`), whose plan and duals take the relaxation's place. The master starts from
    the plan unless it would break a row neither LP sees (a capacity row an earlier stage made
    tight, a precedence row), a column's bounds, or an earlier stage's face."""
    cands = master.cands
    if master.chains is not None and not cands.precedence.num_rows:
        chained = on_chains(master, criterion, None, None, None, deadline)
        if chained is not None:
            start_master(master, criterion, earlier, chained[1], chained[2], chained[0], widen=True)
            return chained[0]
    if deadline is not None and deadline.passed():
        return None  # the relaxation's pricing alone takes 8 s at L
    relaxed, least = relax(master, criterion, earlier, deadline)
    if relaxed is None:
        return None
    target = Target(relaxed.value, relaxed.row_duals(cands.num_rows))
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
        chained = on_chains(master, criterion, usable, start, plan, deadline)
        if chained is None:
            return target
        target, plan, placed = chained
    start_master(master, criterion, earlier, plan, placed, target, widen=master.chains is not None)
    return target


def start_master(
    master: Master,
    criterion: int,
    earlier: list[StageDuals],
    held: Columns,
    placed: Schedule,
    target: Target,
    *,
    widen: bool = False,
) -> None:
    """Start the master from the `held` columns (fixed ones) plus `placed`, with the target's
    duals, if that plan keeps every row and column bound and `placed` lies on every earlier
    stage's face (see `tier_start`); with `widen` (a plan from the chains), column bounds are
    widened to the plan instead."""
    cands = master.cands
    if not admissible(cands, earlier, placed.index, placed.days).all():
        return
    plan = Columns(
        np.concatenate([held.index, placed.index]),
        np.concatenate([held.days, placed.days]),
        np.concatenate([held.values, placed.units]),
    )
    if not keeps_rows(cands, plan, *master.row_bounds()):
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


def on_chains(
    master: Master,
    criterion: int,
    usable: BoolArray | None,
    start: BoolArray | None,
    fixed: Columns | None,
    deadline: Deadline | None,
) -> tuple[Target, Columns, Schedule] | None:
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
    return Target(value, duals), held, solved.placed


def keeps_rows(cands: Candidates, plan: Columns, lower: FloatArray, upper: FloatArray) -> bool:
    """Whether a plan keeps the pledge, requirement and capacity rows' current bounds."""
    activity = cands.route_activity(plan.index, plan.days, plan.values)
    slack = PRIMAL_TOLERANCE * np.maximum(1.0, np.abs(upper[: cands.capacity_end]))
    return bool(
        np.all(activity >= lower[: cands.capacity_end] - slack)
        and np.all(activity <= upper[: cands.capacity_end] + slack)
    )
