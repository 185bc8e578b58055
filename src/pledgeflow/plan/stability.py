"""Stability against a reference (approved) plan: §5's criterion right after the priority tiers.

Units moved away = Σ over the reference's (pledge, requirement, hub) triples t of
max(0, A_t − x_t), where x_t is what the new plan sends on triple t (over all hub-out days) and
A_t is the reference's quantity on t capped at what its pledge and its requirement still have
in the problem: a re-plan reduces both by what was dispatched or delivered, and units that no
longer exist cannot be kept.

Linearised exactly: one variable y_t ∈ [0, A_t] per triple with a row y_t − x_t ≤ 0, and the
stage maximises Σ y_t, so at its optimum y_t = min(A_t, x_t) and moved = Σ A_t − Σ y_t. Route
columns of a referenced triple carry −1 in its row, which `pricing` accounts for with the row's
dual, so column generation stays exact. A referenced triple that is no longer a candidate (its
lane is gone, or it can no longer arrive within the horizon) keeps nothing: its A_t counts as
moved whatever the plan does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np

from pledgeflow.domain.plans import Plan
from pledgeflow.plan.build import Candidates
from pledgeflow.plan.problem import FloatArray, IntArray, Problem


@dataclass(frozen=True, slots=True)
class Reference:
    """Candidates with stability rows, and the referenced units no candidate can carry."""

    cands: Candidates
    unreachable: float


def _referenced_units(problem: Problem, reference: Plan) -> dict[tuple[int, int, int], float]:
    """Per (pledge, requirement, hub) position in the problem, the capped referenced units."""
    pledge_at = {pledge: i for i, pledge in enumerate(problem.pledge_ids)}
    req_at = {req: i for i, req in enumerate(problem.req_ids)}
    hub_at = {problem.site_codes[site]: h for h, site in enumerate(problem.hub_site)}
    units: dict[tuple[int, int, int], float] = defaultdict(float)
    for line in reference.allocations:
        s, r = pledge_at.get(line.pledge), req_at.get(line.requirement)
        h = hub_at.get(line.hub)
        if s is not None and r is not None and h is not None:
            units[(s, r, h)] += line.quantity
    return {
        key: min(total, float(problem.pledge_quantity[key[0]]), float(problem.req_quantity[key[1]]))
        for key, total in units.items()
    }


def with_reference(problem: Problem, cands: Candidates, reference: Plan | None) -> Reference:
    """Give every candidate triple the reference plan uses its own stability row."""
    if reference is None:
        return Reference(cands, 0.0)
    units = _referenced_units(problem, reference)
    keys = (cands.pledge * len(problem.req_ids) + cands.requirement) * len(
        problem.hub_site
    ) + cands.hub
    wanted = {
        (s * len(problem.req_ids) + r) * len(problem.hub_site) + h: quantity
        for (s, r, h), quantity in units.items()
    }
    triples = np.flatnonzero(np.isin(keys, np.fromiter(wanted, dtype=np.int64, count=len(wanted))))
    bound = np.asarray([wanted[int(k)] for k in keys[triples]], dtype=np.float64).reshape(-1)
    rows = np.full(len(cands), -1, dtype=np.int64)
    rows[triples] = cands.num_base_rows + np.arange(len(triples))
    unreachable = sum(units.values()) - float(bound.sum())
    return Reference(replace(cands, reference_row=rows, reference_bound=bound), unreachable)


def kept_units(cands: Candidates, index: IntArray, values: FloatArray) -> float:
    """Σ_t min(A_t, x_t) for columns `index` with `values`: the referenced units kept."""
    rows = cands.reference_row[index]
    on = rows >= 0
    sent = np.bincount(
        rows[on] - cands.num_base_rows, weights=values[on], minlength=len(cands.reference_bound)
    )
    return float(np.minimum(sent, cands.reference_bound).sum())
