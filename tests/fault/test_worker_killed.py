"""A worker killed with kill -9 mid-plan: its job is retried by another and done, and the
killed attempt stores no plan (one plan, two attempts). Real processes on real databases:
`pledgeflow serve` (SQLite, whose pool plans) and `pledgeflow worker` (PostgreSQL)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pledgeflow.adapters.job_queues import install_procrastinate_schema
from pledgeflow.bootstrap import Container
from pledgeflow.domain.jobs import JobState
from pledgeflow.service.jobs import start_plan_job
from pledgeflow.service.plan_jobs import plan_job_params
from tests.integration.jobs_support import (
    AS_OF,
    COORDINATOR,
    RecordingQueue,
    long_dataset,
    plan_count,
    seed,
    wait_for,
)
from tests.integration.test_storage import small_dataset

PLEDGEFLOW = [sys.executable, "-m", "pledgeflow.cli.main"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def environment(database_url: str, tmp_path: Path) -> dict[str, str]:
    return os.environ | {
        "PLEDGEFLOW_DATABASE_URL": database_url,
        "PLEDGEFLOW_SIGNING_KEY_PATH": str(tmp_path / "signing.key"),
    }


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.terminate()
            process.wait(30)


def _runner(environment: dict[str, str], on_postgresql: bool) -> list[str]:
    if on_postgresql:
        return [*PLEDGEFLOW, "worker", "--heartbeat", "0.5"]
    return [*PLEDGEFLOW, "serve", "--port", str(_free_port())]


def test_a_killed_worker_leaves_its_job_to_another_and_no_partial_plan(
    engine: Engine,
    container: Container,
    environment: dict[str, str],
    processes: list[subprocess.Popen[bytes]],
) -> None:
    if container.on_postgresql:
        install_procrastinate_schema(engine)
    seed(engine, long_dataset())
    job = start_plan_job(engine, container.job_queue, COORDINATOR, plan_job_params(AS_OF))
    command = _runner(environment, container.on_postgresql)
    first = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)
    processes.append(first)
    wait_for(engine, job.id, lambda j: j.state is JobState.RUNNING and j.stage != "reading records")
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    assert plan_count(engine) == 0
    processes.append(subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL))
    done = wait_for(engine, job.id, lambda j: j.state.finished)
    assert done.state is JobState.DONE
    assert done.attempts == 2
    assert plan_count(engine) == 1


def test_a_job_stored_but_never_deferred_is_picked_up_by_a_worker(
    engine: Engine,
    container: Container,
    environment: dict[str, str],
    processes: list[subprocess.Popen[bytes]],
) -> None:
    """A server stopped between storing a job and deferring it: a worker defers it again."""
    if not container.on_postgresql:
        pytest.skip("on SQLite the job table is the queue (a restarted pool runs it)")
    install_procrastinate_schema(engine)
    seed(engine, small_dataset())
    job = start_plan_job(engine, RecordingQueue(), COORDINATOR, plan_job_params(AS_OF))
    processes.append(
        subprocess.Popen(_runner(environment, True), env=environment, stdout=subprocess.DEVNULL)
    )
    done = wait_for(engine, job.id, lambda j: j.state.finished)
    assert done.state is JobState.DONE
    assert plan_count(engine) == 1
