"""Jobs: follow a queued plan run, or cancel it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from pledgeflow.api.deps import Who, guard
from pledgeflow.api.routes.paths import Box
from pledgeflow.api.schemas.jobs import JobPublic
from pledgeflow.service import jobs
from pledgeflow.service.access import Action, Resource

router = APIRouter(tags=["jobs"])
JOB = Resource.JOBS
JobId = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/jobs/{job_id}", response_model=JobPublic, **guard(Action.READ, JOB, 404))
def read_job(box: Box, who: Who, job_id: JobId) -> object:
    """State, stage, bound and gap of a plan job; `plan_id` once it is done."""
    return JobPublic.of(jobs.get_job(box.engine, who, job_id)).model_dump(mode="json")


@router.delete("/jobs/{job_id}", response_model=JobPublic, **guard(Action.DELETE, JOB, 404))
def cancel_job(box: Box, who: Who, job_id: JobId) -> object:
    """Cancels a queued job at once; a running one stops at its planner's next report (within
    about a second) and ends `cancelled` with no plan stored. A finished job is left as is."""
    return JobPublic.of(jobs.cancel_job(box.engine, who, job_id)).model_dump(mode="json")
