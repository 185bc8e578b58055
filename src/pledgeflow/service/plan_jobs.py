"""Plans as jobs: the one task function every backend runs, and putting back abandoned jobs.

A plan job never holds a transaction while it plans. It reads its inputs in one short read
(with the audit log's newest business entry as their version stamp), plans in a process of
its own with no transaction open (`plan_runs`), and stores the plan in one short write. That
write reads the stamp again: if a business command was logged in between, the plan is still
stored, with its method saying "stale: inputs changed after it was read" and the job marked
stale, never silently. The job row and the plan commit together, so a job is done exactly
when its plan is stored; a worker killed mid-plan stores nothing and its job is retried.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from pledgeflow.adapters.job_repository import job_reads, job_transaction
from pledgeflow.domain.jobs import STALE_NOTE, Job, JobState
from pledgeflow.domain.plans import Plan, PlanQuality
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.plan_runs import (
    PlannerFailed,
    PlanOutcome,
    PlanRequest,
    Progress,
    plan_in_process,
)
from pledgeflow.service.plans import (
    NOT_PLAN_INPUTS,
    PLAN_TIME_LIMIT_S,
    PlanInputs,
    plan_inputs,
)
from pledgeflow.service.unit_of_work import UnitOfWork, utc_now

PLAN_KIND = "plan"
MAX_ATTEMPTS = 3
"""A job whose worker died this many times fails rather than killing yet another worker."""
STORE_ATTEMPTS = 3
KindRunner = Callable[[Engine, Job, str], JobState]
"""Runs a claimed job of another kind than a plan (a scenario: service/scenario_jobs.py)."""


def worker_name(label: str = "pool") -> str:
    """Names a worker process as host:pid:label, so a pool can tell its host's dead ones."""
    return f"{socket.gethostname()}:{os.getpid()}:{label}"


def _dead_here(worker: str) -> bool:
    host, _, rest = worker.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def requeue_abandoned(engine: Engine, stale_after_s: float = 60.0) -> list[int]:
    """Put back running jobs whose worker is gone: a process of this host that no longer
    exists, or any worker silent for `stale_after_s` (its reports come every second)."""
    now = utc_now()
    with job_transaction(engine) as jobs:
        silent = jobs.abandoned(now - dt.timedelta(seconds=stale_after_s))
        dead = [(i, w) for i, w in jobs.running_on(f"{socket.gethostname()}:") if _dead_here(w)]
        return [i for i, w in {*silent, *dead} if jobs.take_back(i, w)]


def waiting_jobs(engine: Engine, older_than_s: float = 10.0) -> list[int]:
    """Jobs queued more than `older_than_s` ago: what a queue should hold by now."""
    with job_reads(engine) as jobs:
        return jobs.queued_before(utc_now() - dt.timedelta(seconds=older_than_s))


def requeue_job(engine: Engine, job_id: int) -> None:
    """Put back a running job whose worker the queue found stalled (procrastinate)."""
    with job_transaction(engine) as jobs:
        jobs.take_back(job_id)


def run_plan_job(
    engine: Engine, job_id: int, worker: str, kinds: Mapping[str, KindRunner] | None = None
) -> JobState | None:
    """The task function: claim job `job_id` for `worker`, plan, store; the state it ended in,
    or None if it was not there to run (already taken, finished or cancelled). A job of a
    kind in `kinds` is run by its runner instead, on the same rows and queues."""
    with job_transaction(engine) as jobs:
        job = jobs.claim(job_id, worker, utc_now(), MAX_ATTEMPTS)
    if job is None:
        return None
    try:
        return (kinds or {}).get(job.kind, _plan_job)(engine, job, worker)
    except (ServiceError, PlannerFailed) as error:
        return end_job(engine, job.id, worker, JobState.FAILED, str(error))
    except Exception as error:  # a job must never be left running by a bug: say what it was
        return end_job(engine, job.id, worker, JobState.FAILED, f"{type(error).__name__}: {error}")


