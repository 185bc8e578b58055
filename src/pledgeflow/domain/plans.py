"""Plans: the versioned allocation documents the planner produces and coordinators approve."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from pledgeflow.domain.errors import IllegalTransition


class PlanStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    SUPERSEDED = "superseded"


class ShortfallReason(StrEnum):
    """Why part of a requirement goes unmet; each shortfall carries exactly one (DESIGN §5)."""

    NO_SUPPLY = "no_supply"
    NO_ROUTE = "no_route"
    AFTER_HORIZON = "after_horizon"
    HUB_CAPACITY = "hub_capacity"
    TAKEN_BY_HIGHER_PRIORITY = "taken_by_higher_priority"
    # Training only: course sessions have no hubs, so their binding limits get their own words.
    NO_SEATS = "no_seats"
    PREREQUISITE_LATE = "prerequisite_late"


@dataclass(frozen=True, slots=True)
class Allocation:
    """Quantity of one pledge sent to one requirement through one hub, with its dates."""

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


@dataclass(frozen=True, slots=True)
class Shortfall:
    requirement: str
    quantity: float
    reason: ShortfallReason
    detail: str


@dataclass(frozen=True, slots=True)
class HubValue:
    """What one more tonne per day of a hub's capacity, over the whole horizon, would buy.

    `capacity_value` is measured in the units of `criterion`, the first objective criterion
    (DESIGN §5 order) that the hub's capacity limits: filled fraction for a priority tier,
    weighted lateness for "lateness", and so on; "" when capacity limits none of them;
    "not computed" when the planner stopped (time limit) before a stage that could tell, and
    then `capacity_value` means nothing (it is 0).
    """

    hub: str
    capacity_value: float
    utilisation: float
    criterion: str = ""


@dataclass(frozen=True, slots=True)
class PlanQuality:
    """Whether the plan is proven optimal, and if not how far from the best bound it may be."""

    proven_optimal: bool
    gap: float
    solve_seconds: float
    method: str


@dataclass(frozen=True, slots=True)
class Plan:
    as_of: dt.date
    horizon_end: dt.date
    allocations: tuple[Allocation, ...]
    shortfalls: tuple[Shortfall, ...]
    hub_values: tuple[HubValue, ...] = ()
    quality: PlanQuality | None = None
    status: PlanStatus = PlanStatus.DRAFT
    id: int | None = None
    created_at: dt.datetime | None = None
    notes: dict[str, float] = field(default_factory=dict)

    def approved(self) -> Plan:
        if self.status is not PlanStatus.DRAFT:
            raise IllegalTransition(
                f"plan {self.id}",
                "status",
                f"only a draft can be approved, this one is {self.status}",
            )
        return replace(self, status=PlanStatus.APPROVED)

    def superseded(self) -> Plan:
        if self.status is not PlanStatus.APPROVED:
            raise IllegalTransition(
                f"plan {self.id}",
                "status",
                f"only an approved plan can be superseded, this one is {self.status}",
            )
        return replace(self, status=PlanStatus.SUPERSEDED)
