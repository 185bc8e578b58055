"""One tiny instance per rule and per criterion of DESIGN §5, each with its optimum by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from plan_instances import AS_OF, dataset, day, item, need, offer, one_busy_hub, sites

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan, ShortfallReason
from pledgeflow.plan import build_problem, make_plan, verify
from pledgeflow.plan.problem import Problem

Line = tuple[str, str, str, float, dt.date, dt.date, int]


def solve(data: Dataset, horizon: int = 20, *, proven: bool = True) -> tuple[Problem, Plan]:
    problem = build_problem(data)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=horizon)
    report = verify(problem, plan)
    assert report.ok, report.violations
    assert plan.quality is not None
    assert plan.quality.proven_optimal is proven
    return problem, plan


def lines(plan: Plan) -> set[Line]:
    """(pledge, requirement, hub, quantity, hub out, arrival, days late) for every line."""
    return {
        (
            a.pledge,
            a.requirement,
            a.hub,
            round(a.quantity, 6),
            a.hub_out_date,
            a.arrival_date,
            a.days_late,
        )
        for a in plan.allocations
    }


def reasons(plan: Plan) -> dict[str, tuple[float, ShortfallReason]]:
    return {s.requirement: (round(s.quantity, 6), s.reason) for s in plan.shortfalls}


def test_capacity_forces_lateness() -> None:
    # HA takes 5 t/day; 10 one-tonne units must leave HA by day 1 to arrive by day 2.
    # Day 1 takes 5 (on time), day 2 the other 5 (one day late); HB would be 3 days late.
    data = dataset(
        (item("A"),),
        (need("R1", "A", "10", 1, 2),),
        (offer("P1", "A", "10"),),
        site_list=sites(capacity_a="5"),
    )
    problem, plan = solve(data)
    assert lines(plan) == {
        ("P1", "R1", "HA", 5.0, day(1), day(2), 0),
        ("P1", "R1", "HA", 5.0, day(2), day(3), 1),
    }
    assert plan.shortfalls == ()
    # 16 (priority-1 weight) x 5 unit-days late / 10 required.
    assert verify(problem, plan).objective["lateness"] == pytest.approx(8.0)


def substitution_case(b_units: str) -> Dataset:
    # RH (priority 1, at D2) can only be reached by B from DEP via HA (day 3).
    # RL (priority 2, A at D1 by day 3): A from DEP2 goes via HB and arrives day 5 (2 late);
    # B via HA would arrive day 2, on time, but only if RH's tier loses nothing.
    return dataset(
        (item("A", group="G"), item("B", group="G")),
        (need("RH", "B", "10", 1, 30, dest="D2"), need("RL", "A", "10", 2, 3)),
        (offer("PA", "A", "10", origin="DEP2"), offer("PB", "B", b_units)),
    )


def test_substitute_beats_lateness_when_spare() -> None:
    _, plan = solve(substitution_case("20"))
    assert lines(plan) == {
        ("PB", "RH", "HA", 10.0, day(1), day(3), 0),
        ("PB", "RL", "HA", 10.0, day(1), day(2), 0),
    }
    assert [a.substituted for a in plan.allocations if a.requirement == "RL"] == [True]


def test_substitute_never_taken_from_a_higher_tier() -> None:
    _, plan = solve(substitution_case("10"))
    assert lines(plan) == {
        ("PB", "RH", "HA", 10.0, day(1), day(3), 0),
        ("PA", "RL", "HB", 10.0, day(2), day(5), 2),
    }


def test_one_tier_one_need_wins_over_three_tier_two_needs() -> None:
    # A weighted sum of fill fractions would give the 30 units to three tier-2 needs (3.0 > 1.0).
    data = dataset(
        (item("A"),),
        (
            need("R1", "A", "30", 1, 10),
            need("R2", "A", "10", 2, 10),
            need("R3", "A", "10", 2, 10),
            need("R4", "A", "10", 2, 10),
        ),
        (offer("P1", "A", "30"),),
    )
    _, plan = solve(data)
    assert lines(plan) == {("P1", "R1", "HA", 30.0, day(1), day(2), 0)}
    assert reasons(plan) == {
        "R2": (10.0, ShortfallReason.TAKEN_BY_HIGHER_PRIORITY),
        "R3": (10.0, ShortfallReason.TAKEN_BY_HIGHER_PRIORITY),
        "R4": (10.0, ShortfallReason.TAKEN_BY_HIGHER_PRIORITY),
    }
    assert all("R1" in s.detail for s in plan.shortfalls)
    assert all("equal or higher priority (priority 1)" in s.detail for s in plan.shortfalls)


def test_supply_taken_by_the_same_priority_says_so() -> None:
    """Two priority-2 needs share 10 units: the one left short was not outranked, and its
    detail says the takers hold its own priority and names them."""
    data = dataset(
        (item("A"),),
        (need("R1", "A", "10", 2, 10), need("R2", "A", "10", 2, 10)),
        (offer("P1", "A", "10"),),
    )
    _, plan = solve(data)
    [shortfall] = plan.shortfalls
    assert shortfall.reason is ShortfallReason.TAKEN_BY_HIGHER_PRIORITY
    assert "equal or higher priority (all of priority 2, the same as this one)" in shortfall.detail
    taker = {"R1", "R2"} - {shortfall.requirement}
    assert f"{taker.pop()} (priority 2, 10)" in shortfall.detail


def test_earmarked_pledge_serves_only_its_earmark() -> None:
    data = dataset(
        (item("A"),),
        (need("R1", "A", "10", 1, 10), need("R2", "A", "10", 3, 10)),
        (offer("P1", "A", "10", earmark="R2"),),
    )
    _, plan = solve(data)
    assert lines(plan) == {("P1", "R2", "HA", 10.0, day(1), day(2), 0)}
    assert reasons(plan) == {"R1": (10.0, ShortfallReason.NO_SUPPLY)}


def test_indivisible_item_moves_in_whole_units() -> None:
    # 3 t units through a 10 t/day hub: 3 units a day. The LP would send 3 1/3 a day.
    data = dataset(
        (item("T", "3000", divisible=False),),
        (need("R1", "T", "7", 1, 2),),
        (offer("P1", "T", "7"),),
        site_list=sites(capacity_a="10", capacity_b="0"),
    )
    _, plan = solve(data)
    assert lines(plan) == {
        ("P1", "R1", "HA", 3.0, day(1), day(2), 0),
        ("P1", "R1", "HA", 3.0, day(2), day(3), 1),
        ("P1", "R1", "HA", 1.0, day(3), day(4), 2),
    }
    # The LP bound on lateness is 16 x (3 1/3 x 1 + 1/3 x 2) / 7 = 64/7; the whole-unit plan has
    # 16 x (3 + 2) / 7 = 80/7. The LP bound cannot prove it optimal; the whole-unit MIP over
    # every column of this small model does (see `whole_unit_columns`).
    assert plan.quality is not None
    assert plan.quality.gap == 0.0
    assert "every column of the model" in plan.quality.method


def test_no_route_and_after_horizon_and_no_supply() -> None:
    data = dataset(
        (item("A"), item("Z")),
        (
            need("RROUTE", "A", "5", 1, 10, dest="D2"),
            need("RLATE", "Z", "5", 1, 10),
            need("RNONE", "A", "5", 2, 10),
        ),
        (offer("PA", "A", "5", origin="DEP2"), offer("PZ", "Z", "5", available=19)),
    )
    _, plan = solve(data)
    # PA reaches D1 via HB (day 5) and is the only A, so RNONE gets it; D2 has no path from DEP2.
    assert lines(plan) == {("PA", "RNONE", "HB", 5.0, day(2), day(5), 0)}
    assert reasons(plan) == {
        "RROUTE": (5.0, ShortfallReason.NO_ROUTE),
        "RLATE": (5.0, ShortfallReason.AFTER_HORIZON),
    }


def test_hub_capacity_shortfall_and_hub_value() -> None:
    data = one_busy_hub()
    _, plan = solve(data, horizon=3)
    assert lines(plan) == {
        ("P1", "R1", "HA", 5.0, day(1), day(2), 0),
        ("P1", "R1", "HA", 5.0, day(2), day(3), 1),
    }
    assert reasons(plan) == {"R1": (10.0, ShortfallReason.HUB_CAPACITY)}
    values = {v.hub: v for v in plan.hub_values}
    # One more tonne/day on days 1 and 2 moves 2 more units: 2/20 of R1's fill.
    assert values["HA"].criterion == "priority_1"
    assert values["HA"].capacity_value == pytest.approx(0.1)
    assert values["HB"].capacity_value == 0.0


def test_a_need_that_has_every_compatible_unit_is_short_of_supply_not_capacity() -> None:
    """All 10 pledged units serve R1; the other 20 are simply not pledged. No hub binds, so
    `hub_capacity` would be untrue."""
    data = dataset((item("A"),), (need("R1", "A", "30", 1, 10),), (offer("P1", "A", "10"),))
    _, plan = solve(data)
    [shortfall] = plan.shortfalls
    assert shortfall.reason is ShortfallReason.NO_SUPPLY
    assert "(10) already serves it" in shortfall.detail
