"""The whole-unit MIP starts from its best seed and never ends below it; hand-derived."""

from __future__ import annotations

import numpy as np
import pytest
from plan_instances import AS_OF, dataset, item, need, offer, sites

from pledgeflow.plan import build_problem
from pledgeflow.plan.build import CRITERIA, Candidates, build_candidates
from pledgeflow.plan.problem import FloatArray
from pledgeflow.plan.seeding import greedy_columns
from pledgeflow.plan.whole_unit_mip import Columns, solve_whole_units

HORIZON = 20


def three_tonne_units() -> tuple[Columns, Columns, Candidates, FloatArray]:
    # 3 t units through a 10 t/day hub: 3 units a day fit. Greedy sends 3, 3 and 1 on days 1-3.
    data = dataset(
        (item("T", "3000", divisible=False),),
        (need("R1", "T", "7", 1, 2),),
        (offer("P1", "T", "7"),),
        site_list=sites(capacity_a="10", capacity_b="0"),
    )
    problem = build_problem(data)
    cands = build_candidates(problem, AS_OF, HORIZON)
    capacity = problem.hub_capacity_by_day(AS_OF.toordinal(), HORIZON + 1)
    upper = np.concatenate([problem.pledge_quantity, problem.req_quantity, capacity.ravel()])
    greedy = greedy_columns(problem, cands)
    return greedy, Columns(greedy.index[:1], greedy.days[:1], np.ones(1)), cands, upper


def test_greedy_lines_are_columns_of_the_model() -> None:
    greedy, _, _, _ = three_tonne_units()
    assert sorted(zip(greedy.days.tolist(), greedy.values.tolist(), strict=True)) == [
        (1, 3.0),
        (2, 3.0),
        (3, 1.0),
    ]


@pytest.mark.parametrize("seconds", [0.0, 5.0])
def test_the_priority_tier_is_never_below_the_best_seed(seconds: float) -> None:
    greedy, poor, cands, upper = three_tonne_units()
    tier = CRITERIA.index("priority_1")
    # The LP bound on the tier is −1 (R1 fully served); the greedy seed meets it, so even with
    # no time at all the MIP returns all 7 units, in whole units, within 10 t a day.
    result = solve_whole_units(
        cands,
        Columns.empty(),
        [poor, greedy],
        upper,
        [(tier, -1.0)],
        seconds,  # type: ignore[arg-type]
    )
    values = result.columns.values
    assert values.sum() == pytest.approx(7.0)
    assert np.all(values == np.round(values))
    by_day = np.bincount(result.columns.days, weights=values)
    assert np.all(by_day * 3 <= 10 + 1e-9)
    assert result.mip_gaps == {}


def test_the_mip_improves_on_a_poor_seed_over_the_columns_it_holds() -> None:
    # Only the one-unit seed is a start; the greedy routes are offered as empty columns, and
    # the MIP itself must find the 7 whole units (3 + 3 + 1: 9 t of 10 on each of two days).
    greedy, poor, cands, upper = three_tonne_units()
    generated = Columns(greedy.index, greedy.days, np.zeros(len(greedy.index)))
    tier = CRITERIA.index("priority_1")
    result = solve_whole_units(cands, generated, [poor], upper, [(tier, -1.0)], 5.0)
    assert result.columns.values.sum() == pytest.approx(7.0)
    assert result.mip_gaps == {"priority_1": 0.0}
