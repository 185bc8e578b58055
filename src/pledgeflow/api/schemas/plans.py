"""Plans: the request that runs the planner, and the plan documents it returns."""

from __future__ import annotations

import datetime as dt
import math

from pydantic import BaseModel, Field

from pledgeflow.api.schemas.fields import Input, Integer
from pledgeflow.domain.plans import Allocation, Plan, Shortfall


class PlanCreate(Input):
    as_of: dt.date = Field(description="plan date; between 2000-01-01 and 2999-12-31")
    horizon_days: Integer = Field(default=180, ge=1, le=730)


class AllocationPublic(BaseModel):
    pledge: str
    requirement: str
    hub: str
    quantity: float
    dispatch_date: dt.date
    hub_in_date: dt.date
    hub_out_date: dt.date
    arrival_date: dt.date
    days_late: int
    substituted: bool

    @classmethod
    def of(cls, a: Allocation) -> AllocationPublic:
        return cls.model_validate(a, from_attributes=True)


class ShortfallPublic(BaseModel):
    requirement: str
    quantity: float
    reason: str
    detail: str

    @classmethod
    def of(cls, s: Shortfall) -> ShortfallPublic:
        return cls(requirement=s.requirement, quantity=s.quantity, reason=s.reason, detail=s.detail)


class PlanPublic(BaseModel):
    id: int
    status: str
    as_of: dt.date
    horizon_end: dt.date
    proven_optimal: bool
    gap: float | None = Field(description="relative optimality gap; null when unknown")
    allocations: list[AllocationPublic]
    shortfalls: list[ShortfallPublic]

    @classmethod
    def of(cls, plan_id: int, plan: Plan) -> PlanPublic:
        quality = plan.quality
        gap = quality.gap if quality is not None and math.isfinite(quality.gap) else None
        return cls(
            id=plan_id,
            status=plan.status.value,
            as_of=plan.as_of,
            horizon_end=plan.horizon_end,
            proven_optimal=quality is not None and quality.proven_optimal,
            gap=gap,
            allocations=[AllocationPublic.of(a) for a in plan.allocations],
            shortfalls=[ShortfallPublic.of(s) for s in plan.shortfalls],
        )


class PlanHead(BaseModel):
    id: int
    status: str
    as_of: dt.date
    horizon_end: dt.date
