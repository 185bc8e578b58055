"""Job commands: start a plan job, read one, cancel one; the same on every backend.

Who may start one is who may create plans; who may see or cancel one, the policy table's
`jobs` resource (service/access.py). A job is seen only by roles that may read every job or
by the person who asked for it; any other answers as absent (404), like a restricted record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sqlalchemy import Engine

from pledgeflow.adapters.job_repository import job_reads, job_transaction
from pledgeflow.domain.jobs import Job
from pledgeflow.service.access import Action, Principal, Resource, allowed
from pledgeflow.service.errors import NotFound, Rejected
from pledgeflow.service.plan_jobs import PLAN_KIND
from pledgeflow.service.unit_of_work import UnitOfWork, utc_now


class JobQueue(Protocol):
    """Where a stored job is handed to the workers (adapters/job_queues.py)."""

    def enqueue(self, job_id: int) -> None: ...


def start_plan_job(
    engine: Engine, queue: JobQueue, principal: Principal, params: dict[str, Any]
) -> Job:
    """Store a queued plan job and hand it to the queue; the caller polls the job."""
    if not allowed(principal, Action.CREATE, Resource.PLANS):
        raise Rejected(f"{principal.name} ({principal.role.value}) may not start plan jobs", [])
    with job_transaction(engine) as jobs:
        job_id = jobs.add(PLAN_KIND, principal.name, params, utc_now())
    queue.enqueue(job_id)
    return get_job(engine, principal, job_id)


def queue_plan_job(uow: UnitOfWork, params: dict[str, Any], added: Callable[[int], None]) -> None:
    """Store a queued plan job in the request's unit of work (so an idempotency key commits
    with it); `added` hears its id before the commit renders the reply. Enqueue after."""
    with uow:
        added(uow.jobs.add(PLAN_KIND, uow.actor, params, uow.now()))
        uow.commit("queue_plan")


def _visible(principal: Principal, job: Job) -> bool:
    return job.requested_by == principal.name or allowed(principal, Action.READ, Resource.JOBS)


def get_job(engine: Engine, principal: Principal, job_id: int) -> Job:
    with job_reads(engine) as jobs:
        job = jobs.get(job_id)
    if job is None or not _visible(principal, job):
        raise NotFound(f"job {job_id} does not exist")
    return job


def cancel_job(engine: Engine, principal: Principal, job_id: int) -> Job:
    """Cancel a queued job at once, or ask a running one to stop (its worker stops the
    planner at its next report, within about a second); a finished job is left as it is."""
    job = get_job(engine, principal, job_id)
    if not allowed(principal, Action.DELETE, Resource.JOBS):
        raise Rejected(f"{principal.name} ({principal.role.value}) may not cancel job {job.id}", [])
    with job_transaction(engine) as jobs:
        cancelled = jobs.request_cancel(job_id, utc_now())
    assert cancelled is not None
    return cancelled


def recent_jobs(engine: Engine, principal: Principal, limit: int = 20) -> list[Job]:
    mine = None if allowed(principal, Action.READ, Resource.JOBS) else principal.name
    with job_reads(engine) as jobs:
        return jobs.recent(mine, limit)
