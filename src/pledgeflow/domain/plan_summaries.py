"""What a coordinator reads first about a plan: fill per tier, lateness, shortfalls, hubs."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import HubValue, Plan


@dataclass(frozen=True)
class TierFill:
    priority: int
    requirements: int
    fully_met: int
    fill_fraction: float
    """Mean over the tier's requirements of allocated / required (DESIGN §5 criterion 1)."""


@dataclass(frozen=True)
class ReasonTotal:
    reason: str
    shortfalls: int
    quantity: float


@dataclass(frozen=True)
class PlanSummary:
    tiers: list[TierFill]
    allocated_lines: int
    units_late: float
    unit_days_late: float
    shortfalls: list[ReasonTotal]
    hubs: list[HubValue]


def summarise_plan(
    plan: Plan, dataset: Dataset, already: Mapping[str, float] | None = None
) -> PlanSummary:
    """Fill counts what the plan allocates plus, for a re-plan, what `already` covers
    (delivered or under way), against each requirement's full quantity."""
    served: dict[str, float] = defaultdict(float, already or {})
    units_late = unit_days_late = 0.0
    for line in plan.allocations:
        served[line.requirement] += line.quantity
        if line.days_late > 0:
            units_late += line.quantity
            unit_days_late += line.quantity * line.days_late
    tiers: dict[int, list[float]] = defaultdict(list)
    for requirement in dataset.requirements:
        fraction = min(1.0, served[requirement.id] / float(requirement.quantity))
        tiers[requirement.priority].append(fraction)
    counts: Counter[str] = Counter()
    quantities: dict[str, float] = defaultdict(float)
    for shortfall in plan.shortfalls:
        counts[shortfall.reason.value] += 1
        quantities[shortfall.reason.value] += shortfall.quantity
    return PlanSummary(
        tiers=[
            TierFill(
                priority,
                len(fractions),
                sum(f >= 1 - 1e-9 for f in fractions),
                sum(fractions) / len(fractions),
            )
            for priority, fractions in sorted(tiers.items())
        ],
        allocated_lines=len(plan.allocations),
        units_late=units_late,
        unit_days_late=unit_days_late,
        shortfalls=[
            ReasonTotal(reason, counts[reason], quantities[reason]) for reason in sorted(counts)
        ],
        hubs=sorted(plan.hub_values, key=lambda h: h.hub),
    )
