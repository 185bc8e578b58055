"""Job rows: each change is one short statement or one short transaction of its own.

Workers write a running job's stage and heartbeat about once a second, so every write here
takes SQLite's write lock at its start (IMMEDIATE) and holds it for one or two statements: the
site's own commands never wait more than a few milliseconds behind a planning job. A worker
only writes the job it holds (`worker` matches), so a job taken back from a worker thought
dead cannot be overwritten by it should it come back.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, insert, select, update

from pledgeflow.adapters.job_tables import jobs
from pledgeflow.domain.jobs import Job, JobState


@contextmanager
def job_transaction(engine: Engine) -> Iterator[JobRepository]:
    """A short write transaction on the job table alone."""
    connection = engine.connect().execution_options(sqlite_begin="IMMEDIATE")
    with connection, connection.begin():
        yield JobRepository(connection)


@contextmanager
def job_reads(engine: Engine) -> Iterator[JobRepository]:
    """A read of the job table that takes no write lock (a deferred transaction on SQLite)."""
    with engine.connect() as connection, connection.begin():
        yield JobRepository(connection)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands back the UTC instants it stored without their zone: put it back."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _job(row: RowMapping) -> Job:
    return Job(
        id=row["id"],
        kind=row["kind"],
        state=JobState(row["state"]),
        requested_by=row["requested_by"],
        params=json.loads(row["params"]),
        created_at=_utc(row["created_at"]) or dt.datetime.now(dt.UTC),
        stage=row["stage"],
        progress=row["progress"],
        bound=row["bound"],
        gap=row["gap"],
        plan_id=row["plan_id"],
        scenario_run_id=row["scenario_run_id"],
        result=None if row["result"] is None else json.loads(row["result"]),
        stale=row["stale"],
        error=row["error"],
        attempts=row["attempts"],
        cancel_requested=row["cancel_requested"],
        started_at=_utc(row["started_at"]),
        finished_at=_utc(row["finished_at"]),
    )


class JobRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def add(self, kind: str, requested_by: str, params: dict[str, Any], now: dt.datetime) -> int:
        values = {
            "kind": kind,
            "state": JobState.QUEUED.value,
            "requested_by": requested_by,
            "params": json.dumps(params, sort_keys=True),
            "stage": "queued",
            "progress": 0.0,
            "stale": False,
            "attempts": 0,
            "cancel_requested": False,
            "created_at": now,
        }
        job_id: int = self._conn.execute(insert(jobs).returning(jobs.c.id), values).scalar_one()
        return job_id

    def get(self, job_id: int) -> Job | None:
        row = self._conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().first()
        return None if row is None else _job(row)

    def recent(self, requested_by: str | None, limit: int) -> list[Job]:
        query = select(jobs).order_by(jobs.c.id.desc()).limit(limit)
        if requested_by is not None:
            query = query.where(jobs.c.requested_by == requested_by)
        return [_job(row) for row in self._conn.execute(query).mappings()]

    def ids_in(self, state: JobState) -> list[int]:
        query = select(jobs.c.id).where(jobs.c.state == state.value).order_by(jobs.c.id)
        return list(self._conn.execute(query).scalars())

    def queued_before(self, created_before: dt.datetime) -> list[int]:
        query = select(jobs.c.id).where(
            jobs.c.state == JobState.QUEUED.value, jobs.c.created_at < created_before
        )
        return list(self._conn.execute(query.order_by(jobs.c.id)).scalars())

    def claim(self, job_id: int, worker: str, now: dt.datetime, max_attempts: int) -> Job | None:
        """Take a queued job for `worker`: running, one more attempt. A job that has used its
        attempts is failed instead, and None returned, as for a job no longer queued."""
        job = self.get(job_id)
        if job is None or job.state is not JobState.QUEUED:
            return None
        if job.attempts >= max_attempts:
            error = f"gave up after {job.attempts} attempts: each worker stopped mid-plan"
            self._finish(job_id, None, now, state=JobState.FAILED, error=error)
            return None
        self._conn.execute(
            update(jobs)
            .where(jobs.c.id == job_id)
            .values(
                state=JobState.RUNNING.value,
                attempts=job.attempts + 1,
                worker=worker,
                stage="reading records",
                progress=0.0,
                started_at=now,
                heartbeat_at=now,
            )
        )
        return self.get(job_id)

    def report(
        self,
        job_id: int,
        worker: str,
        stage: str,
        progress: float,
        now: dt.datetime,
        **bounds: float,
    ) -> bool:
        """Record how far the planner got; True if someone has asked to cancel the job."""
        values: dict[str, Any] = {"stage": stage[:100], "progress": progress, "heartbeat_at": now}
        values.update({k: v for k, v in bounds.items() if k in ("bound", "gap")})
        self._conn.execute(self._held(job_id, worker).values(**values))
        asked = select(jobs.c.cancel_requested).where(jobs.c.id == job_id)
        return bool(self._conn.execute(asked).scalar_one_or_none())

    def _held(self, job_id: int, worker: str) -> Any:
        return update(jobs).where(
            jobs.c.id == job_id, jobs.c.worker == worker, jobs.c.state == JobState.RUNNING.value
        )

    def holds(self, job_id: int, worker: str) -> bool:
        query = select(jobs.c.id).where(
            jobs.c.id == job_id, jobs.c.worker == worker, jobs.c.state == JobState.RUNNING.value
        )
        return self._conn.execute(query).first() is not None

    def finish(
        self,
        job_id: int,
        worker: str,
        now: dt.datetime,
        *,
        state: JobState,
        error: str | None = None,
        plan_id: int | None = None,
        stale: bool = False,
        gap: float | None = None,
        scenario_run_id: int | None = None,
        result: dict[str, Any] | None = None,
    ) -> bool:
        """End a job `worker` holds; False if it no longer holds it (taken back, cancelled)."""
        values: dict[str, Any] = {"state": state.value, "error": error, "finished_at": now}
        values |= {"plan_id": plan_id, "stale": stale, "stage": state.value}
        if gap is not None:
            values["gap"] = gap
        if scenario_run_id is not None:
            values["scenario_run_id"] = scenario_run_id
        if result is not None:
            values["result"] = json.dumps(result, sort_keys=True)
        if state is JobState.DONE:
            values["progress"] = 1.0
        return bool(self._conn.execute(self._held(job_id, worker).values(**values)).rowcount)

    def _finish(
        self, job_id: int, worker: str | None, now: dt.datetime, *, state: JobState, error: str
    ) -> None:
        self._conn.execute(
            update(jobs)
            .where(jobs.c.id == job_id)
            .values(state=state.value, stage=state.value, error=error, finished_at=now)
        )

    def request_cancel(self, job_id: int, now: dt.datetime) -> Job | None:
        """A queued job is cancelled at once; a running one is asked to stop (its worker
        marks it cancelled at its next check); a finished one stays as it is."""
        job = self.get(job_id)
        if job is None or job.state.finished:
            return job
        if job.state is JobState.QUEUED:
            self._finish(job_id, None, now, state=JobState.CANCELLED, error="cancelled")
        else:
            self._conn.execute(
                update(jobs).where(jobs.c.id == job_id).values(cancel_requested=True)
            )
        return self.get(job_id)

    def abandoned(self, heartbeat_before: dt.datetime) -> list[tuple[int, str]]:
        """Running jobs (id, worker) whose worker has not written since `heartbeat_before`."""
        query = select(jobs.c.id, jobs.c.worker).where(
            jobs.c.state == JobState.RUNNING.value, jobs.c.heartbeat_at < heartbeat_before
        )
        return [(row.id, row.worker or "") for row in self._conn.execute(query)]

    def running_on(self, worker_prefix: str) -> list[tuple[int, str]]:
        query = select(jobs.c.id, jobs.c.worker).where(
            jobs.c.state == JobState.RUNNING.value, jobs.c.worker.startswith(worker_prefix)
        )
        return [(row.id, row.worker or "") for row in self._conn.execute(query)]

    def take_back(self, job_id: int, worker: str | None = None) -> bool:
        """Put a running job back in the queue, taking it from its worker (one thought dead;
        only from `worker` if given, so a job claimed again meanwhile is left alone)."""
        query = update(jobs).where(jobs.c.id == job_id, jobs.c.state == JobState.RUNNING.value)
        if worker is not None:
            query = query.where(jobs.c.worker == worker)
        values = {"state": JobState.QUEUED.value, "worker": None, "stage": "queued (retry)"}
        return bool(self._conn.execute(query.values(**values)).rowcount)
