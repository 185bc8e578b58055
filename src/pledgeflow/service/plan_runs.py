"""The planner in a process of its own, watched by the job's worker.

Why a process and not a thread: HiGHS solves in C++ and cannot be interrupted from Python, so
a thread could only be asked to stop at the planner's next stage, which may be minutes away.
A process can be killed at once, so a cancelled job stops within one report interval (1 s),
and a crash inside the planner cannot take its worker with it. The child only computes: it
never touches the database, so killing it can leave nothing half-written. It reads a
"lifeline" pipe whose other end only its worker holds; if the worker dies (even by kill -9),
the pipe closes and the child ends itself, so no orphan goes on planning.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from pledgeflow.adapters.solver_output import silence_solver_banner
from pledgeflow.domain.plans import Plan
from pledgeflow.plan import Problem, make_plan, verify

REPORT_EVERY_S = 1.0
PLANNER_NICENESS = 10
"""Planning yields the CPU to the processes serving people: a page waits for no plan."""
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["pledgeflow.service.plan_runs"])


@dataclass(frozen=True)
class PlanRequest:
    problem: Problem
    as_of: dt.date
    horizon_days: int
    reference: Plan | None
    time_limit: float | None


@dataclass
class Progress:
    """The planner's latest report: its stage, how far through the stages, and where the
    planner says so, the best bound and the gap of the stage it is solving."""

    stage: str = "build"
    fraction: float = 0.0
    bounds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanOutcome:
    plan: Plan
    violations: tuple[str, ...]
    objective: dict[str, float]


class PlannerFailed(RuntimeError):
    """The planner process raised, or died without an answer."""


def _exit_when_orphaned(lifeline: Connection) -> None:
    with contextlib.suppress(EOFError, OSError):
        lifeline.recv()
    os._exit(3)


def _plan_in_child(out: Connection, lifeline: Connection, request: PlanRequest) -> None:
    threading.Thread(target=_exit_when_orphaned, args=(lifeline,), daemon=True).start()
    os.nice(PLANNER_NICENESS)
    silence_solver_banner()

    def progress(stage: str, fraction: float, *_: Any, **named: Any) -> None:
        bounds = {k: float(v) for k, v in named.items() if k in ("bound", "gap") and v is not None}
        out.send(("progress", Progress(stage, fraction, bounds)))

    try:
        plan = make_plan(
            request.problem,
            as_of=request.as_of,
            horizon_days=request.horizon_days,
            progress=progress,
            reference=request.reference,
            time_limit=request.time_limit,
            clock=time.monotonic,
        )
        report = verify(request.problem, plan, request.reference)
        violations = tuple(str(v) for v in report.violations)
        out.send(("done", PlanOutcome(plan, violations, dict(report.objective))))
    except Exception as error:  # the worker turns it into a failed job naming the error
        out.send(("error", f"{type(error).__name__}: {error}"))


def plan_in_process(request: PlanRequest, report: Callable[[Progress], bool]) -> PlanOutcome | None:
    """Plan `request` in a child process; about once a second hand `report` the latest
    progress, and stop the child at once (returning None) when `report` answers True."""
    out_r, out_w = _CONTEXT.Pipe(duplex=False)
    life_r, life_w = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_plan_in_child, args=(out_w, life_r, request), daemon=True)
    child.start()
    out_w.close()
    life_r.close()
    try:
        return _watch(out_r, report)
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        for end in (out_r, life_w):
            end.close()


def _watch(out: Connection, report: Callable[[Progress], bool]) -> PlanOutcome | None:
    latest = Progress()
    next_report = time.monotonic()
    while True:
        if time.monotonic() >= next_report:
            if report(latest):
                return None
            next_report = time.monotonic() + REPORT_EVERY_S
        if not out.poll(max(next_report - time.monotonic(), 0.0)):
            continue
        try:
            kind, body = out.recv()
        except EOFError as error:
            raise PlannerFailed("the planner process ended without a plan") from error
        if kind == "done":
            assert isinstance(body, PlanOutcome)
            return body
        if kind == "error":
            raise PlannerFailed(str(body))
        latest = body
