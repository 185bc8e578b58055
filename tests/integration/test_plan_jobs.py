"""Plan jobs on real SQLite and PostgreSQL: the task function, cancellation, staleness,
retries of a dead worker's job, and reads that are never locked out while a job plans."""

from __future__ import annotations

import threading
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from tests.integration.jobs_support import (
    COORDINATOR,
    long_dataset,
    plan_count,
    queue_job,
    seed,
    wait_for,
)
from tests.integration.test_storage import small_dataset

from pledgeflow.adapters.job_repository import job_transaction
from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.jobs import STALE_NOTE, JobState
from pledgeflow.service import jobs, plan_jobs, plans
from pledgeflow.service.plan_runs import PlanOutcome, PlanRequest, plan_in_process
from pledgeflow.service.unit_of_work import UnitOfWork, utc_now

WORKER = plan_jobs.worker_name("test")


def test_a_job_runs_to_done_and_stores_its_plan(engine: Engine) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)
    assert job.state is JobState.QUEUED
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is JobState.DONE
    done = jobs.get_job(engine, COORDINATOR, job.id)
    assert done.state is JobState.DONE
    assert done.plan_id is not None
    assert not done.stale
    assert done.attempts == 1
    assert done.progress == 1.0
    plan = plans.get_plan(UnitOfWork(engine, "test"), done.plan_id)
    assert plan.quality is not None
    assert STALE_NOTE not in plan.quality.method
    assert sum(a.quantity for a in plan.allocations) > 0


def test_a_job_runs_only_once(engine: Engine) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is JobState.DONE
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is None
    assert plan_count(engine) == 1


def _changing_records(engine: Engine) -> Any:
    """`plan_in_process`, but a coordinator records a change while the planner runs."""

    def planning(request: PlanRequest, report: Any) -> PlanOutcome | None:
        with UnitOfWork(engine, "someone") as uow:
            need = uow.datasets.load().requirements[0]
            uow.datasets.save(Dataset(requirements=(replace(need, quantity=Decimal(3)),)))
            uow.commit("import")
        return plan_in_process(request, report)

    return planning


def test_records_changed_during_the_plan_store_it_marked_stale(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)
    monkeypatch.setattr(plan_jobs, "plan_in_process", _changing_records(engine))
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is JobState.DONE
    done = jobs.get_job(engine, COORDINATOR, job.id)
    assert done.stale
    assert done.plan_id is not None
    plan = plans.get_plan(UnitOfWork(engine, "test"), done.plan_id)
    assert plan.quality is not None
    assert plan.quality.method.startswith(STALE_NOTE)


def test_a_session_during_the_plan_does_not_make_it_stale(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)

    def planning(request: PlanRequest, report: Any) -> PlanOutcome | None:
        with UnitOfWork(engine, "someone") as uow:
            uow.commit("login")  # an entry that changes nothing a plan reads
        return plan_in_process(request, report)

    monkeypatch.setattr(plan_jobs, "plan_in_process", planning)
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is JobState.DONE
    assert not jobs.get_job(engine, COORDINATOR, job.id).stale


def test_cancelling_a_queued_job_means_it_never_runs(engine: Engine) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)
    assert jobs.cancel_job(engine, COORDINATOR, job.id).state is JobState.CANCELLED
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is None
    assert plan_count(engine) == 0


def test_cancel_stops_a_running_plan_and_stores_nothing(engine: Engine) -> None:
    seed(engine, long_dataset())
    job = queue_job(engine)
    ended: list[JobState | None] = []
    runner = threading.Thread(
        target=lambda: ended.append(plan_jobs.run_plan_job(engine, job.id, WORKER))
    )
    runner.start()
    wait_for(engine, job.id, lambda j: j.state is JobState.RUNNING and j.stage != "reading records")
    asked = jobs.cancel_job(engine, COORDINATOR, job.id)
    assert asked.cancel_requested
    runner.join()
    assert ended == [JobState.CANCELLED]
    cancelled = jobs.get_job(engine, COORDINATOR, job.id)
    assert cancelled.state is JobState.CANCELLED
    assert cancelled.plan_id is None
    assert plan_count(engine) == 0


