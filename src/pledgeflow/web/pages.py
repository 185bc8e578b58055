"""The browser UI: server-rendered pages on the API's app, its session cookie and its services.

Pages live under /ui and their assets under /static; both ship inside the package, so the UI
needs no network and no build step. Every page reads through the same services and the same
row filter as the API, so a page can never show a record the API would hide from its caller.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from pledgeflow.web import (
    dashboard,
    entry_forms,
    finance_pages,
    job_pages,
    lists,
    plan_pages,
    public_pages,
    scenario_pages,
    sessions,
    tracking,
    uploads,
)
from pledgeflow.web.figures import FigureCache
from pledgeflow.web.plan_views import PlanViews
from pledgeflow.web.rendering import HERE, TEMPLATES
from pledgeflow.web.sessions import PageRefused


async def _refused(request: Request, exc: Exception) -> Response:
    """Anonymous visitors go to the login page; a signed-in user sees why, as a page."""
    assert isinstance(exc, PageRefused)
    if exc.status == 401:
        return RedirectResponse(f"/ui/login?next={request.url.path}", status_code=303)
    html = TEMPLATES.get_template("refused.html.j2").render(
        request=request, viewer=exc.viewer, status=exc.status, message=exc.message
    )
    return HTMLResponse(html, status_code=exc.status)


def install(app: FastAPI) -> None:
    """Mount the pages and the static assets on the API's app."""
    app.state.figures = FigureCache()
    app.state.plan_views = PlanViews()
    app.add_exception_handler(PageRefused, _refused)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (
        sessions,
        dashboard,
        lists,
        plan_pages,
        job_pages,
        entry_forms,
        tracking,
        uploads,
    ):
        app.include_router(module.router, include_in_schema=False)
    app.include_router(finance_pages.router, include_in_schema=False)
    app.include_router(scenario_pages.router, include_in_schema=False)
    app.include_router(public_pages.router, include_in_schema=False)
