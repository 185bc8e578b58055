"""A time budget stops the planner where it finds it: the plan it returns still keeps every
rule, says it is not proven optimal, and measures its gap against a bound no plan can beat."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from pledgeflow.demo.generator import generate
from pledgeflow.plan import build_problem, make_plan, verify
from pledgeflow.plan.budget import Deadline
from pledgeflow.plan.build import build_candidates
from pledgeflow.plan.problem import Problem
from pledgeflow.plan.solve import Solution, solve_model

AS_OF = dt.date(2026, 11, 2)
HORIZON = 60


@pytest.fixture(scope="module")
def problem() -> Problem:
    data = generate(
        requirements=150, pledges=150, hubs=3, horizon_days=HORIZON, seed=7, as_of=AS_OF
    )
    return build_problem(data)


def _solve(problem: Problem, deadline: Deadline | None) -> Solution:
    cands = build_candidates(problem, AS_OF, HORIZON)
    capacity = problem.hub_capacity_by_day(AS_OF.toordinal(), HORIZON + 1)
    return solve_model(problem, cands, capacity, deadline=deadline, mip_seconds=2.0)


def test_a_stopped_stage_is_bounded_below_its_optimum_and_earlier_stages_are_exact(
    problem: Problem,
) -> None:
    started = time.monotonic()
    full = _solve(problem, None)
    seconds = time.monotonic() - started
    optimum = {stage.name: stage.value for stage in full.stages}
    stops = 0
    for fraction in (0.0, 0.05, 0.2, 0.5):
        stopped = _solve(problem, Deadline.after(time.monotonic, fraction * seconds))
        if "time limit reached" not in stopped.method:
            continue
        stops += 1
        assert not stopped.proven_optimal
        *solved, last = stopped.stages
        for stage in solved:
            assert stage.value == pytest.approx(optimum[stage.name], rel=1e-6, abs=1e-6)
        scale = max(1.0, abs(optimum[last.name]))
        assert last.value <= optimum[last.name] + 1e-6 * scale
        assert stopped.gap >= 0.0
    assert stops >= 1


def test_a_plan_stopped_by_its_time_limit_keeps_every_rule(problem: Problem) -> None:
    plan = make_plan(
        problem, as_of=AS_OF, horizon_days=HORIZON, time_limit=0.0, clock=time.monotonic
    )
    report = verify(problem, plan)
    assert report.ok, report.violations
    assert plan.quality is not None
    assert not plan.quality.proven_optimal
    assert "time limit reached" in plan.quality.method
    assert "gap measured at" in plan.quality.method


def test_a_stopped_plan_says_its_hub_values_are_not_computed_rather_than_zero(
    problem: Problem,
) -> None:
    plan = make_plan(
        problem, as_of=AS_OF, horizon_days=HORIZON, time_limit=0.0, clock=time.monotonic
    )
    assert plan.quality is not None
    assert "time limit reached at priority_1" in plan.quality.method
    assert plan.hub_values
    for value in plan.hub_values:
        assert value.criterion == "not computed", value


def test_the_progress_display_gets_each_stage_s_value_bound_and_gap(problem: Problem) -> None:
    seen: list[str] = []
    make_plan(
        problem,
        as_of=AS_OF,
        horizon_days=HORIZON,
        progress=lambda label, fraction: seen.append(label),
    )
    bounded = [label for label in seen if ", bound " in label and ", gap " in label]
    assert any(label.startswith("LP priority_1: ") for label in bounded), seen