def _plan_job(engine: Engine, job: Job, worker: str) -> JobState:
    as_of = dt.date.fromisoformat(str(job.params["as_of"]))
    # One read transaction: one consistent snapshot (WAL on SQLite) that takes no write lock,
    # so it holds up no command however many records it reads.
    with UnitOfWork(engine, job.requested_by).reading() as reading:
        inputs = plan_inputs(reading, as_of)
    request = PlanRequest(
        inputs.problem,
        as_of,
        int(job.params.get("horizon_days", 180)),
        inputs.reference,
        float(job.params.get("time_limit", PLAN_TIME_LIMIT_S)),
    )

    def report(progress: Progress) -> bool:
        """Write the progress; True to stop. A report that finds the database busy (a long
        import holding SQLite's write lock) is skipped: the next one comes a second later."""
        fraction = min(max(progress.fraction, 0.0), 1.0)
        try:
            with job_transaction(engine) as jobs:
                now = utc_now()
                asked = jobs.report(
                    job.id, worker, progress.stage, fraction, now, **progress.bounds
                )
                return asked or not jobs.holds(job.id, worker)
        except OperationalError:
            return False

    outcome = plan_in_process(request, report)
    if outcome is None:
        return end_job(engine, job.id, worker, JobState.CANCELLED, "cancelled")
    if outcome.violations:
        error = "the planner produced a plan that fails verification: "
        return end_job(
            engine, job.id, worker, JobState.FAILED, error + "; ".join(outcome.violations)
        )
    return _store(engine, job, worker, inputs, outcome)


def _store(
    engine: Engine, job: Job, worker: str, inputs: PlanInputs, outcome: PlanOutcome
) -> JobState:
    """Store the plan; a write that found the database busy for the whole busy timeout (a
    long import on SQLite) is tried again rather than throwing the plan away."""
    for attempt in range(1, STORE_ATTEMPTS + 1):
        try:
            return _store_once(engine, job, worker, inputs, outcome)
        except OperationalError:
            if attempt == STORE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _store_once(
    engine: Engine, job: Job, worker: str, inputs: PlanInputs, outcome: PlanOutcome
) -> JobState:
    """One short write: the plan (marked stale if its inputs changed) and the job, together;
    or, if the job was cancelled meanwhile, only the job."""
    with UnitOfWork(engine, job.requested_by) as uow:
        current = uow.jobs.get(job.id)
        if current is None or not uow.jobs.holds(job.id, worker):
            return JobState.CANCELLED  # taken back from this worker: nothing here to write
        if current.cancel_requested:
            uow.jobs.finish(job.id, worker, uow.now(), state=JobState.CANCELLED, error="cancelled")
            uow.commit("cancel_plan_job")
            return JobState.CANCELLED
        uow.audit.hold()  # no command commits between this check and the plan's commit
        stale = uow.audit.newest_seq(excluding=NOT_PLAN_INPUTS) != inputs.stamp
        plan = _marked_stale(outcome.plan) if stale else outcome.plan
        plan_id = uow.plans.add(plan, uow.now())
        gap = None if plan.quality is None else plan.quality.gap
        uow.jobs.finish(
            job.id, worker, uow.now(), state=JobState.DONE, plan_id=plan_id, stale=stale, gap=gap
        )
        uow.commit("plan")
    return JobState.DONE


def _marked_stale(plan: Plan) -> Plan:
    quality = plan.quality or PlanQuality(False, float("inf"), 0.0, "unknown")
    return replace(plan, quality=replace(quality, method=f"{STALE_NOTE}; {quality.method}"))


def end_job(engine: Engine, job_id: int, worker: str, state: JobState, error: str) -> JobState:
    with job_transaction(engine) as jobs:
        jobs.finish(job_id, worker, utc_now(), state=state, error=error)
    return state


def plan_job_params(
    as_of: dt.date, horizon_days: int = 180, time_limit: float | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {"as_of": as_of.isoformat(), "horizon_days": horizon_days}
    if time_limit is not None:
        params["time_limit"] = time_limit
    return params
