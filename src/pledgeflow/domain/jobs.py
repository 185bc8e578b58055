"""Jobs: queued plan runs and how far each got.

A job moves queued → running → done | failed | cancelled; a running job whose worker died
goes back to queued (a retry) until it has used its attempts, then fails. Nothing here knows
how a job is queued or run: the record is the same on every backend.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.CANCELLED)


STALE_NOTE = "stale: inputs changed after it was read"
"""What a plan says when the records it was planned from changed before it was stored."""


@dataclass(frozen=True, slots=True)
class Job:
    id: int
    kind: str
    state: JobState
    requested_by: str
    params: dict[str, Any]
    created_at: dt.datetime
    stage: str = ""
    progress: float = 0.0
    bound: float | None = None
    gap: float | None = None
    plan_id: int | None = None
    scenario_run_id: int | None = None
    result: dict[str, Any] | None = None
    stale: bool = False
    error: str | None = None
    attempts: int = 0
    cancel_requested: bool = False
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
