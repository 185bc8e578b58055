"""The FastAPI application, built around a container so tests run it in-process."""

from __future__ import annotations

from fastapi import FastAPI

from pledgeflow import __version__
from pledgeflow.api import problems
from pledgeflow.api.routes import (
    audit,
    needs,
    plans,
    public,
    reference,
    reports,
    sessions,
    shipments,
)
from pledgeflow.bootstrap import Container
from pledgeflow.service.users import LoginThrottle
from pledgeflow.web import pages


def create_app(container: Container, throttle: LoginThrottle | None = None) -> FastAPI:
    app = FastAPI(
        title="pledgeflow",
        version=__version__,
        description="Requirements, pledges, plans through hubs, and a signed record.",
        docs_url="/docs",
    )
    app.state.container = container
    app.state.throttle = throttle or LoginThrottle()
    problems.install(app)
    for module in (sessions, reference, needs, plans, shipments, audit, reports):
        app.include_router(module.router)
    app.include_router(public.router)
    pages.install(app)
    return app
