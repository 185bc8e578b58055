"""Where stored jobs wait for a worker: a pool inside `serve` on SQLite, procrastinate on
PostgreSQL. Both hand a job id to the same task function (`service.plan_jobs.run_plan_job`,
wired in by bootstrap), and both keep the job rows as the record the API reads.

SQLite: the job table is the queue. `LocalJobPool` runs in the serving process and keeps up to
`concurrency` jobs running (each plans in a process of its own); it polls the table, so a job
queued by another process (`pledgeflow plan --queue`) is picked up too. A restart keeps queued
jobs, and on start (then every few seconds) it puts back jobs left running by a pool that died.

PostgreSQL: procrastinate (`SELECT … FOR UPDATE SKIP LOCKED`, LISTEN/NOTIFY) carries job ids to
`pledgeflow worker` processes on any machine. A worker killed mid-job leaves a procrastinate
job in `doing` whose worker stops sending heartbeats; every worker looks for such stalled jobs
and retries them, so another worker plans it again; it also defers again any job stored as
queued that procrastinate never received (a server stopped between the two).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued
from sqlalchemy import Engine, text

from pledgeflow.adapters.job_repository import job_reads
from pledgeflow.domain.jobs import JobState

Task = Callable[[int, str], object]
Requeue = Callable[[], list[int]]
PLAN_TASK = "pledgeflow.plan"
REQUEUE_EVERY_S = 10.0
"""How often a running pool also puts back jobs of another pool that died meanwhile."""


class LocalJobPool:
    """Runs queued jobs inside this process, `concurrency` at a time."""

    def __init__(
        self,
        engine: Engine,
        task: Task,
        requeue: Requeue,
        worker: str,
        concurrency: int = 1,
        poll_s: float = 0.5,
    ) -> None:
        self._engine = engine
        self._task = task
        self._requeue = requeue
        self._worker = worker
        self._concurrency = concurrency
        self._poll_s = poll_s
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._running: dict[int, Future[object]] = {}
        self._executor = ThreadPoolExecutor(concurrency, thread_name_prefix="plan-job")
        self._thread: threading.Thread | None = None

    def enqueue(self, job_id: int) -> None:
        self._wake.set()

    def start(self) -> None:
        """Put back jobs a dead pool left running, then dispatch until `stop`."""
        self._requeue()
        self._thread = threading.Thread(target=self._dispatch, name="job-pool", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop taking jobs; a job still planning is left running, to be put back at the next
        start (its planner process ends with this process)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _dispatch(self) -> None:
        checked = time.monotonic()
        while not self._stopping.is_set():
            if time.monotonic() - checked > REQUEUE_EVERY_S:
                self._requeue()
                checked = time.monotonic()
            self._running = {i: f for i, f in self._running.items() if not f.done()}
            free = self._concurrency - len(self._running)
            if free > 0:
                for job_id in self._queued(free):
                    self._running[job_id] = self._executor.submit(self._task, job_id, self._worker)
            self._wake.wait(self._poll_s)
            self._wake.clear()

    def _queued(self, limit: int) -> list[int]:
        with job_reads(self._engine) as jobs:
            waiting = jobs.ids_in(JobState.QUEUED)
        return [job_id for job_id in waiting if job_id not in self._running][:limit]


class InlineQueue:
    """Runs each job at once in the caller's thread: for tests of the pages and the API,
    and scripts that want a job's record without a pool; never for serving users."""

    def __init__(self, task: Task, worker: str) -> None:
        self._task = task
        self._worker = worker

    def enqueue(self, job_id: int) -> None:
        self._task(job_id, self._worker)


def procrastinate_app(database_url: str) -> procrastinate.App:
    """A procrastinate app on `database_url` (a libpq URL: its `options=-csearch_path=…` puts
    procrastinate's tables in the same schema as ours)."""
    conninfo = database_url.replace("postgresql+psycopg://", "postgresql://", 1)
    connector = procrastinate.PsycopgConnector(conninfo=conninfo, min_size=1, max_size=4)
    return procrastinate.App(connector=connector)


def install_procrastinate_schema(engine: Engine) -> bool:
    """Create procrastinate's tables and functions in the schema `engine` works in (the
    first of its search_path) unless they are there; True if it created them."""
    with engine.connect() as connection:
        found = connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar()
    if found is not None:
        return False
    app = procrastinate_app(engine.url.render_as_string(hide_password=False))
    with app.open():
        app.schema_manager.apply_schema()
    return True


class ProcrastinateQueue:
    """Defers job ids to procrastinate; `run_worker` runs them (PostgreSQL only)."""

    def __init__(
        self,
        database_url: str,
        task: Task,
        requeue: Callable[[int], None],
        waiting: Callable[[], list[int]],
    ) -> None:
        self.app = procrastinate_app(database_url)
        self._requeue = requeue
        self._waiting = waiting
        self._opened = False
        self._lock = threading.Lock()

        def plan(context: procrastinate.JobContext, job_id: int) -> None:
            task(job_id, context.worker_name or "worker")

        self._plan = self.app.task(name=PLAN_TASK, pass_context=True)(plan)

    def enqueue(self, job_id: int) -> None:
        with self._lock:
            if not self._opened:
                self.app.open()
                self._opened = True
        with contextlib.suppress(AlreadyEnqueued):
            self._plan.configure(queueing_lock=_lock(job_id)).defer(job_id=job_id)

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self.app.close()
                self._opened = False

    def run_worker(self, name: str, concurrency: int, heartbeat_s: float = 5.0) -> None:
        """Run a worker until SIGINT/SIGTERM, retrying the jobs of workers that stopped
        sending heartbeats (killed mid-job) every `heartbeat_s`."""
        asyncio.run(self._work(name, concurrency, heartbeat_s))

    async def _work(self, name: str, concurrency: int, heartbeat_s: float) -> None:
        async with self.app.open_async():
            worker = asyncio.create_task(
                self.app.run_worker_async(
                    name=name,
                    concurrency=concurrency,
                    update_heartbeat_interval=heartbeat_s,
                    stalled_worker_timeout=3 * heartbeat_s,
                    fetch_job_polling_interval=1.0,
                )
            )
            rescue = asyncio.create_task(self._retry_stalled(heartbeat_s))
            try:
                await worker
            finally:
                rescue.cancel()

    async def _retry_stalled(self, heartbeat_s: float) -> None:
        manager = self.app.job_manager
        while True:
            await asyncio.sleep(heartbeat_s)
            stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=3 * heartbeat_s)
            for job in stalled:
                job_id: Any = job.task_kwargs.get("job_id")
                if isinstance(job_id, int):
                    await asyncio.to_thread(self._requeue, job_id)
                await manager.retry_job(job)
            await self._resend()

    async def _resend(self) -> None:
        """Defer again the jobs stored as queued that procrastinate does not hold: a server
        that stopped between storing a job and deferring it left them (the queueing lock
        makes this a no-op for a job still waiting in procrastinate's table)."""
        for job_id in await asyncio.to_thread(self._waiting):
            with contextlib.suppress(AlreadyEnqueued):
                deferrer = self._plan.configure(queueing_lock=_lock(job_id))
                await deferrer.defer_async(job_id=job_id)


def _lock(job_id: int) -> str:
    return f"plan-job-{job_id}"
