"""Never below the greedy method: a plan the optimiser could not prove is compared with greedy's.

A stopped stage, a whole-unit MIP cut short or numerical trouble can leave a plan that is
lexicographically worse than the spreadsheet method's (M of an unseen shape, 10 s: priority 2
at 857.55 against greedy's 857.72). Greedy's plan is made first, as route columns, and the plan
returned is the better of the two over every §5 criterion in order; the plan's method says
which was kept.
"""

from __future__ import annotations

import numpy as np

from pledgeflow.plan.build import CRITERIA, STABILITY, TIE_BREAK, Candidates
from pledgeflow.plan.stability import kept_units
from pledgeflow.plan.whole_unit_mip import Columns

COMPARE_TOLERANCE = 1e-6
"""Relative difference below which two plans count as equal on a criterion."""

CRITERIA_COMPARED = tuple(name for name in CRITERIA if name != TIE_BREAK)


def worth(cands: Candidates, plan: Columns) -> dict[str, float]:
    """The plan's value on every criterion (lower is better: tier fills are negated)."""
    costs = cands.costs(plan.index, plan.days) @ plan.values
    costs[CRITERIA.index(STABILITY)] = -kept_units(cands, plan.index, plan.values)
    return {name: float(costs[j]) for j, name in enumerate(CRITERIA)}


def compare(cands: Candidates, a: Columns, b: Columns, names: tuple[str, ...]) -> int:
    """-1 if plan `a` is lexicographically better than `b` over `names` (each beyond
    COMPARE_TOLERANCE relative), 1 if worse, 0 if equal on all of them."""
    first, second = worth(cands, a), worth(cands, b)
    for name in names:
        room = COMPARE_TOLERANCE * max(1.0, abs(first[name]), abs(second[name]))
        if abs(first[name] - second[name]) > room:
            return -1 if first[name] < second[name] else 1
    return 0


def greedy_is_better(cands: Candidates, plan: Columns, greedy: Columns | None) -> bool:
    """True if greedy's plan beats `plan` lexicographically over every §5 criterion."""
    if greedy is None or len(greedy.index) == 0:
        return False
    return compare(cands, greedy, plan, CRITERIA_COMPARED) < 0


def whole(cands: Candidates, plan: Columns) -> Columns:
    """Greedy's indivisible quantities as exact whole numbers (its floats carry dust)."""
    values = plan.values.copy()
    integral = cands.integral[plan.index]
    values[integral] = np.round(values[integral])
    return Columns(plan.index, plan.days, values)
