"""Scenarios: store, list, read, delete; run one (stored or one-off); sweep every donor.

Runs compute on every record (the aggregate): the snapshot is read through a plain unit of
work, not the caller's row-filtered one, because a what-if over part of the records would
answer another question. What the answer shows is then filtered per caller by
`scenario_reports.Viewer`, the in-memory form of the one access rule.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Response
from fastapi.responses import JSONResponse

from pledgeflow.adapters.scenario_repository import StoredScenario
from pledgeflow.api.deps import Paging, Who, guard
from pledgeflow.api.problems import ProblemError
from pledgeflow.api.routes.paths import Box
from pledgeflow.api.schemas.fields import Page
from pledgeflow.api.schemas.jobs import JobPublic
from pledgeflow.api.schemas.scenarios import (
    AskPublic,
    ConcentrationPublic,
    DonorExposurePublic,
    RequirementChangePublic,
    RunSettings,
    ScenarioCreate,
    ScenarioPublic,
    ScenarioResultPublic,
    ScenarioRun,
    SweepPublic,
    TierPublic,
)
from pledgeflow.domain.scenarios import ScenarioChange
from pledgeflow.service import scenario_jobs, scenarios
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.scenario_reports import (
    case_asks,
    viewer_of,
    visible_changes,
    visible_concentration,
)
from pledgeflow.service.unit_of_work import UnitOfWork

router = APIRouter(tags=["scenarios"])
SCN = Resource.SCENARIOS
NamePath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}$")]
_EARLIEST, _LATEST = dt.date(2000, 1, 1), dt.date(2999, 12, 31)


def _public(stored: StoredScenario) -> ScenarioPublic:
    texts = [c.text() for c in scenarios.parse_changes(stored.changes)]
    return ScenarioPublic.of(stored, texts)


@router.get("/scenarios", response_model=Page[ScenarioPublic], **guard(Action.READ, SCN))
def list_scenarios(box: Box, who: Who, page: Paging) -> object:
    stored = scenarios.list_scenarios(UnitOfWork(box.engine, who.name))
    limit, offset = page
    items = [_public(s).model_dump(mode="json") for s in stored[offset : offset + limit]]
    return {"items": items, "total": len(stored), "limit": limit, "offset": offset}


@router.get("/scenarios/{name}", response_model=ScenarioPublic, **guard(Action.READ, SCN, 404))
def read_scenario(box: Box, who: Who, name: NamePath) -> object:
    return _public(scenarios.get_scenario(UnitOfWork(box.engine, who.name), name))


@router.post(
    "/scenarios", status_code=201, response_model=ScenarioPublic, **guard(Action.CREATE, SCN, 409)
)
def create_scenario(box: Box, who: Who, body: ScenarioCreate) -> object:
    """Stores a named scenario once its changes apply to the records as they stand."""
    changes = scenarios.parse_texts(body.changes)
    uow = UnitOfWork(box.engine, who.name)
    return _public(scenarios.create_scenario(uow, body.name, body.description, changes))


@router.delete(
    "/scenarios/{name}", status_code=204, response_class=Response, **guard(Action.DELETE, SCN, 404)
)
def delete_scenario(box: Box, who: Who, name: NamePath) -> Response:
    scenarios.delete_scenario(UnitOfWork(box.engine, who.name), name)
    return Response(status_code=204)


def _options(body: RunSettings) -> scenarios.RunOptions:
    if not _EARLIEST <= body.as_of <= _LATEST:
        raise ProblemError(422, f"as_of: must lie between {_EARLIEST} and {_LATEST}")
    return scenarios.RunOptions(body.as_of, body.horizon_days, body.time_limit_s)


def _run(
    box: Box, who: Who, changes: tuple[ScenarioChange, ...], body: RunSettings, name: str | None
) -> ScenarioResultPublic:
    options = _options(body)
    uow = UnitOfWork(box.engine, who.name)
    result = scenarios.run_scenario(uow, changes, options, name=name)
    viewer = viewer_of(who)
    shown, hidden, hidden_units = visible_changes(result, viewer)
    quality = result.scenario.plan.quality
    return ScenarioResultPublic(
        run_id=result.run_id,
        changes=[c.text() for c in changes],
        as_of=options.as_of,
        horizon_days=options.horizon_days,
        weighted_loss=result.diff.weighted_loss,
        proven_optimal=bool(quality and quality.proven_optimal),
        tiers=[TierPublic.of(t) for t in result.diff.tiers],
        requirements=[RequirementChangePublic.of(c) for c in shown],
        hidden_requirements=hidden,
        hidden_units_lost=hidden_units,
        hubs_newly_binding=result.diff.hubs_newly_binding,
        asks_before=[AskPublic.of(a) for a in case_asks(result.baseline, viewer)],
        asks_after=[AskPublic.of(a) for a in case_asks(result.scenario, viewer)],
    )


@router.post(
    "/scenarios/run", response_model=ScenarioResultPublic, **guard(Action.CREATE, SCN, 409)
)
def run_changes(box: Box, who: Who, body: ScenarioRun) -> object:
    """Plans the baseline and the one-off changes alike and returns the difference (logged)."""
    return _run(box, who, scenarios.parse_texts(body.changes), body, None)


@router.post(
    "/scenarios/{name}/run",
    response_model=ScenarioResultPublic,
    **guard(Action.CREATE, SCN, 404, 409),
)
def run_stored(box: Box, who: Who, name: NamePath, body: RunSettings) -> object:
    """Plans the baseline and the stored scenario alike and returns the difference (logged)."""
    changes = scenarios.stored_changes(UnitOfWork(box.engine, who.name), name)
    return _run(box, who, changes, body, name)


@router.post(
    "/scenarios/{name}/runs",
    status_code=202,
    response_model=JobPublic,
    **guard(Action.CREATE, SCN, 404, 409),
)
def queue_stored(box: Box, who: Who, name: NamePath, body: RunSettings) -> JSONResponse:
    """Queues a run of the stored scenario as a job and answers at once: follow it at its
    Location (`GET /jobs/{id}`), which names the logged run (`scenario_run_id`) when done."""
    options = _options(body)
    job = scenario_jobs.start_scenario_job(box.engine, box.job_queue, who, name, options)
    body_json = JobPublic.of(job).model_dump(mode="json")
    return JSONResponse(body_json, status_code=202, headers={"Location": f"/jobs/{job.id}"})


@router.post(
    "/scenarios/sweeps", status_code=202, response_model=JobPublic, **guard(Action.CREATE, SCN)
)
def queue_sweep(box: Box, who: Who, body: RunSettings) -> JSONResponse:
    """Queues the exposure sweep as a job and answers at once: follow it at its Location
    (`GET /jobs/{id}`: "planning DONOR (i of n)"), whose `result.ranking` ranks the donors
    once done (each run is logged as with the synchronous sweep)."""
    job = scenario_jobs.start_sweep_job(box.engine, box.job_queue, who, _options(body))
    body_json = JobPublic.of(job).model_dump(mode="json")
    return JSONResponse(body_json, status_code=202, headers={"Location": f"/jobs/{job.id}"})


@router.post("/scenarios/sweep", response_model=SweepPublic, **guard(Action.CREATE, SCN, 409))
def sweep(box: Box, who: Who, body: RunSettings) -> object:
    """Withdraws each donor with undispatched pledges in turn and ranks donors by the
    priority-weighted fill lost; lists each requirement's supply concentration."""
    options = _options(body)
    result = scenarios.sweep(UnitOfWork(box.engine, who.name), options)
    viewer = viewer_of(who)
    return SweepPublic(
        as_of=options.as_of,
        horizon_days=options.horizon_days,
        ranking=[DonorExposurePublic.of(d) for d in result.ranking],
        concentration=[ConcentrationPublic.of(c) for c in visible_concentration(result, viewer)],
    )
