"""One stage: column generation to its optimum, or to the deadline with a valid bound."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from pledgeflow.plan.budget import Deadline
from pledgeflow.plan.build import (
    CRITERIA,
    STABILITY,
    TIE_BREAK,
    Candidates,
)
from pledgeflow.plan.master import Master, Stop, active_criteria
from pledgeflow.plan.pricing import (
    StageDuals,
    best_columns,
    column_keys,
)
from pledgeflow.plan.problem import FloatArray
from pledgeflow.plan.solution import StageResult
from pledgeflow.plan.tier_start import RELAXATION_MET, meets, tier_start
from pledgeflow.plan.whole_unit_mip import Columns


@dataclass
class StageRun:
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
    rounded from it can be better than one rounded from `plan` (see `stopped_solution`)."""
    """Optimal duals other than the master's, when a `Target` ended the stage."""


def generate(
    master: Master,
    criterion: int,
    earlier: list[StageDuals],
    limit: int,
    deadline: Deadline | None,
    report: Callable[[float, float], None] | None = None,
) -> StageRun:
    """Solve one stage to optimality over all columns, or until the deadline.

    A tier stage first solves its capacity-free relaxation, or its chain LP where the hubs
    bind, and starts from its plan (`tier_start`); it ends as soon as the master reaches that
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
    target = tier_start(master, criterion, earlier, deadline) if tier else None
    bound = None if target is None else target.value
    while True:
        try:
            value = master.run(name, deadline)
        except Stop as stop:
            return StageRun(None, rounds, bound, last, str(stop), begun=begun)
        if target is not None and value <= target.value + RELAXATION_MET * max(
            1.0, abs(target.value)
        ):
            master.stage_plan = meets(master.started, master.cands, criterion, target.value)
            if report is not None:
                report(value, target.value)
            return StageRun(value, rounds, target.value, master.snapshot(), duals=target.duals)
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
            return StageRun(value, rounds, bound, last)
        last = master.snapshot()
        if deadline is not None and deadline.passed():
            return StageRun(None, rounds, bound, last, "time limit reached", begun=begun)
        master.prune()
        master.add(index, days, criterion)
        rounds += 1


def tie_break(master: Master, deadline: Deadline | None) -> StageRun:
    """The tie-break over the columns held, without pricing: it is no §5 criterion, and at S
    its pricing rounds cost a fifth of the LP time (and its MIP more) to move departures that
    change no criterion. Plans stay deterministic; earliest among the columns generated."""
    last = master.stage_plan or master.snapshot()
    try:
        value = master.run(TIE_BREAK, deadline)
    except Stop as stop:
        return StageRun(None, 0, None, last, str(stop))
    return StageRun(value, 0, value, master.snapshot())


@dataclass
class Stages:
    """The LP stages solved (the last one only bounded if `stopped` says so) and the plan."""

    results: list[StageResult]
    plan: Columns
    stopped: str = ""
    begun: Columns | None = None
    """The stopped stage's starting plan, if it had one of its own (see `StageRun`)."""


def next_criterion(cands: Candidates, name: str) -> int | None:
    active = active_criteria(cands)
    after = active[active.index(CRITERIA.index(name)) + 1 :]
    return after[0] if after else None


def trivial_bound(cands: Candidates, criterion: int) -> float:
    """A bound on a stage not solved at all: every requirement of a tier filled, every
    referenced unit kept, and no cost for the other criteria (none is negative)."""
    name = CRITERIA[criterion]
    if name == STABILITY:
        return -float(cands.reference_bound.sum())
    if name.startswith("priority_"):
        tier = cands.fixed[criterion] < 0
        return -float(len(np.unique(cands.requirement[tier])))
    return 0.0
