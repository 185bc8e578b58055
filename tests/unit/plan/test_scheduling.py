"""Placing pair flows in the hubs: everything that fits is placed, on days its triples allow,
within every hub-day's capacity, and what does not fit is reported as such."""

from __future__ import annotations

import numpy as np
import pytest
from plan_instances import AS_OF, dataset, item, need, offer

from pledgeflow.plan import build_problem
from pledgeflow.plan.build import Candidates, build_candidates
from pledgeflow.plan.scheduling import Schedule, schedule

HORIZON = 10


def _candidates() -> Candidates:
    # R1 and R2 at D1, each reachable from P1 and P2 through HA (1 + 1 days) and HB (2 + 3);
    # the capacities are the tests' own.
    data = dataset(
        (item("A", "1000"),),
        (need("R1", "A", "20", 1, 5), need("R2", "A", "20", 2, 5)),
        (offer("P1", "A", "20"), offer("P2", "A", "20", available=3)),
    )
    return build_candidates(build_problem(data), AS_OF, HORIZON)


def _place(cands: Candidates, capacity: np.ndarray) -> tuple[Schedule, np.ndarray]:
    flow = np.zeros(int(cands.pair.max()) + 1)
    flow[cands.pair] = 10.0  # every pair sends 10 units: 40 t in all
    placed = schedule(cands, flow, capacity, np.ones(len(cands), dtype=bool))
    assert placed is not None
    return placed, flow


def _hub_day_mass(cands: Candidates, placed: Schedule, shape: tuple[int, int]) -> np.ndarray:
    used = np.zeros(shape)
    np.add.at(
        used, (cands.hub[placed.index], placed.days), placed.units * cands.mass_t[placed.index]
    )
    return used


def test_all_of_a_flow_that_fits_is_placed_within_each_triple_s_days() -> None:
    cands = _candidates()
    capacity = np.full((cands.num_hubs, HORIZON + 1), 8.0)
    placed, flow = _place(cands, capacity)
    assert placed.wanted == pytest.approx(40.0)
    assert placed.placed == pytest.approx(40.0)
    assert np.all(placed.days >= cands.first[placed.index])
    assert np.all(placed.days <= cands.last[placed.index])
    assert np.all(_hub_day_mass(cands, placed, capacity.shape) <= capacity + 1e-9)
    per_pair = np.bincount(cands.pair[placed.index], weights=placed.units, minlength=len(flow))
    assert per_pair == pytest.approx(flow)


def test_a_flow_the_hubs_cannot_carry_is_placed_as_far_as_it_fits() -> None:
    cands = _candidates()
    capacity = np.zeros((cands.num_hubs, HORIZON + 1))
    capacity[:, 2] = 3.0  # one day, 3 t per hub: at most 6 t of the 40
    placed, _ = _place(cands, capacity)
    assert placed.placed == pytest.approx(6.0)
    assert placed.placed < placed.wanted
    assert np.all(_hub_day_mass(cands, placed, capacity.shape) <= capacity + 1e-9)
    assert placed.units.sum() == pytest.approx(placed.placed)  # 1 t a unit
