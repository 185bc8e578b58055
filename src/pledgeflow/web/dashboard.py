"""The dashboard: fill by priority, pledged vs delivered, hub utilisation, open shortfalls,
and the alerts that need attention (late, lost, over capacity)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from pledgeflow.api.deps import get_container
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.requirement_status import alerts, standing
from pledgeflow.web.figures import FigureCache
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, require

router = APIRouter()


@router.get("/ui/")
def dashboard(request: Request, viewer: Looker) -> HTMLResponse:
    principal = require(viewer, Action.READ, Resource.REPORTS)
    engine = get_container(request).engine
    cache: FigureCache = request.app.state.figures
    figures = cache.figures(RequestUnitOfWork(engine, principal), principal)
    now = standing(RequestUnitOfWork(engine, principal), principal, dt.date.today())
    context = {"figures": figures, "alerts": alerts(now), "as_of": now.day}
    return render(request, viewer, "dashboard.html.j2", context)
