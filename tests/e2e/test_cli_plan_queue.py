"""`pledgeflow plan --queue` stores a job for the workers and returns; `pledgeflow worker`
runs on PostgreSQL only and says so on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from pledgeflow.adapters.db import make_engine
from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.job_tables import jobs
from tests.e2e.conftest import Run
from tests.integration.test_storage import small_dataset


def test_plan_queue_stores_a_queued_job_and_no_plan(
    cli: Run, tmp_path: Path, database_url: str
) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    queued = cli("plan", "--queue", "--as-of", "2026-11-25", "--time-limit", "30")
    assert queued.exit_code == 0, queued.output
    assert "Plan job 1 queued" in queued.output
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(jobs.c.state, jobs.c.params)).one()
            assert row.state == "queued"
            assert '"time_limit": 30.0' in row.params
            plans = connection.execute(text("SELECT count(*) FROM plans")).scalar_one()
            assert plans == 0
            if engine.dialect.name == "postgresql":
                deferred = select(func.count()).select_from(text("procrastinate_jobs"))
                assert connection.execute(deferred).scalar_one() == 1
    finally:
        engine.dispose()


def test_a_worker_on_sqlite_explains_that_serve_plans(cli: Run, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("on PostgreSQL `pledgeflow worker` runs until stopped")
    answer = cli("worker")
    assert answer.exit_code == 1
    assert "on SQLite `serve` runs them" in " ".join(answer.output.split())
