"""What-if pages: build and run a scenario and read its diff; the donor exposure sweep.

Both run through the same services as the API and the CLI, on every record (the aggregate),
and show the viewer only what `scenario_reports.Viewer` (the one access rule) lets it see.
Charts are server-side SVG: no script on these pages, so a strict CSP holds.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from pledgeflow.adapters.reports.scenario_sections import exposure_chart, tier_chart
from pledgeflow.api.deps import get_container
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.scenarios import ScenarioChange
from pledgeflow.service import scenario_jobs, scenarios
from pledgeflow.service.access import Action, Principal, Resource
from pledgeflow.service.errors import NotFound, ServiceError
from pledgeflow.service.scenario_reports import (
    case_asks,
    viewer_of,
    visible_changes,
    visible_concentration,
)
from pledgeflow.service.unit_of_work import UnitOfWork
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, PageRefused, Viewer, checked_form, require

router = APIRouter()
SCN = Resource.SCENARIOS
RunId = Annotated[int, Path(ge=1, le=2_147_483_647)]
_MAX_HORIZON_DAYS = 730
_KINDS_HELP = [
    "withdraw DONOR [from YYYY-MM-DD]",
    "delay DONOR DAYS",
    "cut DONOR FRACTION [CLASS]",
    "close HUB FROM TO",
    "cap HUB FROM TO T_PER_DAY",
    "close FROM_SITE>TO_SITE FROM TO",
    "add ID ITEM QUANTITY PRIORITY NEEDED_BY DESTINATION",
    "priority REQUIREMENT P",
]


def _uow(request: Request, principal: Principal) -> UnitOfWork:
    return UnitOfWork(get_container(request).engine, principal.name)


def _page(
    request: Request, viewer: Viewer, form: dict[str, str], extra: dict[str, object], status: int
) -> Response:
    principal = require(viewer, Action.READ, SCN)
    stored = scenarios.list_scenarios(_uow(request, principal))
    context = {
        "form": form,
        "stored": [
            (s.name, [c.text() for c in scenarios.parse_changes(s.changes)]) for s in stored
        ],
        "kinds": _KINDS_HELP,
        "errors": {},
        "result": None,
        **extra,
    }
    return render(request, viewer, "scenarios.html.j2", context, status=status)


def _defaults() -> dict[str, str]:
    return {"as_of": dt.date.today().isoformat(), "horizon_days": "180", "changes": ""}


@router.get("/ui/scenarios")
def scenario_page(request: Request, viewer: Looker) -> Response:
    return _page(request, viewer, _defaults(), {}, 200)


def _options(form: dict[str, str]) -> tuple[scenarios.RunOptions | None, dict[str, str]]:
    errors: dict[str, str] = {}
    try:
        as_of = dt.date.fromisoformat(form.get("as_of", ""))
    except ValueError:
        errors["as_of"] = "a date, YYYY-MM-DD"
    text = form.get("horizon_days", "")
    if not (text.isdigit() and 1 <= int(text) <= _MAX_HORIZON_DAYS):
        errors["horizon_days"] = f"whole days from 1 to {_MAX_HORIZON_DAYS}"
    if errors:
        return None, errors
    return scenarios.RunOptions(as_of, int(text)), errors


def _changes(uow: UnitOfWork, form: dict[str, str]) -> tuple[ScenarioChange, ...]:
    lines = [line for line in form.get("changes", "").splitlines() if line.strip()]
    changes = scenarios.parse_texts(lines)
    stored = form.get("stored", "")
    if stored:
        changes = scenarios.stored_changes(uow, stored) + changes
    return changes


@router.post("/ui/scenarios")
async def run_scenario(request: Request, viewer: Looker) -> Response:
    """Run the form's changes (and a stored scenario, if chosen); save them under a name if
    one is given; show the diff, the fill chart and the asks."""
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.CREATE, SCN)
    options, errors = _options(form)
    if options is None:
        return _page(request, viewer, form, {"errors": errors}, 422)
    uow = _uow(request, principal)
    try:
        changes = _changes(uow, form)
        name = form.get("name") or None
        if name:
            scenarios.create_scenario(uow, name, None, changes)
        result = scenarios.run_scenario(uow, changes, options, name=name or form.get("stored"))
    except (ServiceError, DomainError) as error:
        problems = getattr(error, "problems", [])
        text = "; ".join(str(p) for p in problems) or str(error)
        status = 404 if isinstance(error, NotFound) else 422
        return _page(request, viewer, form, {"errors": {"": f"{error}: {text}"}}, status)
    seen = viewer_of(principal)
    shown, hidden, hidden_units = visible_changes(result, seen)
    outcome = {
        "changes": [c.text() for c in result.changes],
        "diff": result.diff,
        "chart": tier_chart(result.diff.tiers),
        "shown": shown,
        "hidden": hidden,
        "hidden_units": hidden_units,
        "asks": case_asks(result.scenario, seen)[:50],
        "run_id": result.run_id,
    }
    return _page(request, viewer, form, {"result": outcome}, 200)


@router.post("/ui/scenarios/queue")
async def queue_scenario(request: Request, viewer: Looker) -> Response:
    """Run the form's scenario as a job: its progress panel follows it and opens the run."""
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.CREATE, SCN)
    options, errors = _options(form)
    if options is None:
        return _page(request, viewer, form, {"errors": errors}, 422)
    container = get_container(request)
    uow = _uow(request, principal)
    try:
        changes = _changes(uow, form)
        name = form.get("name") or None
        if name:
            scenarios.create_scenario(uow, name, None, changes)
        job = scenario_jobs.queue_changes(
            container.engine,
            container.job_queue,
            principal,
            name or form.get("stored") or None,
            changes,
            options,
        )
    except (ServiceError, DomainError) as error:
        problems = getattr(error, "problems", [])
        text = "; ".join(str(p) for p in problems) or str(error)
        status = 404 if isinstance(error, NotFound) else 422
        return _page(request, viewer, form, {"errors": {"": f"{error}: {text}"}}, status)
    return RedirectResponse(f"/ui/jobs/{job.id}", status_code=303)


