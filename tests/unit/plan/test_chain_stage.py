"""Tier stages on the hubs' day chains: the chain LP's optimum is the daily model's, its duals
price every daily column out, its plan keeps every row, and its units stay whole where they can.
"""

from __future__ import annotations

import numpy as np
import pytest
from plan_instances import AS_OF, dataset, item, need, offer, sites
from scipy.optimize import linprog

from pledgeflow.plan import build_problem
from pledgeflow.plan.build import CRITERIA, Candidates, build_candidates
from pledgeflow.plan.chain_stage import ChainModel
from pledgeflow.plan.scheduling import first_due

HORIZON = 8
TIER_1, TIER_2 = CRITERIA.index("priority_1"), CRITERIA.index("priority_2")


def _busy() -> tuple[Candidates, np.ndarray]:
    """Two hubs of 3 t a day: 33 t can reach D1 in the horizon, where R1 (priority 1) needs
    40 t; R2 (priority 2, D1) and R3 (priority 2, D2 through HA only) compete for what R1 can
    do without; B is indivisible (2 t a unit)."""
    data = dataset(
        (item("A"), item("B", "2000", divisible=False)),
        (
            need("R1", "A", "40", 1, 4),
            need("R2", "A", "15", 2, 6),
            need("R3", "B", "5", 2, 8, dest="D2"),
        ),
        (
            offer("P1", "A", "25"),
            offer("P2", "A", "15", available=2),
            offer("P3", "B", "5", available=1),
        ),
        site_list=sites(capacity_a="3", capacity_b="3"),
    )
    problem = build_problem(data)
    cands = build_candidates(problem, AS_OF, HORIZON)
    upper = np.concatenate(
        [
            problem.pledge_quantity,
            problem.req_quantity,
            np.full(cands.num_hubs * (HORIZON + 1), 3.0),
        ]
    )
    return cands, upper


def _daily_columns(cands: Candidates) -> tuple[np.ndarray, np.ndarray]:
    index = np.concatenate(
        [np.full(cands.last[k] - cands.first[k] + 1, k) for k in range(len(cands))]
    )
    days = np.concatenate([np.arange(cands.first[k], cands.last[k] + 1) for k in range(len(cands))])
    return index, days


def _daily_optimum(cands: Candidates, upper: np.ndarray, criterion: int) -> float:
    """The stage over every (triple, day) column, written out."""
    index, days = _daily_columns(cands)
    rows = [cands.pledge[index], cands.num_pledges + cands.requirement[index]]
    rows.append(cands.capacity_rows(index, days))
    matrix = np.zeros((len(upper), len(index)))
    for family, weight in zip(rows, [1.0, 1.0, None], strict=True):
        matrix[family, np.arange(len(index))] = cands.mass_t[index] if weight is None else weight
    cost = cands.costs(index, days)[criterion]
    result = linprog(cost, A_ub=matrix, b_ub=upper, bounds=(0, None), method="highs")
    assert result.status == 0
    return float(result.fun)


def _model(cands: Candidates, upper: np.ndarray) -> ChainModel:
    every = np.ones(len(cands), dtype=bool)
    return ChainModel(cands, every, np.full(len(upper), -np.inf), upper)


def test_the_chain_optimum_is_the_daily_model_s_and_its_duals_price_every_day_out() -> None:
    cands, upper = _busy()
    every = np.ones(len(cands), dtype=bool)
    optimum = _model(cands, upper).solve(cands.fixed[TIER_1], every, every)
    assert optimum is not None
    assert optimum.value == pytest.approx(_daily_optimum(cands, upper, TIER_1), abs=1e-9)
    assert optimum.value == pytest.approx(-33 / 40)  # HA's days 1–7 and HB's days 2–5
    index, days = _daily_columns(cands)
    duals = optimum.duals
    reduced = cands.costs(index, days)[TIER_1] - duals[cands.pledge[index]]
    reduced -= duals[cands.num_pledges + cands.requirement[index]]
    reduced -= cands.mass_t[index] * duals[cands.capacity_rows(index, days)]
    assert reduced.min() >= -1e-9
    hub_days = duals[cands.num_pledges + cands.num_requirements :]
    assert np.all(hub_days <= 1e-12)
    assert hub_days.min() < 0  # the hubs bind


def test_the_plan_keeps_every_row_and_is_worth_the_optimum() -> None:
    cands, upper = _busy()
    every = np.ones(len(cands), dtype=bool)
    optimum = _model(cands, upper).solve(cands.fixed[TIER_1], every, every)
    assert optimum is not None
    placed = optimum.placed
    activity = cands.route_activity(placed.index, placed.days, placed.units)
    assert np.all(activity <= upper + 1e-9)
    assert np.all(placed.days >= cands.first[placed.index])
    assert np.all(placed.days <= cands.last[placed.index])
    worth = cands.costs(placed.index, placed.days)[TIER_1] @ placed.units
    assert worth == pytest.approx(optimum.value)


def test_a_later_tier_keeps_the_earlier_one_and_reaches_its_own_optimum() -> None:
    cands, upper = _busy()
    every = np.ones(len(cands), dtype=bool)
    none = np.zeros(len(cands), dtype=bool)
    model = _model(cands, upper)
    first = model.solve(cands.fixed[TIER_1], every, none)
    second = model.solve(cands.fixed[TIER_2], every, none)
    assert first is not None
    assert second is not None
    placed = second.placed
    assert cands.costs(placed.index, placed.days)[TIER_1] @ placed.units == pytest.approx(
        first.value
    )
    # Priority 2 over priority 1's optimal face, written out: the face as a row.
    index, days = _daily_columns(cands)
    costs = cands.costs(index, days)
    rows = [cands.pledge[index], cands.num_pledges + cands.requirement[index]]
    matrix = np.zeros((len(upper) + 1, len(index)))
    for family in rows:
        matrix[family, np.arange(len(index))] = 1.0
    matrix[cands.capacity_rows(index, days), np.arange(len(index))] = cands.mass_t[index]
    matrix[-1] = costs[TIER_1]
    bounds = np.concatenate([upper, [first.value + 1e-9]])
    result = linprog(costs[TIER_2], A_ub=matrix, b_ub=bounds, bounds=(0, None), method="highs")
    assert result.status == 0
    assert second.value == pytest.approx(result.fun, abs=1e-7)
    whole = cands.integral[placed.index]
    assert placed.units[whole] == pytest.approx(np.round(placed.units[whole]))


def test_indivisible_units_leave_whole_where_divisible_mass_fills_the_rest() -> None:
    # One class: an indivisible job of 3 units of 1 t and a divisible job of 3 t, both there on
    # day 0; the chain lets 1.5 t leave on each of days 0–3.
    jobs = np.asarray([7, 9])
    placed = np.asarray([3.0, 3.0])
    departures = np.asarray([[1.5, 1.5, 1.5, 1.5]])
    zero = np.zeros(2, dtype=np.int64)
    index, days, mass = first_due(
        jobs, zero, zero, zero, placed, departures, np.asarray([1.0, 0.0])
    )
    whole = index == 7
    assert mass[whole] == pytest.approx(np.round(mass[whole]))
    assert mass[whole].sum() == pytest.approx(3.0)
    assert mass[~whole].sum() == pytest.approx(3.0)
    per_day = np.bincount(days, weights=mass, minlength=4)
    assert per_day == pytest.approx(departures[0])
