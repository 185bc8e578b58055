"""Scenario runs as jobs: queued on the plan jobs' rows and queues, followed at /jobs/{id}.

A scenario run plans the baseline and the scenario, which can take minutes on a large data
set: as a job it answers at once and the caller polls. The worker runs the same
`scenarios.run_scenario` as the synchronous route, outside any transaction, through a runner
that plans one variant at a time and writes "planning <label> (i of n)" into the job row
between them; a cancel asked meanwhile stops it before the next variant (a variant being
planned runs to its end, at most its time limit). The run is logged in `scenario_runs` as
every run is, and the job names it (`scenario_run_id`).

The exposure sweep is a job too (kind "sweep"): its runs go through the same runner, so the
row says which donor's withdrawal is being planned, and the job keeps the donor ranking.

Who may queue one is who may run scenarios (the policy's `scenarios` resource, create).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from pledgeflow.adapters.job_repository import job_transaction
from pledgeflow.domain.jobs import Job, JobState
from pledgeflow.domain.scenario_diffs import Case
from pledgeflow.domain.scenarios import ScenarioChange
from pledgeflow.service import scenarios
from pledgeflow.service.access import Action, Principal, Resource, allowed
from pledgeflow.service.errors import Rejected
from pledgeflow.service.jobs import JobQueue, get_job
from pledgeflow.service.plan_jobs import end_job
from pledgeflow.service.scenario_runs import ScenarioTask, run_task
from pledgeflow.service.unit_of_work import UnitOfWork, utc_now

SCENARIO_KIND = "scenario"
SWEEP_KIND = "sweep"
HEARTBEAT_S = 1.0


class JobCancelled(Exception):
    """Raised by the reporting runner when someone asked to cancel the job."""


def scenario_job_params(
    name: str | None, changes: Sequence[str], options: scenarios.RunOptions
) -> dict[str, Any]:
    return {
        "scenario": name,
        "changes": list(changes),
        "as_of": options.as_of.isoformat(),
        "horizon_days": options.horizon_days,
        "time_limit": options.time_limit,
    }


def start_scenario_job(
    engine: Engine, queue: JobQueue, principal: Principal, name: str, options: scenarios.RunOptions
) -> Job:
    """Queue a run of stored scenario `name` (which must exist and parse) and hand it on."""
    _may_run(principal)
    changes = scenarios.stored_changes(UnitOfWork(engine, principal.name), name)
    return queue_changes(engine, queue, principal, name, changes, options)


def queue_changes(
    engine: Engine,
    queue: JobQueue,
    principal: Principal,
    name: str | None,
    changes: Sequence[ScenarioChange],
    options: scenarios.RunOptions,
) -> Job:
    """Queue a run of `changes` (named `name` in the log, if given) and hand it on."""
    _may_run(principal)
    if not changes:
        raise Rejected("scenario", ["changes: give at least one change"])
    params = scenario_job_params(name, [c.text() for c in changes], options)
    with job_transaction(engine) as jobs:
        job_id = jobs.add(SCENARIO_KIND, principal.name, params, utc_now())
    queue.enqueue(job_id)
    return get_job(engine, principal, job_id)


def _may_run(principal: Principal) -> None:
    if not allowed(principal, Action.CREATE, Resource.SCENARIOS):
        raise Rejected(f"{principal.name} ({principal.role.value}) may not run scenarios", [])


def run_scenario_job(engine: Engine, job: Job, worker: str) -> JobState:
    """The task for a claimed scenario job: run, log the run, name it in the job."""
    options = _options(job)
    changes = scenarios.parse_texts([str(t) for t in job.params["changes"]])
    runner = ReportingRunner(engine, job.id, worker)
    uow = UnitOfWork(engine, job.requested_by)
    try:
        result = scenarios.run_scenario(
            uow, changes, options, name=job.params.get("scenario"), runner=runner
        )
    except JobCancelled:
        return end_job(engine, job.id, worker, JobState.CANCELLED, "cancelled")
    with job_transaction(engine) as jobs:
        finished = jobs.finish(
            job.id, worker, utc_now(), state=JobState.DONE, scenario_run_id=result.run_id
        )
    return JobState.DONE if finished else JobState.CANCELLED


def start_sweep_job(
    engine: Engine, queue: JobQueue, principal: Principal, options: scenarios.RunOptions
) -> Job:
    """Queue the exposure sweep (every donor withdrawn in turn) and hand it on."""
    _may_run(principal)
    params = scenario_job_params("(sweep)", [], options)
    with job_transaction(engine) as jobs:
        job_id = jobs.add(SWEEP_KIND, principal.name, params, utc_now())
    queue.enqueue(job_id)
    return get_job(engine, principal, job_id)


def run_sweep_job(engine: Engine, job: Job, worker: str) -> JobState:
    """The task for a claimed sweep job: the baseline, then each donor's withdrawal with
    "planning <donor> (i of n)" in the job row; every run logged; the ranking kept in the job
    (donors and losses only: each requirement's supply concentration is filtered per reader,
    so it is not stored)."""
    runner = ReportingRunner(engine, job.id, worker)
    try:
        result = scenarios.sweep(UnitOfWork(engine, job.requested_by), _options(job), runner=runner)
    except JobCancelled:
        return end_job(engine, job.id, worker, JobState.CANCELLED, "cancelled")
    ranking = [
        {
            "donor": d.donor,
            "weighted_loss": d.weighted_loss,
            "lost_by_tier": {str(p): v for p, v in sorted(d.lost_by_tier.items())},
            "requirements_hit": d.requirements_hit,
            "proven_optimal": d.proven_optimal,
        }
        for d in result.ranking
    ]
    with job_transaction(engine) as jobs:
        now = utc_now()
        finished = jobs.finish(
            job.id, worker, now, state=JobState.DONE, result={"ranking": ranking}
        )
    return JobState.DONE if finished else JobState.CANCELLED


def _options(job: Job) -> scenarios.RunOptions:
    return scenarios.RunOptions(
        dt.date.fromisoformat(str(job.params["as_of"])),
        int(job.params["horizon_days"]),
        job.params.get("time_limit"),
    )


class ReportingRunner:
    """Plans tasks one after another in this worker, reporting before each one; while a
    variant plans, a heartbeat thread repeats the stage every second, so the pools'
    `requeue_abandoned` (a worker silent for a minute is thought dead) leaves it alone."""

    def __init__(self, engine: Engine, job_id: int, worker: str) -> None:
        self._engine = engine
        self._job_id = job_id
        self._worker = worker
        self._stage = ("reading records", 0.0)

    def __call__(self, tasks: Sequence[ScenarioTask]) -> list[Case]:
        cases = []
        for done, task in enumerate(tasks):
            self._stage = (f"planning {task.label} ({done + 1} of {len(tasks)})", done / len(tasks))
            if self.beat():
                raise JobCancelled(self._stage[0])
            planned = threading.Event()
            beating = threading.Thread(target=self._beat_until, args=(planned,), daemon=True)
            beating.start()
            try:
                cases.append(run_task(task))
            finally:
                planned.set()
                beating.join()
        return cases

    def _beat_until(self, planned: threading.Event) -> None:
        while not planned.wait(HEARTBEAT_S):
            self.beat()

    def beat(self) -> bool:
        """Write the stage and heartbeat; True to stop (cancel asked, or the job taken from
        this worker). A database too busy to take it skips it: the next comes a second later."""
        stage, fraction = self._stage
        try:
            with job_transaction(self._engine) as jobs:
                asked = jobs.report(self._job_id, self._worker, stage, fraction, utc_now())
                return asked or not jobs.holds(self._job_id, self._worker)
        except OperationalError:
            return False
