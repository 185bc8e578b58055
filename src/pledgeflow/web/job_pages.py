"""Plan jobs in the browser: "Run plan" queues a job, a progress panel follows it, and the
plan's page opens when it is stored.

The panel polls with htmx attributes only (`hx-get` every second, swapping itself), so the
pages need no inline script under a strict Content-Security-Policy. Once the job is done,
the panel's answer carries `HX-Redirect` to the plan; a browser without scripts reloads the
job page by hand and is redirected by the server the same way.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from pledgeflow.api.deps import get_container
from pledgeflow.domain.jobs import JobState
from pledgeflow.service import jobs
from pledgeflow.service.access import Action, Resource
from pledgeflow.service.errors import NotFound
from pledgeflow.web.rendering import render
from pledgeflow.web.sessions import Looker, PageRefused, checked_form, require

router = APIRouter()
JobId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/ui/jobs/{job_id}")
def job_page(request: Request, viewer: Looker, job_id: JobId) -> Response:
    """The job's progress panel (the whole page, or the panel alone for htmx's poll)."""
    principal = require(viewer, Action.READ, Resource.JOBS)
    try:
        job = jobs.get_job(get_container(request).engine, principal, job_id)
    except NotFound as error:
        raise PageRefused(viewer, 404, str(error)) from error
    target = None
    if job.state is JobState.DONE and job.plan_id is not None:
        target = f"/ui/plans/{job.plan_id}"
    if job.state is JobState.DONE and job.scenario_run_id is not None:
        target = f"/ui/scenario-runs/{job.scenario_run_id}"
    if target is not None:
        if request.headers.get("hx-request") == "true":
            return Response(status_code=200, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    context = {"job": job, "polling": not job.state.finished}
    return render(request, viewer, "job.html.j2", context)


@router.post("/ui/jobs/{job_id}/cancel")
async def cancel(request: Request, viewer: Looker, job_id: JobId) -> Response:
    """Cancel the job; its page then shows it cancelled (a running planner stops within
    about a second)."""
    await checked_form(request, viewer)
    principal = require(viewer, Action.DELETE, Resource.JOBS)
    try:
        jobs.cancel_job(get_container(request).engine, principal, job_id)
    except NotFound as error:
        raise PageRefused(viewer, 404, str(error)) from error
    return RedirectResponse(f"/ui/jobs/{job_id}", status_code=303)
