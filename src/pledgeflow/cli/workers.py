"""`pledgeflow worker`: run plan jobs from the PostgreSQL queue, on any machine.

Start as many as the machines allow, each with `--concurrency` jobs at once (each job plans in
a process of its own, so one per core is the natural ceiling). A worker killed mid-plan has
its job retried by another after a few missed heartbeats.
"""

from __future__ import annotations

from typing import Annotated

import typer

from pledgeflow.cli.context import console, container, user_errors
from pledgeflow.service.plan_jobs import worker_name


def worker_command(
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Plan jobs this worker runs at once.")
    ] = 1,
    heartbeat: Annotated[
        float,
        typer.Option(
            min=0.2,
            help="Seconds between heartbeats; a worker silent for three is taken as dead.",
        ),
    ] = 5.0,
) -> None:
    """Run plan jobs queued on PostgreSQL until interrupted (SQLite: `serve` runs them)."""
    built = container()
    with user_errors():
        queue = built.procrastinate()
    name = worker_name("worker")
    console.print(f"pledgeflow worker {name}: {concurrency} job(s) at a time; Ctrl-C stops it")
    queue.run_worker(name, concurrency, heartbeat)