@router.get("/ui/scenario-runs/{run_id}")
def scenario_run_page(request: Request, viewer: Looker, run_id: RunId) -> Response:
    """A logged run: its changes and the fill each priority tier lost (what the log keeps)."""
    principal = require(viewer, Action.READ, SCN)
    with _uow(request, principal) as uow:
        run = uow.scenarios.run(run_id)
    if run is None:
        raise PageRefused(viewer, 404, f"scenario run {run_id} does not exist")
    tiers = sorted((int(p), lost) for p, lost in json.loads(run["tiers"]).items())
    context = {"run": run, "tiers": tiers, "changes": str(run["changes"]).splitlines()}
    return render(request, viewer, "scenario_run.html.j2", context)


@router.get("/ui/exposure")
def exposure_page(request: Request, viewer: Looker) -> Response:
    require(viewer, Action.READ, SCN)
    context = {"form": _defaults(), "errors": {}, "sweep": None}
    return render(request, viewer, "exposure.html.j2", context)


@router.post("/ui/exposure/queue")
async def queue_sweep(request: Request, viewer: Looker) -> Response:
    """Run the sweep as a job: its progress panel names the donor being planned and shows
    the ranking when done."""
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.CREATE, SCN)
    options, errors = _options(form)
    if options is None:
        context = {"form": form, "errors": errors, "sweep": None}
        return render(request, viewer, "exposure.html.j2", context, status=422)
    container = get_container(request)
    job = scenario_jobs.start_sweep_job(container.engine, container.job_queue, principal, options)
    return RedirectResponse(f"/ui/jobs/{job.id}", status_code=303)


@router.post("/ui/exposure")
async def run_sweep(request: Request, viewer: Looker) -> Response:
    """Withdraw each donor with undispatched pledges in turn (one plan each: minutes on a
    large mission) and show the ranking chart and the single points of failure."""
    form = await checked_form(request, viewer)
    principal = require(viewer, Action.CREATE, SCN)
    options, errors = _options(form)
    if options is None:
        context = {"form": form, "errors": errors, "sweep": None}
        return render(request, viewer, "exposure.html.j2", context, status=422)
    try:
        result = scenarios.sweep(_uow(request, principal), options)
    except (ServiceError, DomainError) as error:
        context = {"form": form, "errors": {"": str(error)}, "sweep": None}
        return render(request, viewer, "exposure.html.j2", context, status=422)
    found = visible_concentration(result, viewer_of(principal))
    sweep = {
        "ranking": result.ranking,
        "chart": exposure_chart(result.ranking),
        "singles": [c for c in found if c.single_point],
    }
    return render(request, viewer, "exposure.html.j2", {"form": form, "errors": {}, "sweep": sweep})
