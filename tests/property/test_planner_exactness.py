"""Column generation and the stage-by-stage face restriction lose nothing: on random small
instances with divisible items, the plan's tier fills and lateness equal those of a brute-force
lexicographic LP over every (pledge, requirement, hub, day) column, written independently here
from the raw records with SciPy's `linprog`."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from scipy.optimize import linprog
from test_planner import AS_OF, HORIZON, instances

from pledgeflow.domain.datasets import Dataset
from pledgeflow.plan import build_problem, make_plan, verify

WEIGHTS = {1: 16, 2: 8, 3: 4, 4: 2, 5: 1}


def _columns(data: Dataset) -> list[tuple[str, str, str, int, int]]:
    """(pledge, requirement, hub, hub-out day, arrival day) for every feasible daily column."""
    items = {i.code: i for i in data.items}
    lanes: dict[tuple[str, str], int] = {}
    for lane in data.lanes:
        lanes[(lane.from_site, lane.to_site)] = min(
            lane.days, lanes.get((lane.from_site, lane.to_site), lane.days)
        )
    columns = []
    for p in (p for p in data.pledges if p.is_plannable):
        for r in data.requirements:
            if not items[p.item].can_serve(items[r.item]) or p.earmark not in (None, r.id):
                continue
            for hub in (s for s in data.sites if s.is_hub):
                inbound, outbound = (
                    lanes.get((p.origin, hub.code)),
                    lanes.get((hub.code, r.destination)),
                )
                if inbound is None or outbound is None:
                    continue
                first = max((p.available_from - AS_OF).days, 0) + inbound + hub.handling_days
                for day in range(first, HORIZON - outbound + 1):
                    columns.append((p.id, r.id, hub.code, day, day + outbound))
    return columns


def _brute_force(data: Dataset) -> dict[str, float]:
    columns = _columns(data)
    if not columns:
        return {f"priority_{p}": 0.0 for p in WEIGHTS} | {"lateness": 0.0}
    reqs = {r.id: r for r in data.requirements}
    pledges = {p.id: p for p in data.pledges}
    mass = {i.code: float(i.unit_mass_kg) / 1000 for i in data.items}
    rows: dict[tuple[str, object], int] = {}
    a_ub: list[dict[int, float]] = []
    b_ub: list[float] = []

    def entry(key: tuple[str, object], bound: float, col: int, value: float) -> None:
        if key not in rows:
            rows[key] = len(a_ub)
            a_ub.append({})
            b_ub.append(bound)
        a_ub[rows[key]][col] = value

    for col, (p, r, hub, day, _) in enumerate(columns):
        entry(("p", p), float(pledges[p].quantity), col, 1.0)
        entry(("r", r), float(reqs[r].quantity), col, 1.0)
        capacity = next(s for s in data.sites if s.code == hub).capacity_t_per_day or 0
        date = AS_OF + dt.timedelta(days=day)
        for e in data.hub_calendar:
            capacity = e.capacity_t_per_day if e.hub == hub and e.covers(date) else capacity
        entry(("h", (hub, day)), float(capacity), col, mass[pledges[p].item])
    matrix = np.zeros((len(a_ub), len(columns)))
    for i, row in enumerate(a_ub):
        for col, value in row.items():
            matrix[i, col] = value
    bounds = np.asarray(b_ub)
    objectives = {}
    for p in WEIGHTS:
        objectives[f"priority_{p}"] = np.asarray(
            [
                -1.0 / float(reqs[c[1]].quantity) if reqs[c[1]].priority == p else 0.0
                for c in columns
            ]
        )
    objectives["lateness"] = np.asarray(
        [
            WEIGHTS[reqs[c[1]].priority]
            * max(c[4] - (reqs[c[1]].needed_by - AS_OF).days, 0)
            / float(reqs[c[1]].quantity)
            for c in columns
        ]
    )
    values = {}
    for name, cost in objectives.items():
        result = linprog(cost, A_ub=matrix, b_ub=bounds, bounds=(0, None), method="highs")
        assert result.status == 0
        values[name] = -result.fun if name.startswith("priority") else result.fun
        matrix = np.vstack([matrix, cost])
        # Held with a little room: at 1e-9 HiGHS called a later criterion infeasible (its
        # tolerances are 1e-7); the comparison below is to 1e-5.
        bounds = np.append(bounds, result.fun + 1e-7 * max(1.0, abs(result.fun)))
    return values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_plan_meets_the_brute_force_lexicographic_optimum(data: Dataset) -> None:
    data = dataclasses.replace(
        data, items=tuple(dataclasses.replace(i, divisible=True) for i in data.items)
    )
    problem = build_problem(data)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=HORIZON)
    assert plan.quality is not None
    assert plan.quality.proven_optimal
    ours = verify(problem, plan).objective
    best = _brute_force(data)
    for name, value in best.items():
        # Plan lines are snapped to a millionth of a unit (plan/resolution.py): a late line cut
        # by 1e-6 moves lateness by up to 16 x days late x 1e-6 / quantity, so lateness is
        # compared to 1e-4 (a stored example: 0.0 against the reference's 1.04e-5).
        room = 1e-4 if name == "lateness" else 1e-5
        assert ours[name] == pytest.approx(value, rel=1e-5, abs=room), name
