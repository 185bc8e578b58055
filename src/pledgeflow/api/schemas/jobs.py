"""Jobs: how a queued plan run is shown to the one who waits for it."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pydantic import BaseModel, Field

from pledgeflow.domain.jobs import Job


class JobPublic(BaseModel):
    id: int
    kind: str
    state: str = Field(description="queued, running, done, failed or cancelled")
    requested_by: str
    stage: str = Field(description="the planner's current stage")
    progress: float = Field(description="share of the planner's stages done, 0 to 1")
    bound: float | None = Field(description="best bound of the stage being solved, if known")
    gap: float | None = Field(description="relative gap of the stage, or of the plan when done")
    plan_id: int | None = Field(description="the stored plan, once done")
    scenario_run_id: int | None = Field(
        default=None, description="a scenario job's logged run, once done"
    )
    result: dict[str, Any] | None = Field(
        default=None, description="a sweep job's donor ranking, once done"
    )
    stale: bool = Field(description="true if records changed while it planned")
    error: str | None
    attempts: int
    cancel_requested: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None

    @classmethod
    def of(cls, job: Job) -> JobPublic:
        def utc(moment: dt.datetime | None) -> dt.datetime | None:
            """Times are stored in UTC; SQLite hands them back without their zone."""
            if moment is None or moment.tzinfo is not None:
                return moment
            return moment.replace(tzinfo=dt.UTC)

        def finite(value: float | None) -> float | None:
            return value if value is not None and math.isfinite(value) else None

        return cls(
            id=job.id,
            kind=job.kind,
            state=job.state.value,
            requested_by=job.requested_by,
            stage=job.stage,
            progress=job.progress,
            bound=finite(job.bound),
            gap=finite(job.gap),
            plan_id=job.plan_id,
            scenario_run_id=job.scenario_run_id,
            result=job.result,
            stale=job.stale,
            error=job.error,
            attempts=job.attempts,
            cancel_requested=job.cancel_requested,
            created_at=utc(job.created_at) or job.created_at,
            started_at=utc(job.started_at),
            finished_at=utc(job.finished_at),
        )
