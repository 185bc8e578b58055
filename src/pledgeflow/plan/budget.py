"""Time budgets on an injected clock: the planner's core reads no clock of its own.

The caller (service, CLI, bench) passes a `Deadline` holding its clock and the instant the plan
must be ready by; the core asks it how much is left. Tests and re-runs can pass any clock, and
the architecture test keeps `time` out of `plan/`. HiGHS's own run timer bounds each solve it
is asked to run (`time_limit`), counted from the object's creation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]
"""Seconds on a monotonic clock (e.g. `time.monotonic`)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    clock: Clock
    at: float
    """The instant, on `clock`, by which the planner must have returned its plan."""

    @classmethod
    def after(cls, clock: Clock, seconds: float) -> Deadline:
        return cls(clock, clock() + seconds)

    def left(self) -> float:
        return self.at - self.clock()

    def passed(self) -> bool:
        return self.clock() >= self.at


def seconds_left(deadline: Deadline | None) -> float | None:
    return None if deadline is None else deadline.left()
