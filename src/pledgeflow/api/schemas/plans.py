"""Plans: the request that runs the planner, and the plan documents it returns."""

from __future__ import annotations

import datetime as dt
import math

from pydantic import BaseModel, Field

from pledgeflow.api.schemas.fields import Input, Integer
from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.plans import Allocation, Plan, Shortfall
from pledgeflow.service.deliveries import plan_quantity
from pledgeflow.service.plan_figures import PlanFigures, PlannedHubDay


class PlanCreate(Input):
    as_of: dt.date = Field(description="plan date; between 2000-01-01 and 2999-12-31")
    horizon_days: Integer = Field(default=180, ge=1, le=730)


def _quantity_text(value: float) -> str:
    """A plan quantity as every quantity of the API is written: a decimal string with at most
    the 3 places storage keeps (JSON numbers are binary floats), no trailing zeros."""
    exact = plan_quantity(value)
    return f"{exact.normalize():f}" if exact else "0"


class AllocationPublic(BaseModel):
    pledge: str
    requirement: str
    hub: str
    quantity: str = Field(description="a decimal string, 3 places at most")
    dispatch_date: dt.date
    hub_in_date: dt.date
    hub_out_date: dt.date
    arrival_date: dt.date
    days_late: int
    substituted: bool

    @classmethod
    def of(cls, a: Allocation) -> AllocationPublic:
        return cls(
            pledge=a.pledge,
            requirement=a.requirement,
            hub=a.hub,
            quantity=_quantity_text(a.quantity),
            dispatch_date=a.dispatch_date,
            hub_in_date=a.hub_in_date,
            hub_out_date=a.hub_out_date,
            arrival_date=a.arrival_date,
            days_late=a.days_late,
            substituted=a.substituted,
        )


class ShortfallPublic(BaseModel):
    requirement: str
    quantity: str = Field(description="a decimal string, 3 places at most")
    reason: str
    detail: str

    @classmethod
    def of(cls, s: Shortfall) -> ShortfallPublic:
        return cls(
            requirement=s.requirement,
            quantity=_quantity_text(s.quantity),
            reason=s.reason,
            detail=s.detail,
        )


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
    notices: list[str] = Field(
        default_factory=list, description="what the plan took as given, e.g. a closed hub"
    )

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
            late_by_unit={
                unit: nf.quantity(q, divisible=unit not in late.whole_units)
                for unit, q in late.by_unit.items()
            },
            weighted_lateness_days=late.weighted_days,
            lateness=figures.lateness,
            notices=figures.notices,
        )


class PlannedHubDayPublic(BaseModel):
    hub: str
    day: dt.date
    departing_t: str = Field(description="tonnes planned to leave the hub that day")
    capacity_t: str = Field(description="the hub's capacity that day, tonnes")
    utilisation: str = Field(description="departing over capacity; '' on a closed day")
    over_capacity: bool

    @classmethod
    def of(cls, d: PlannedHubDay) -> PlannedHubDayPublic:
        share = d.utilisation
        return cls(
            hub=d.hub,
            day=d.day,
            departing_t=f"{d.departing_t:.3f}",
            capacity_t=f"{d.capacity_t:.3f}",
            utilisation="" if share is None else nf.percent(share),
            over_capacity=d.over_capacity,
        )


class PlannedHubDaysPublic(BaseModel):
    plan: int
    days: list[PlannedHubDayPublic]
