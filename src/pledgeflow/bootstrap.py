"""Composition root: the one place that turns settings into an engine and services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from pledgeflow.adapters.db import make_engine
from pledgeflow.adapters.job_queues import InlineQueue, LocalJobPool, ProcrastinateQueue
from pledgeflow.config import Settings
from pledgeflow.service import plan_jobs, scenario_jobs
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.jobs import JobQueue
from pledgeflow.service.unit_of_work import UnitOfWork


@dataclass
class Container:
    settings: Settings
    engine: Engine
    _queue: LocalJobPool | ProcrastinateQueue | InlineQueue | None = field(default=None, repr=False)

    @property
    def uow(self) -> Callable[[], UnitOfWork]:
        return lambda: UnitOfWork(self.engine, self.settings.actor)

    @property
    def on_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def run_plan_job(self, job_id: int, worker: str) -> object:
        kinds = {
            scenario_jobs.SCENARIO_KIND: scenario_jobs.run_scenario_job,
            scenario_jobs.SWEEP_KIND: scenario_jobs.run_sweep_job,
        }
        return plan_jobs.run_plan_job(self.engine, job_id, worker, kinds)

    def _requeue_job(self, job_id: int) -> None:
        plan_jobs.requeue_job(self.engine, job_id)

    def _waiting_jobs(self) -> list[int]:
        return plan_jobs.waiting_jobs(self.engine)

    def _requeue_abandoned(self) -> list[int]:
        return plan_jobs.requeue_abandoned(self.engine)

    @property
    def job_queue(self) -> JobQueue:
        """Where plan jobs go: procrastinate on PostgreSQL (run by `pledgeflow worker`), the
        serving process's own pool on SQLite (started by `job_pool().start()`)."""
        if self._queue is None:
            if self.on_postgresql:
                url = self.engine.url.render_as_string(hide_password=False)
                self._queue = ProcrastinateQueue(
                    url, self.run_plan_job, self._requeue_job, self._waiting_jobs
                )
            else:
                self._queue = LocalJobPool(
                    self.engine,
                    self.run_plan_job,
                    self._requeue_abandoned,
                    plan_jobs.worker_name("serve"),
                    concurrency=self.settings.job_concurrency,
                )
        return self._queue

    def run_jobs_inline(self) -> None:
        """Run every job in the thread that queues it (tests of pages and API)."""
        self._queue = InlineQueue(self.run_plan_job, plan_jobs.worker_name("inline"))

    def job_pool(self) -> LocalJobPool | None:
        """The in-process pool on SQLite; None on PostgreSQL, where workers plan."""
        queue = self.job_queue
        return queue if isinstance(queue, LocalJobPool) else None

    def procrastinate(self) -> ProcrastinateQueue:
        queue = self.job_queue
        if not isinstance(queue, ProcrastinateQueue):
            raise ServiceError(
                "workers run plan jobs on PostgreSQL only; on SQLite `serve` runs them"
            )
        return queue


def bootstrap(settings: Settings | None = None) -> Container:
    settings = settings or Settings()
    return Container(settings=settings, engine=make_engine(settings.database_url))
