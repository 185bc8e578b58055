"""The two generic planner rules training needs, on plain §5 instances with hand-derived plans:
a hard latest arrival per requirement, and precedence between two requirements. The
verifier re-checks both from the plan's lines, and catches a plan that breaks them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import numpy as np

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.plans import Allocation, Plan, ShortfallReason
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.plan import Problem, build_problem, make_plan, verify
from pledgeflow.plan.precedence import PrecedenceRows

AS_OF = dt.date(2026, 1, 1)


def day(n: int) -> dt.date:
    return AS_OF + dt.timedelta(days=n)


def _problem(capacity_t: str, y_available: int) -> Problem:
    """DEP → HA 1 day → D 1 day; items of 1 t. RA needs 3 X (priority 2), RB 3 Y (priority 1)
    and may only take Y dispatched once as many X have arrived (precedence RA → RB)."""
    items = tuple(
        Item(code, code, SupplyClass.V, "each", Decimal(1000), divisible=False)
        for code in ("X", "Y")
    )
    dataset = Dataset(
        items=items,
        sites=(
            Site("DEP", "depot", SiteKind.DEPOT, "PL"),
            Site("HA", "hub", SiteKind.HUB, "PL", Decimal(capacity_t), 0),
            Site("D", "destination", SiteKind.DELIVERY, "UA"),
        ),
        lanes=(Lane("DEP", "HA", 1), Lane("HA", "D", 1)),
        requirements=(
            Requirement("RA", "X", Decimal(3), 2, day(30), "D"),
            Requirement("RB", "Y", Decimal(3), 1, day(30), "D"),
        ),
        pledges=(
            Pledge("PX", "POL", "X", Decimal(3), AS_OF, "DEP", PledgeStatus.COMMITTED),
            Pledge("PY", "POL", "Y", Decimal(3), day(y_available), "DEP", PledgeStatus.COMMITTED),
        ),
    )
    return replace(build_problem(dataset), precedence=((0, 1),))


def _served(plan: Plan) -> dict[str, float]:
    served: dict[str, float] = {}
    for a in plan.allocations:
        served[a.requirement] = served.get(a.requirement, 0.0) + a.quantity
    return served


def test_precedence_binds_where_the_hub_delays_the_earlier_requirement() -> None:
    """At 1 t/day RA's units leave HA on days 1, 2, 3 and arrive on 2, 3, 4: by day 3, when PY
    is dispatched, only 2 have arrived, so RB takes 2 and 1 of PY is left over."""
    problem = _problem("1", y_available=3)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=30)
    assert verify(problem, plan).ok
    assert _served(plan) == {"RA": 3, "RB": 2}
    assert sorted(a.arrival_date for a in plan.allocations if a.requirement == "RA") == [
        day(2),
        day(3),
        day(4),
    ]
    [shortfall] = plan.shortfalls
    assert (shortfall.requirement, shortfall.quantity) == ("RB", 1)
    assert shortfall.reason is ShortfallReason.HUB_CAPACITY
    assert "before RA" in shortfall.detail


def test_more_hub_capacity_lets_the_whole_cohort_follow() -> None:
    problem = _problem("2", y_available=3)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=30)
    assert verify(problem, plan).ok
    assert _served(plan) == {"RA": 3, "RB": 3}


def test_a_hard_latest_arrival_is_never_exceeded() -> None:
    """RA's units arrive on days 2, 3, 4 at 1 t/day; with a latest arrival of day 3 only two
    can come, however much the lower lateness criteria would accept a late one."""
    problem = _problem("1", y_available=3)
    latest = np.asarray([day(3).toordinal(), day(30).toordinal()], dtype=np.int64)
    problem = replace(problem, precedence=(), req_latest=latest)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=30)
    assert verify(problem, plan).ok
    assert _served(plan) == {"RA": 2, "RB": 3}
    assert max(a.arrival_date for a in plan.allocations if a.requirement == "RA") == day(3)


def test_a_latest_arrival_before_any_route_is_after_horizon() -> None:
    problem = _problem("1", y_available=3)
    latest = np.asarray([day(1).toordinal(), day(30).toordinal()], dtype=np.int64)
    plan = make_plan(replace(problem, precedence=(), req_latest=latest), as_of=AS_OF)
    [shortfall] = plan.shortfalls
    assert (shortfall.requirement, shortfall.reason) == ("RA", ShortfallReason.AFTER_HORIZON)


def _line(requirement: str, pledge: str, dispatch: int, out: int) -> Allocation:
    return Allocation(
        pledge, requirement, "HA", 1.0, day(dispatch), day(dispatch + 1), day(out), day(out + 1),
        0, False,
    )  # fmt: skip


def test_the_verifier_catches_a_broken_precedence_and_a_late_arrival() -> None:
    problem = _problem("5", y_available=3)
    problem = replace(
        problem, req_latest=np.asarray([day(2).toordinal(), day(30).toordinal()], dtype=np.int64)
    )
    lines = (_line("RA", "PX", 0, 3), _line("RB", "PY", 3, 4))
    plan = Plan(AS_OF, day(30), lines, ())
    rules = [v.rule for v in verify(problem, plan).violations]
    assert any("after 2026-01-03" in rule for rule in rules)
    assert any("by 2026-01-04, 1 more dispatched than of 'RA' arrived" in rule for rule in rules)


def test_credits_stand_for_units_moved_outside_the_plan() -> None:
    """No earlier requirement in the plan (-1): only the credit of 2 units arrived on day 2
    lets RB's units leave on day 3; a credit dated day 4 would let none leave."""
    problem = _problem("5", y_available=3)
    for credit_day, served in ((2, 2), (4, 0)):
        ruled = replace(
            problem,
            precedence=((-1, 1),),
            precedence_credits=(((day(credit_day).toordinal(), 2.0),),),
        )
        plan = make_plan(ruled, as_of=AS_OF, horizon_days=30)
        assert verify(ruled, plan).ok
        assert _served(plan).get("RB", 0) == served


def test_whole_units_keep_the_precedence() -> None:
    """At 1.5 t/day the LP moves 1.5 units of RA a day and lets all 3 of RB follow; in whole
    units only one leaves HA a day, two have arrived by day 3, and so RB may take 2 — the
    rounding repair cuts RB back rather than break the precedence."""
    problem = _problem("1.5", y_available=3)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=30)
    assert verify(problem, plan).ok
    assert _served(plan) == {"RA": 3, "RB": 2}
    assert plan.quality is not None
    # The LP bound (RB: 3) cannot prove it; the whole-unit MIP over every column of this small
    # model, precedence rows included, does (plan/whole_unit_columns.py).
    assert plan.quality.proven_optimal


def test_repair_follows_a_chain_whatever_the_pair_order() -> None:
    """Pairs listed later-first (1 → 2 before 0 → 1): cutting requirement 1 to what 0 delivered
    breaks 1 → 2, which a second pass repairs."""
    rows = PrecedenceRows(
        before=np.asarray([1, 0]),
        after=np.asarray([2, 1]),
        thresholds=(np.asarray([5]), np.asarray([3])),
        offsets=np.asarray([0, 1, 2]),
        upper=np.zeros(2),
    )
    requirement = np.asarray([0, 1, 2])
    dispatch = np.asarray([0, 3, 5])
    arrival = np.asarray([3, 5, 7])
    values = rows.repair(
        requirement, dispatch, arrival, np.asarray([1.0, 2.0, 2.0]), np.ones(3, dtype=bool)
    )
    assert values.tolist() == [1.0, 1.0, 1.0]
