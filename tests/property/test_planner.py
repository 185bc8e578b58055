"""Random small instances: every plan passes the independent verifier, and a proven-optimal
plan's priority-1 fill is never below the greedy spreadsheet method's."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind
from pledgeflow.plan import build_problem, greedy_plan, make_plan, verify

AS_OF = dt.date(2026, 3, 1)
HORIZON = 30
DEPOTS = ("O1", "O2")
HUBS = ("H1", "H2")
DESTINATIONS = ("D1", "D2")
STATUSES = (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED, PledgeStatus.ANNOUNCED)


@st.composite
def items(draw: st.DrawFn) -> tuple[Item, ...]:
    count = draw(st.integers(1, 4))
    return tuple(
        Item(
            code=f"I{i}",
            name=f"item {i}",
            supply_class=SupplyClass.II,
            unit="each",
            unit_mass_kg=Decimal(draw(st.sampled_from(["250", "1000", "3500"]))),
            divisible=draw(st.booleans()),
            substitution_group=draw(st.sampled_from([None, "G"])),
            substitution_penalty=None,
        )
        for i in range(count)
    )


@st.composite
def instances(draw: st.DrawFn) -> Dataset:
    catalogue = draw(items())
    codes = [item.code for item in catalogue]
    sites = [Site(code, code, SiteKind.DEPOT, "PL") for code in DEPOTS]
    sites += [
        Site(
            code,
            code,
            SiteKind.HUB,
            "PL",
            Decimal(draw(st.integers(0, 12))),
            draw(st.integers(0, 2)),
        )
        for code in HUBS
    ]
    sites += [Site(code, code, SiteKind.DELIVERY, "UA") for code in DESTINATIONS]
    pairs = [(a, h) for a in DEPOTS for h in HUBS] + [(h, d) for h in HUBS for d in DESTINATIONS]
    lanes = tuple(
        Lane(a, b, draw(st.integers(0, 6))) for a, b in pairs if draw(st.integers(0, 4)) > 0
    )
    requirements = tuple(
        Requirement(
            f"R{i}",
            draw(st.sampled_from(codes)),
            Decimal(draw(st.integers(1, 20))),
            draw(st.integers(1, 5)),
            AS_OF + dt.timedelta(days=draw(st.integers(-3, HORIZON + 5))),
            draw(st.sampled_from(DESTINATIONS)),
        )
        for i in range(draw(st.integers(1, 8)))
    )
    pledges = tuple(
        Pledge(
            f"P{i}",
            "XX",
            draw(st.sampled_from(codes)),
            Decimal(draw(st.integers(1, 25))),
            AS_OF + dt.timedelta(days=draw(st.integers(-5, HORIZON))),
            draw(st.sampled_from(DEPOTS)),
            draw(st.sampled_from(STATUSES)),
            earmark=draw(st.sampled_from([None, None, None, *(r.id for r in requirements)])),
        )
        for i in range(draw(st.integers(0, 8)))
    )
    compatible = {item.code: item for item in catalogue}
    pledges = tuple(
        p
        for p in pledges
        if p.earmark is None
        or compatible[p.item].can_serve(
            compatible[next(r for r in requirements if r.id == p.earmark).item]
        )
    )
    calendar = ()
    if draw(st.booleans()):
        start = AS_OF + dt.timedelta(days=draw(st.integers(0, HORIZON)))
        calendar = (HubCalendarEntry("H1", start, start + dt.timedelta(days=3), Decimal(0)),)
    return Dataset(
        items=catalogue,
        sites=tuple(sites),
        lanes=lanes,
        hub_calendar=calendar,
        requirements=requirements,
        pledges=pledges,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_plan_and_greedy_plan_verifies(data: Dataset) -> None:
    problem = build_problem(data)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=HORIZON)
    report = verify(problem, plan)
    assert report.ok, report.violations
    greedy_report = verify(problem, greedy_plan(problem, as_of=AS_OF, horizon_days=HORIZON))
    assert greedy_report.ok, greedy_report.violations
    assert plan.quality is not None
    if plan.quality.proven_optimal:
        assert plan.quality.gap == 0.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_divisible_instances_stay_on_the_proven_optimal_lp_path(data: Dataset) -> None:
    data = dataclasses.replace(
        data, items=tuple(dataclasses.replace(item, divisible=True) for item in data.items)
    )
    problem = build_problem(data)
    plan = make_plan(problem, as_of=AS_OF, horizon_days=HORIZON)
    assert plan.quality is not None
    assert plan.quality.proven_optimal
    assert plan.notes["mip_gap"] == 0.0
    assert "MIP" not in plan.quality.method


def whole(data: Dataset, indivisible: bool) -> Dataset:
    if not indivisible:
        return data
    items = tuple(dataclasses.replace(item, divisible=False) for item in data.items)
    return dataclasses.replace(data, items=items)


# Quantities carry 6 decimals and HiGHS a 1e-7 feasibility tolerance: 1e-5 of slack.
SLACK = 1e-5


# Indivisible items go through the whole-unit MIP, seeded with greedy's plan: at every tier
# that greedy reaches with all earlier tiers equal, the plan is at least as good (whole_unit_mip).
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans())
def test_every_tier_is_at_least_greedy_while_the_earlier_tiers_are_equal(
    data: Dataset, indivisible: bool
) -> None:
    problem = build_problem(whole(data, indivisible))
    ours = verify(problem, make_plan(problem, as_of=AS_OF, horizon_days=HORIZON))
    greedy = verify(problem, greedy_plan(problem, as_of=AS_OF, horizon_days=HORIZON))
    assert ours.ok, ours.violations
    for tier in (f"priority_{p}" for p in range(1, 6)):
        assert ours.objective[tier] >= greedy.objective[tier] - SLACK, tier
        if ours.objective[tier] > greedy.objective[tier] + SLACK:
            return
