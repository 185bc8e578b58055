"""Bringing a database to the shipped schema, and refusing to work on one that is not there."""

from __future__ import annotations

from sqlalchemy import Engine

from pledgeflow.adapters import migrations
from pledgeflow.adapters.job_queues import install_procrastinate_schema
from pledgeflow.service.errors import NotInitialised


def initialise(engine: Engine) -> str:
    """Migrate to the shipped schema; on PostgreSQL also install procrastinate's job queue
    tables and functions (kept out of the migrations: they are procrastinate's to version)."""
    migrations.upgrade(engine)
    if engine.dialect.name == "postgresql":
        install_procrastinate_schema(engine)
    return migrations.head_revision()


def require_current(engine: Engine) -> None:
    current = migrations.current_revision(engine)
    head = migrations.head_revision()
    if current is None:
        raise NotInitialised(
            f"the database at {engine.url.render_as_string(hide_password=True)} is not "
            "initialised: run `pledgeflow init` first"
        )
    if current != head:
        raise NotInitialised(
            f"the database schema is at revision {current}, this pledgeflow needs {head}: "
            "run `pledgeflow init` to upgrade it"
        )
