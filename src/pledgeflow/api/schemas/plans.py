"""Plans: the request that runs the planner, and the plan documents it returns."""

from __future__ import annotations

import datetime as dt
import math

from pydantic import BaseModel, Field

from pledgeflow.api.schemas.fields import Input, Integer
from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.plans import Allocation, Plan, Shortfall
from pledgeflow.service.plan_figures import PlanFigures


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


class TierFillPublic(BaseModel):
    priority: int
    requirements: int
    fully_met: int
    fill_fraction: float = Field(description="mean of served / required, delivered included")
    fill: str = Field(description="the same figure as every surface writes it, e.g. '48.5 %'")


class ReasonTotalPublic(BaseModel):
    reason: str
    shortfalls: int


class HubValuePublic(BaseModel):
    hub: str
    utilisation: str
    capacity_value: float = Field(description="dual value of +1 t/day, in `criterion` units")
    criterion: str
    value_of_one_more_t_per_day: str


class PlanSummaryPublic(BaseModel):
    """The figures of `service.plan_figures`, which the UI, the CLI and report.html also
    show: one figure, one value."""

    id: int
    verdict: str
    method: str
    allocation_lines: int
    shortfall_count: int
    tiers: list[TierFillPublic]
    shortfalls: list[ReasonTotalPublic]
    hubs: list[HubValuePublic]
    late_requirements: int
    late_by_unit: dict[str, str]
    weighted_lateness_days: float
    lateness: str

    @classmethod
    def of(cls, plan_id: int, figures: PlanFigures) -> PlanSummaryPublic:
        summary, late = figures.summary, figures.summary.lateness
        return cls(
            id=plan_id,
            verdict=figures.verdict,
            method=figures.method,
            allocation_lines=len(figures.plan.allocations),
            shortfall_count=len(figures.plan.shortfalls),
            tiers=[
                TierFillPublic(
                    priority=t.priority,
                    requirements=t.requirements,
                    fully_met=t.fully_met,
                    fill_fraction=t.fill_fraction,
                    fill=nf.percent(t.fill_fraction),
                )
                for t in summary.tiers
            ],
            shortfalls=[
                ReasonTotalPublic(reason=r.reason, shortfalls=r.shortfalls)
                for r in summary.shortfalls
            ],
            hubs=[
                HubValuePublic(
                    hub=h.hub,
                    utilisation=nf.percent(h.utilisation),
                    capacity_value=h.capacity_value,
                    criterion=h.criterion,
                    value_of_one_more_t_per_day=nf.capacity_value(h.capacity_value, h.criterion),
                )
                for h in summary.hubs
            ],
            late_requirements=late.late_requirements,
            late_by_unit={unit: nf.quantity(q) for unit, q in late.by_unit.items()},
            weighted_lateness_days=late.weighted_days,
            lateness=figures.lateness,
        )