def test_a_dead_workers_job_is_retried_then_done(engine: Engine) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)
    dead = f"{WORKER.split(':')[0]}:999999999:dead"  # this host, a process that is not there
    with job_transaction(engine) as rows:
        assert rows.claim(job.id, dead, utc_now(), plan_jobs.MAX_ATTEMPTS) is not None
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is None  # still held by the dead one
    assert plan_jobs.requeue_abandoned(engine) == [job.id]
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is JobState.DONE
    done = jobs.get_job(engine, COORDINATOR, job.id)
    assert done.attempts == 2
    assert plan_count(engine) == 1


def test_a_job_whose_workers_keep_dying_fails(engine: Engine) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)
    for _ in range(plan_jobs.MAX_ATTEMPTS):
        with job_transaction(engine) as rows:
            assert rows.claim(job.id, "elsewhere:1:w", utc_now(), plan_jobs.MAX_ATTEMPTS)
        plan_jobs.requeue_job(engine, job.id)
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is None
    failed = jobs.get_job(engine, COORDINATOR, job.id)
    assert failed.state is JobState.FAILED
    assert "attempts" in (failed.error or "")
    assert plan_count(engine) == 0


def test_reads_and_commands_during_a_long_plan_job_are_never_locked(engine: Engine) -> None:
    seed(engine, long_dataset())
    job = queue_job(engine)
    runner = threading.Thread(target=plan_jobs.run_plan_job, args=(engine, job.id, WORKER))
    runner.start()
    wait_for(engine, job.id, lambda j: j.state is JobState.RUNNING)
    reads_while_running = 0
    errors: list[OperationalError] = []
    while runner.is_alive():
        try:
            assert plans.plans_list(UnitOfWork(engine, "reader")) is not None
            with UnitOfWork(engine, "someone") as uow:
                uow.commit("login")
            running = jobs.get_job(engine, COORDINATOR, job.id).state is JobState.RUNNING
            reads_while_running += running
        except OperationalError as error:
            errors.append(error)
    runner.join()
    assert errors == []
    assert reads_while_running > 0
    assert jobs.get_job(engine, COORDINATOR, job.id).state is JobState.DONE


def test_a_restarted_sqlite_pool_runs_the_jobs_queued_while_it_was_down(
    container: Container,
) -> None:
    pool = container.job_pool()
    if pool is None:
        pytest.skip("on PostgreSQL the queue is procrastinate's (see tests/fault)")
    seed(container.engine, small_dataset())
    job = queue_job(container.engine)
    pool.start()
    try:
        done = wait_for(container.engine, job.id, lambda j: j.state.finished)
    finally:
        pool.stop()
    assert done.state is JobState.DONE
    assert plan_count(container.engine) == 1


def test_a_cancel_that_arrives_as_the_plan_is_ready_stores_nothing(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(engine, small_dataset())
    job = queue_job(engine)

    def planning(request: PlanRequest, report: Any) -> PlanOutcome | None:
        outcome = plan_in_process(request, report)
        jobs.cancel_job(engine, COORDINATOR, job.id)
        return outcome

    monkeypatch.setattr(plan_jobs, "plan_in_process", planning)
    assert plan_jobs.run_plan_job(engine, job.id, WORKER) is JobState.CANCELLED
    assert jobs.get_job(engine, COORDINATOR, job.id).state is JobState.CANCELLED
    assert plan_count(engine) == 0


def test_a_plan_job_outlasts_a_write_lock_held_longer_than_the_busy_timeout(
    engine: Engine,
) -> None:
    """A long import holds SQLite's write lock past the 10 s busy timeout while the job
    reports and stores: reports are skipped, the store is tried again, the job is done."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL has no database-wide write lock")
    seed(engine, long_dataset())
    job = queue_job(engine)
    runner = threading.Thread(target=plan_jobs.run_plan_job, args=(engine, job.id, WORKER))
    runner.start()
    wait_for(engine, job.id, lambda j: j.state is JobState.RUNNING and j.stage != "reading records")
    with UnitOfWork(engine, "importer"):
        threading.Event().wait(12.0)  # the lock is held, as by a slow import
    runner.join()
    done = jobs.get_job(engine, COORDINATOR, job.id)
    assert done.state is JobState.DONE, done.error
    assert plan_count(engine) == 1
