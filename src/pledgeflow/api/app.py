"""The FastAPI application, built around a container so tests run it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from pledgeflow import __version__
from pledgeflow.api import problems
from pledgeflow.api.routes import (
    audit,
    jobs,
    needs,
    plans,
    reference,
    reports,
    sessions,
    shipments,
)
from pledgeflow.bootstrap import Container
from pledgeflow.service.users import LoginThrottle
from pledgeflow.web import pages


def create_app(
    container: Container, throttle: LoginThrottle | None = None, *, run_jobs: bool = False
) -> FastAPI:
    """The app; with `run_jobs` (what `serve` asks for) it also runs plan jobs while it
    serves, on SQLite only: on PostgreSQL `pledgeflow worker` processes plan."""
    app = FastAPI(
        lifespan=_job_pool(container) if run_jobs else None,
        title="pledgeflow",
        version=__version__,
        description="Requirements, pledges, plans through hubs, and a signed record.",
        docs_url="/docs",
    )
    app.state.container = container
    app.state.throttle = throttle or LoginThrottle()
    problems.install(app)
    for module in (sessions, reference, needs, plans, jobs, shipments, audit, reports):
        app.include_router(module.router)
    pages.install(app)
    return app


def _job_pool(container: Container) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool = container.job_pool()
        if pool is not None:
            pool.start()
        try:
            yield
        finally:
            if pool is not None:
                pool.stop()

    return lifespan
