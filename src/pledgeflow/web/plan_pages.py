"""Plans: the list, queueing a plan job, one plan's page, and approving a draft.

A plan page shows what a coordinator decides on: fill per priority, shortfalls with their
reasons, each hub's capacity value, and the allocation lines (paged: a large plan has tens of
thousands). Running and approving go through the same services as the API and the CLI.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from pledgeflow.api.deps import get_container
from pledgeflow.domain.errors import DomainError
from pledgeflow.service import jobs, plans
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.errors import NotFound, ServiceError
from pledgeflow.service.idempotency import RequestUnitOfWork
from pledgeflow.service.plan_jobs import plan_job_params
from pledgeflow.web.plan_views import PlanViews
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, PageRefused, Viewer, checked_form, require

router = APIRouter()
PlanId = Annotated[int, Path(ge=1, le=2_147_483_647)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]
LINES = 100
_MAX_HORIZON_DAYS = 730


def _plan_list(request: Request, viewer: Viewer, errors: dict[str, str], status: int) -> Response:
    principal = require(viewer, Action.READ, Resource.PLANS)
    heads = plans.plans_list(RequestUnitOfWork(get_container(request).engine, principal))
    context = {"heads": list(reversed(heads)), "errors": errors, "today": dt.date.today()}
    return render(request, viewer, "plans.html.j2", context, status=status)


@router.get("/ui/plans")
def plan_list(request: Request, viewer: Looker) -> Response:
    return _plan_list(request, viewer, {}, 200)


def _run_inputs(form: dict[str, str]) -> tuple[dt.date | None, int | None, dict[str, str]]:
    errors: dict[str, str] = {}
    as_of = horizon = None
    try:
        as_of = dt.date.fromisoformat(form.get("as_of", ""))
    except ValueError:
        errors["as_of"] = "a date, YYYY-MM-DD"
    text = form.get("horizon_days", "")
    if text.isdigit() and 1 <= int(text) <= _MAX_HORIZON_DAYS:
        horizon = int(text)
    else:
        errors["horizon_days"] = f"whole days from 1 to {_MAX_HORIZON_DAYS}"
    return as_of, horizon, errors


@router.post("/ui/plans")
async def run_plan(request: Request, viewer: Looker) -> Response:
    """Queue a plan job on the current records; its progress panel opens, then the plan."""
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.CREATE, Resource.PLANS)
    as_of, horizon, errors = _run_inputs(form)
    if as_of is None or horizon is None:
        return _plan_list(request, viewer, errors, 422)
    container = get_container(request)
    params = plan_job_params(as_of, horizon)
    try:
        job = jobs.start_plan_job(container.engine, container.job_queue, principal, params)
    except ServiceError as error:
        return _plan_list(request, viewer, {"": str(error)}, 422)
    return RedirectResponse(f"/ui/jobs/{job.id}", status_code=303)


@router.get("/ui/plans/{plan_id}")
def plan_page(
    request: Request,
    viewer: Looker,
    plan_id: PlanId,
    lines: Offset = 0,
    gaps: Offset = 0,
    reason: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    principal = require(viewer, Action.READ, Resource.PLANS)
    views: PlanViews = request.app.state.plan_views
    uow = RequestUnitOfWork(get_container(request).engine, principal)
    try:
        plan = views.plan(uow, plan_id)
    except NotFound as error:
        raise PageRefused(viewer, 404, str(error)) from error
    page = views.charts(uow, principal, plan)
    shown = page.figures.plan
    shortfalls = [s for s in shown.shortfalls if not reason or s.reason.value == reason]
    context = {
        "plan": shown,
        "figures": page.figures,
        "charts": {"fill": page.fill, "reasons": page.reasons},
        "allocations": shown.allocations[lines : lines + LINES],
        "lines": lines,
        "shortfalls": shortfalls[gaps : gaps + LINES],
        "shortfall_total": len(shortfalls),
        "gaps": gaps,
        "reason": reason,
        "page": LINES,
        "error": "",
    }
    return render(request, viewer, "plan.html.j2", context)


@router.post("/ui/plans/{plan_id}/approve")
async def approve(request: Request, viewer: Looker, plan_id: PlanId) -> Response:
    await checked_form(request, viewer)
    principal = require(viewer, Action.APPROVE, Resource.PLANS)
    try:
        plans.approve_plan(RequestUnitOfWork(get_container(request).engine, principal), plan_id)
    except NotFound as error:
        raise PageRefused(viewer, 404, str(error)) from error
    except (ServiceError, DomainError) as error:
        raise PageRefused(viewer, 409, str(error)) from error
    return RedirectResponse(f"/ui/plans/{plan_id}", status_code=303)
