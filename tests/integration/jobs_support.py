"""What the plan-job tests share: data sets, a coordinator, a queue that only records."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from sqlalchemy import Engine

from pledgeflow.demo.generator import generate
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.jobs import Job
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.jobs import get_job, start_plan_job
from pledgeflow.service.plan_jobs import plan_job_params
from pledgeflow.service.unit_of_work import UnitOfWork

AS_OF = dt.date(2026, 11, 25)
COORDINATOR = Principal("coord", Role.COORDINATOR)
WAIT_S = 120.0
"""How long a test waits for a state before it fails: a ceiling, not a measured time."""


class RecordingQueue:
    def __init__(self) -> None:
        self.ids: list[int] = []

    def enqueue(self, job_id: int) -> None:
        self.ids.append(job_id)


def long_dataset() -> Dataset:
    """Large enough that planning takes several seconds even on a fast machine."""
    return generate(requirements=200, pledges=200, hubs=4, horizon_days=90, seed=1, as_of=AS_OF)


def seed(engine: Engine, dataset: Dataset) -> None:
    with UnitOfWork(engine, "seed") as uow:
        uow.datasets.save(dataset)
        uow.commit("import")


def queue_job(engine: Engine, **params: object) -> Job:
    return start_plan_job(engine, RecordingQueue(), COORDINATOR, plan_job_params(AS_OF) | params)


def wait_for(engine: Engine, job_id: int, ready: Callable[[Job], bool]) -> Job:
    deadline = time.monotonic() + WAIT_S
    while True:
        job = get_job(engine, COORDINATOR, job_id)
        if ready(job):
            return job
        assert time.monotonic() < deadline, f"job {job_id} stuck: {job}"
        time.sleep(0.1)


def plan_count(engine: Engine) -> int:
    with UnitOfWork(engine, "test") as uow:
        return len(uow.plans.heads())
