"""The job table: one row per queued plan run, read by the API and written by the workers.

A job row is operational state (who asked, how far the planner got), not a business record, so
its changes are not audit-logged; the plan a job stores is, through the plan repository.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from pledgeflow.adapters.tables import metadata

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("state", String(16), nullable=False, index=True),
    Column("requested_by", String(200), nullable=False),
    Column("params", Text, nullable=False),
    Column("stage", String(100), nullable=False),
    Column("progress", Float, nullable=False),
    Column("bound", Float),
    Column("gap", Float),
    Column("plan_id", Integer, ForeignKey("plans.id")),
    Column("scenario_run_id", Integer),
    Column("result", Text),
    Column("stale", Boolean, nullable=False),
    Column("error", Text),
    Column("attempts", Integer, nullable=False),
    Column("cancel_requested", Boolean, nullable=False),
    Column("worker", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True)),
    Column("heartbeat_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    CheckConstraint(
        "state IN ('queued', 'running', 'done', 'failed', 'cancelled')", name="state_known"
    ),
)
