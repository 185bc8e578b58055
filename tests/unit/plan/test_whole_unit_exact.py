"""Whole units planned to their exact optimum, not to the LP's: 9-t trucks (indivisible) and
divisible fuel share one 12 t/day hub."""

from __future__ import annotations

from decimal import Decimal

import pytest
from plan_instances import AS_OF, dataset, day, item, need, offer, sites

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.sites import HubCalendarEntry
from pledgeflow.plan import build_problem, make_plan, verify


def trucks_and_fuel() -> Dataset:
    """Horizon 5: HA (12 t/day) sends on days 1-4 (DEP→HA 1 day, HA→D1 1 day); HB is closed.
    R1 needs 5 trucks of 9 t, R2 60 t of fuel, both priority 1 and due after the horizon.

    By hand: a truck adds 1/5 = 0.2 to the tier-1 fill and takes 9 t, which as fuel would add
    9/60 = 0.15; so trucks come first, but only one fits a 12 t day. The LP sends 5 trucks in
    45 t (3.75 days) and 3 t of fuel: fill 1.05. In whole units each of the 4 days takes one
    truck and 3 t of fuel: 4/5 + 12/60 = 1.0; three trucks and a fuel day give
    3/5 + 21/60 = 0.95, fewer trucks less. So the optimum is 1.0: 4 trucks, 12 t of fuel."""
    closed = HubCalendarEntry("HB", day(0), day(5), Decimal(0))
    return dataset(
        (item("T", "9000", divisible=False), item("F", "1000")),
        (need("R1", "T", "5", 1, 20), need("R2", "F", "60", 1, 20)),
        (offer("P1", "T", "5"), offer("P2", "F", "100")),
        site_list=sites(capacity_a="12"),
        calendar=(closed,),
    )


def test_trucks_and_fuel_through_one_hub_reach_the_whole_unit_optimum() -> None:
    problem = build_problem(trucks_and_fuel())
    plan = make_plan(problem, as_of=AS_OF, horizon_days=5)
    report = verify(problem, plan, tolerance=0.0)
    assert report.ok, report.violations
    assert report.objective["priority_1"] == pytest.approx(1.0, abs=1e-9)
    trucks = {a.hub_out_date: a.quantity for a in plan.allocations if a.pledge == "P1"}
    fuel = {a.hub_out_date: 0.0 for a in plan.allocations if a.pledge == "P2"}
    for a in plan.allocations:
        if a.pledge == "P2":
            fuel[a.hub_out_date] += a.quantity
    assert trucks == {day(d): 1.0 for d in range(1, 5)}
    assert fuel == {day(d): 3.0 for d in range(1, 5)}
    assert plan.quality is not None
    assert plan.quality.proven_optimal, plan.quality.method
    assert plan.quality.gap == 0.0
