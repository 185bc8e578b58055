"""Plans: queue a plan job (create), approve a draft, read, export as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse, Response

from pledgeflow.adapters.exporters.cells import csv_text
from pledgeflow.api.deps import IdempotencyKey, Paging, Who, guard
from pledgeflow.api.problems import ProblemError
from pledgeflow.api.replies import respond
from pledgeflow.api.routes.paths import Box
from pledgeflow.api.schemas.fields import Page
from pledgeflow.api.schemas.jobs import JobPublic
from pledgeflow.api.schemas.plans import (
    PlanCreate,
    PlanHead,
    PlannedHubDayPublic,
    PlannedHubDaysPublic,
    PlanPublic,
    PlanSummaryPublic,
)
from pledgeflow.service import jobs, plans
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.idempotency import Reply, RequestUnitOfWork, run_post
from pledgeflow.service.plan_figures import plan_figures
from pledgeflow.service.plan_jobs import plan_job_params
from pledgeflow.service.unit_of_work import UnitOfWork

router = APIRouter(tags=["plans"])
PLN = Resource.PLANS
PlanId = Annotated[int, Path(ge=1, le=2_147_483_647)]
_EARLIEST, _LATEST = dt.date(2000, 1, 1), dt.date(2999, 12, 31)


def _plan_reply(uow: UnitOfWork, plan_id: int, status: int) -> Reply:
    plan = uow.plans.get(plan_id)
    assert plan is not None, "the plan was written in this transaction"
    return Reply(status, PlanPublic.of(plan_id, plan).model_dump(mode="json"))


@router.get("/plans", response_model=Page[PlanHead], **guard(Action.READ, PLN))
def list_plans(box: Box, who: Who, page: Paging) -> object:
    heads = plans.plans_list(RequestUnitOfWork(box.engine, who))
    limit, offset = page
    chosen = heads[offset : offset + limit]
    items = [PlanHead.model_validate(h).model_dump(mode="json") for h in chosen]
    return {"items": items, "total": len(heads), "limit": limit, "offset": offset}


@router.get("/plans/{plan_id}", response_model=PlanPublic, **guard(Action.READ, PLN, 404))
def read_plan(box: Box, who: Who, plan_id: PlanId) -> object:
    """The plan's lines and shortfalls the caller may see: a donor liaison its own nation's
    pledges' lines, a hub operator the lines through its hub (access.plan_line_in_scope)."""
    uow = RequestUnitOfWork(box.engine, who)
    plan = plans.get_plan(uow, plan_id)
    shown = plan_figures(uow, who, replace(plan, id=plan_id)).plan
    return PlanPublic.of(plan_id, shown).model_dump(mode="json")


@router.get(
    "/plans/{plan_id}/hub-days",
    response_model=PlannedHubDaysPublic,
    **guard(Action.READ, PLN, 404),
)
def read_plan_hub_days(
    box: Box, who: Who, plan_id: PlanId, hub: Annotated[str | None, Query(max_length=32)] = None
) -> object:
    """Per hub and day, the tonnes the caller's part of the plan sends out of the hub against
    that day's capacity (a hub operator: its own hub)."""
    uow = RequestUnitOfWork(box.engine, who)
    plan = plans.get_plan(uow, plan_id)
    days = plan_figures(uow, who, replace(plan, id=plan_id)).hub_days
    chosen = [PlannedHubDayPublic.of(d) for d in days if hub is None or d.hub == hub]
    return PlannedHubDaysPublic(plan=plan_id, days=chosen).model_dump(mode="json")


@router.get(
    "/plans/{plan_id}/summary", response_model=PlanSummaryPublic, **guard(Action.READ, PLN, 404)
)
def read_plan_summary(box: Box, who: Who, plan_id: PlanId) -> object:
    """The plan's figures for the caller (fill per tier with deliveries counted, lateness,
    shortfalls by reason, hub values): the same numbers the UI, CLI and report show."""
    uow = RequestUnitOfWork(box.engine, who)
    plan = plans.get_plan(uow, plan_id)
    figures = plan_figures(uow, who, replace(plan, id=plan_id))
    return PlanSummaryPublic.of(plan_id, figures).model_dump(mode="json")


@router.post("/plans", status_code=202, response_model=JobPublic, **guard(Action.CREATE, PLN, 409))
def create_plan(box: Box, who: Who, body: PlanCreate, key: IdempotencyKey) -> JSONResponse:
    """Queues a plan job on the current records and answers at once: follow the job at its
    Location (`GET /jobs/{id}`); when done it names the stored draft plan."""
    if not _EARLIEST <= body.as_of <= _LATEST:
        raise ProblemError(422, f"as_of: must lie between {_EARLIEST} and {_LATEST}")
    params = plan_job_params(body.as_of, body.horizon_days)
    added: list[int] = []

    def render(uow: RequestUnitOfWork) -> Reply:
        job = uow.jobs.get(added[-1])
        assert job is not None, "the job was written in this transaction"
        return Reply(202, JobPublic.of(job).model_dump(mode="json"))

    def effect(uow: RequestUnitOfWork) -> None:
        jobs.queue_plan_job(uow, params, added.append)

    reply = run_post(box.engine, who, key, effect, render)
    if added:
        box.job_queue.enqueue(added[-1])
    return respond(reply, location=f"/jobs/{reply.body['id']}")


@router.post(
    "/plans/{plan_id}/approve",
    response_model=PlanPublic,
    **guard(Action.APPROVE, PLN, 404, 409),
)
def approve_plan(box: Box, who: Who, plan_id: PlanId, key: IdempotencyKey) -> JSONResponse:
    """Approves a draft; the previously approved plan becomes superseded."""

    def effect(uow: RequestUnitOfWork) -> None:
        plans.approve_plan(uow, plan_id)

    return respond(
        run_post(box.engine, who, key, effect, lambda uow: _plan_reply(uow, plan_id, 200))
    )


@router.get(
    "/plans/{plan_id}/export",
    response_class=Response,
    **guard(Action.EXPORT, PLN, 404, media_type="text/csv"),
)
def export_plan(box: Box, who: Who, plan_id: PlanId) -> Response:
    """The plan's allocation lines in the interchange format's `allocations` columns."""
    plan = plans.get_plan(RequestUnitOfWork(box.engine, who), plan_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(plans.ALLOCATION_COLUMNS)
    for a in plan.allocations:
        head = [plan_id, a.pledge, a.requirement, a.hub, a.quantity, a.dispatch_date]
        tail = [a.hub_in_date, a.hub_out_date, a.arrival_date, a.days_late, a.substituted]
        writer.writerow([csv_text(value) for value in (*head, *tail)])
    return Response(out.getvalue(), media_type="text/csv")
