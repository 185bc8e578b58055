"""The FastAPI application, built around a container so tests run it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from pledgeflow import __version__
from pledgeflow.api import openapi_ranges, problems
from pledgeflow.api.body_limits import BodyLimitMiddleware, BodyLimits
from pledgeflow.api.routes import (
    audit,
    finance,
    jobs,
    needs,
    plans,
    public,
    reference,
    reports,
    service_status,
    sessions,
    shipments,
)
from pledgeflow.api.routes import scenarios as scenario_routes
from pledgeflow.api.security_headers import SecurityHeadersMiddleware
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
        docs_url=None,  # served from the package's own assets: routes/service_status.py
        redoc_url=None,  # ReDoc would load its script from a CDN: not served
    )
    app.state.container = container
    app.state.throttle = throttle or LoginThrottle.of(container.settings)
    problems.install(app)
    for module in (
        sessions,
        reference,
        needs,
        plans,
        jobs,
        shipments,
        audit,
        reports,
        service_status,
        finance,
    ):
        app.include_router(module.router)
    app.include_router(scenario_routes.router)
    app.include_router(public.router)
    pages.install(app)
    openapi_ranges.install(app)
    app.add_middleware(BodyLimitMiddleware, limits=BodyLimits(container.settings))
    app.add_middleware(SecurityHeadersMiddleware)
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
