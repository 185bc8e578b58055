"""Scenario runs as jobs on real SQLite and PostgreSQL: the job runs the scenario, reports
which variant it plans, names the logged run, stops when cancelled, fails with the reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tests.integration.jobs_support import COORDINATOR, RecordingQueue
from tests.integration.test_scenario_storage import seeded

from pledgeflow.adapters.job_repository import job_reads, job_transaction
from pledgeflow.bootstrap import Container
from pledgeflow.domain.jobs import JobState
from pledgeflow.domain.scenario_texts import parse_change
from pledgeflow.service import jobs, plan_jobs, scenario_jobs, scenarios
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.errors import NotFound, Rejected
from pledgeflow.service.unit_of_work import utc_now

WORKER = plan_jobs.worker_name("test")
OPTIONS = scenarios.RunOptions(dt.date(2026, 11, 25), 60, None)


def _stored(container: Container) -> None:
    seeded(container)
    changes = [parse_change("withdraw POL")]
    scenarios.create_scenario(container.uow(), "no-poland", None, changes)


def _runs(container: Container) -> list[dict[str, object]]:
    with container.uow() as uow:
        return uow.scenarios.runs()


def test_a_scenario_job_runs_the_scenario_and_names_its_logged_run(container: Container) -> None:
    _stored(container)
    queue = RecordingQueue()
    job = scenario_jobs.start_scenario_job(
        container.engine, queue, COORDINATOR, "no-poland", OPTIONS
    )
    assert (job.kind, job.state, queue.ids) == ("scenario", JobState.QUEUED, [job.id])
    assert job.params["changes"] == ["withdraw POL"]
    assert container.run_plan_job(job.id, WORKER) is JobState.DONE
    done = jobs.get_job(container.engine, COORDINATOR, job.id)
    (run,) = _runs(container)
    assert (done.state, done.scenario_run_id, done.plan_id) == (JobState.DONE, run["id"], None)
    assert done.progress == 1.0
    assert run["scenario"] == "no-poland"
    # POL is the only donor: both needs lose all their fill, as the synchronous run says.
    assert json.loads(str(run["tiers"])) == {"1": 1.0, "2": 1.0}
    assert container.run_plan_job(job.id, WORKER) is None  # a job runs once


def test_a_cancel_asked_while_running_stops_before_the_next_variant(
    container: Container,
) -> None:
    _stored(container)
    job = scenario_jobs.start_scenario_job(
        container.engine, RecordingQueue(), COORDINATOR, "no-poland", OPTIONS
    )
    with job_transaction(container.engine) as rows:
        claimed = rows.claim(job.id, WORKER, utc_now(), plan_jobs.MAX_ATTEMPTS)
    assert claimed is not None
    jobs.cancel_job(container.engine, COORDINATOR, job.id)
    assert scenario_jobs.run_scenario_job(container.engine, claimed, WORKER) is (JobState.CANCELLED)
    cancelled = jobs.get_job(container.engine, COORDINATOR, job.id)
    assert (cancelled.state, cancelled.scenario_run_id) == (JobState.CANCELLED, None)
    assert cancelled.stage == "cancelled"
    assert _runs(container) == []


def test_changes_that_no_longer_apply_fail_the_job_with_the_reason(container: Container) -> None:
    seeded(container)
    params = scenario_jobs.scenario_job_params(None, ["withdraw XXX"], OPTIONS)
    with job_transaction(container.engine) as rows:
        job_id = rows.add(scenario_jobs.SCENARIO_KIND, "coord", params, utc_now())
    assert container.run_plan_job(job_id, WORKER) is JobState.FAILED
    with job_reads(container.engine) as rows:
        failed = rows.get(job_id)
    assert failed is not None
    assert failed.error is not None
    assert "cannot be applied" in failed.error
    assert _runs(container) == []


def test_only_who_may_run_scenarios_queues_one_and_an_unknown_scenario_is_absent(
    container: Container,
) -> None:
    _stored(container)
    queue = RecordingQueue()
    hub = Principal("hub", Role.HUB_OPERATOR)
    with pytest.raises(Rejected):
        scenario_jobs.start_scenario_job(container.engine, queue, hub, "no-poland", OPTIONS)
    with pytest.raises(NotFound):
        scenario_jobs.start_scenario_job(container.engine, queue, COORDINATOR, "nope", OPTIONS)
    assert queue.ids == []
    with job_reads(container.engine) as rows:
        assert rows.recent(None, 10) == []


def test_a_sweep_job_ranks_the_donors_as_the_synchronous_sweep_does(
    container: Container,
) -> None:
    seeded(container)
    job = scenario_jobs.start_sweep_job(container.engine, RecordingQueue(), COORDINATOR, OPTIONS)
    assert job.kind == "sweep"
    assert container.run_plan_job(job.id, WORKER) is JobState.DONE
    done = jobs.get_job(container.engine, COORDINATOR, job.id)
    assert done.result is not None
    expected = scenarios.sweep(container.uow(), OPTIONS).ranking
    assert [(r["donor"], r["weighted_loss"]) for r in done.result["ranking"]] == [
        (d.donor, d.weighted_loss) for d in expected
    ]
    assert [r["donor"] for r in done.result["ranking"]] == ["POL"]
    assert done.result["ranking"][0]["weighted_loss"] > 0
    # each withdrawal is logged as a sweep run, by the job and then by the synchronous sweep
    assert [run["scenario"] for run in _runs(container)] == ["(sweep)", "(sweep)"]


def test_a_running_scenario_jobs_heartbeat_keeps_it_from_being_taken_back(
    container: Container,
) -> None:
    """A variant may plan for minutes: the runner's heartbeat (`beat`, repeated every second
    while a variant plans) keeps the pool from thinking its worker dead and re-running it."""
    _stored(container)
    job = scenario_jobs.start_scenario_job(
        container.engine, RecordingQueue(), COORDINATOR, "no-poland", OPTIONS
    )
    with job_transaction(container.engine) as rows:
        rows.claim(job.id, WORKER, utc_now() - dt.timedelta(minutes=5), plan_jobs.MAX_ATTEMPTS)
    silent = [job.id]
    assert plan_jobs.requeue_abandoned(container.engine, stale_after_s=60) == silent
    with job_transaction(container.engine) as rows:
        rows.claim(job.id, WORKER, utc_now() - dt.timedelta(minutes=5), plan_jobs.MAX_ATTEMPTS)
    runner = scenario_jobs.ReportingRunner(container.engine, job.id, WORKER)
    assert runner.beat() is False
    assert plan_jobs.requeue_abandoned(container.engine, stale_after_s=60) == []
    assert jobs.get_job(container.engine, COORDINATOR, job.id).state is JobState.RUNNING
