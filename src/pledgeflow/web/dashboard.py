"""The dashboard: fill by priority, pledged vs delivered, hub utilisation, open shortfalls,
and the alerts that need attention (late, lost, over capacity)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from pledgeflow.api.deps import get_container
from pledgeflow.service.access import Action, Principal, Resource
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.requirement_status import alerts, standing
from pledgeflow.web.chart_downloads import ChartName, chart_download
from pledgeflow.web.figures import FigureCache, Figures
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, require

router = APIRouter()


def _figures(request: Request, viewer: Looker) -> tuple[Figures, Principal]:
    principal = require(viewer, Action.READ, Resource.REPORTS)
    engine = get_container(request).engine
    cache: FigureCache = request.app.state.figures
    return cache.figures(RequestUnitOfWork(engine, principal), principal), principal


@router.get("/ui/")
def dashboard(request: Request, viewer: Looker) -> HTMLResponse:
    figures, principal = _figures(request, viewer)
    engine = get_container(request).engine
    now = standing(RequestUnitOfWork(engine, principal), principal, dt.date.today())
    context = {"figures": figures, "alerts": alerts(now), "as_of": now.day}
    return render(request, viewer, "dashboard.html.j2", context)


@router.get("/ui/dashboard/charts/{chart}.csv")
def dashboard_chart_csv(request: Request, viewer: Looker, chart: ChartName) -> Response:
    """The rows a dashboard chart draws, for the same viewer (the same cached figures)."""
    figures, _ = _figures(request, viewer)
    named = {name: drawn for name, drawn in figures.charts.items() if drawn is not None}
    return chart_download([replace(drawn, slug=name) for name, drawn in named.items()], chart)
