"""The capacity-free bound of a stopped stage: never better than the stage's optimum, and equal
to it where the hubs do not bind (why it closes most of M's reported gap)."""

from __future__ import annotations

import numpy as np
import pytest
from plan_instances import AS_OF, dataset, item, need, offer, one_busy_hub

from pledgeflow.domain.datasets import Dataset
from pledgeflow.plan import build_problem, make_plan
from pledgeflow.plan.build import CRITERIA, build_candidates
from pledgeflow.plan.capacity_free import HeldColumns, capacity_free

TIER_1 = CRITERIA.index("priority_1")


def _tier_1(data: Dataset, horizon: int) -> tuple[float, float]:
    """(capacity-free bound, optimum) of the priority-1 stage, before any column is held."""
    problem = build_problem(data)
    cands = build_candidates(problem, AS_OF, horizon)
    none = np.zeros(0)
    held = HeldColumns(none, none, none, np.zeros(0, dtype=np.int64), none, none, none)
    rows = np.concatenate([problem.pledge_quantity, problem.req_quantity])
    least = cands.costs(np.arange(len(cands)), cands.first)[TIER_1]
    relaxed = capacity_free(cands, held, np.full(len(rows), -np.inf), rows, least)
    assert relaxed is not None
    plan = make_plan(problem, as_of=AS_OF, horizon_days=horizon)
    fill = sum(a.quantity / 20.0 for a in plan.allocations if a.requirement == "R1")
    fill += sum(a.quantity / 30.0 for a in plan.allocations if a.requirement == "R2")
    return relaxed.value, -fill


def test_a_binding_hub_makes_the_bound_loose_but_never_wrong() -> None:
    data = one_busy_hub()
    bound, optimum = _tier_1(data, horizon=3)
    assert optimum == pytest.approx(-0.5)
    assert bound == pytest.approx(-1.0)


def test_where_supply_binds_the_bound_is_the_optimum() -> None:
    # 20 units for R1 (20 needed) and R2 (30 needed): filling R1 first is worth 1 against 2/3.
    data = dataset(
        (item("A"),),
        (need("R1", "A", "20", 1, 5), need("R2", "A", "30", 1, 5)),
        (offer("P1", "A", "20"),),
    )
    bound, optimum = _tier_1(data, horizon=10)
    assert optimum == pytest.approx(-1.0)
    assert bound == pytest.approx(optimum)
