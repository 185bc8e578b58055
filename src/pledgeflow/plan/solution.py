"""What a solve returns: the plan's route columns, each stage's result, what was proven."""

from __future__ import annotations

from dataclasses import dataclass, field

from pledgeflow.plan.problem import FloatArray, IntArray


@dataclass
class StageResult:
    name: str
    value: float
    capacity_duals: FloatArray | None
    """Per hub and day, the stage's dual of +1 t; None where the stage stopped unsolved."""
    rounds: int = 0


@dataclass
class Solution:
    """Generated columns (triple, hub-out day), their values, and what the solver proved."""

    index: IntArray
    days: IntArray
    values: FloatArray
    stages: list[StageResult] = field(default_factory=list)
    proven_optimal: bool = True
    gap: float = 0.0
    gap_criterion: str = ""
    method: str = ""
    mip_gap: float = 0.0
    """The largest of HiGHS's MIP gaps over the whole-unit stages (0 on the LP path)."""
    stopped: bool = False
    """True if a stage stopped short (time limit, numerical trouble): see `stopped_solution`."""
    kept_greedy: bool = False
    """True if the greedy method's plan was returned, being better (see `greedy_floor`)."""
