"""Never below greedy, at any budget: on random instances, a plan stopped at once by its time
limit (and an unlimited one) is never lexicographically worse than the greedy method's plan
over §5's criteria in order, and says which of the two it kept."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_planner import AS_OF, HORIZON, instances, whole

from pledgeflow.domain.datasets import Dataset
from pledgeflow.plan import build_problem, greedy_plan, make_plan, verify

ORDER = (*(f"priority_{p}" for p in range(1, 6)), "lateness", "substitution", "transit")
# Lines are written in millionths of a unit (plan/resolution.py): sums may differ by a few.
SLACK = 1e-5


def _not_worse(ours: dict[str, float], greedy: dict[str, float]) -> bool:
    for name in ORDER:
        sign = -1.0 if name.startswith("priority_") else 1.0  # fills: higher is better
        difference = sign * (ours[name] - greedy[name])
        if difference < -SLACK * max(1.0, abs(greedy[name])):
            return True  # better here: later criteria do not matter
        if difference > SLACK * max(1.0, abs(greedy[name])):
            return False
    return True


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans(), st.sampled_from([0.0, None]))
def test_a_plan_is_never_lexicographically_below_greedy(
    data: Dataset, indivisible: bool, time_limit: float | None
) -> None:
    problem = build_problem(whole(data, indivisible))
    plan = make_plan(
        problem, as_of=AS_OF, horizon_days=HORIZON, time_limit=time_limit, clock=time.monotonic
    )
    ours = verify(problem, plan)
    greedy = verify(problem, greedy_plan(problem, as_of=AS_OF, horizon_days=HORIZON))
    assert ours.ok, ours.violations
    assert _not_worse(ours.objective, greedy.objective), (ours.objective, greedy.objective)
    assert plan.quality is not None
    kept_greedy = plan.notes.get("kept_greedy", 0.0) == 1.0
    assert kept_greedy == plan.quality.method.startswith("kept: the greedy method's plan")
    if not plan.quality.proven_optimal and plan.notes.get("stopped"):
        assert "kept: " in plan.quality.method
