"""The planner: arrays in, an optimal, verified, explained plan out (DESIGN §5)."""

from pledgeflow.plan.checks import InputIssue, PlanInputError
from pledgeflow.plan.greedy import greedy_plan
from pledgeflow.plan.pipeline import make_plan
from pledgeflow.plan.problem import Problem, build_problem
from pledgeflow.plan.verify import VerificationReport, Violation, verify

__all__ = [
    "InputIssue",
    "PlanInputError",
    "Problem",
    "VerificationReport",
    "Violation",
    "build_problem",
    "greedy_plan",
    "make_plan",
    "verify",
]
