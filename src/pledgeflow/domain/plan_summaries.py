"""What a coordinator reads first about a plan: fill per tier, lateness, shortfalls, hubs.

A re-plan starts from where things stand: what was delivered or is under way is no longer the
planner's to allocate, but it serves its requirement all the same. Fill is therefore read
against each requirement's full quantity, counting both the plan's lines and `already`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import HubValue, Plan
from pledgeflow.domain.shipments import Shipment, Stage

_DUST = 1e-3
"""Below storage's 3 places a plan quantity is the solver's rounding noise, not a late unit."""
LATENESS_WEIGHTS = {1: 16, 2: 8, 3: 4, 4: 2, 5: 1}
"""DESIGN §5 criterion 2: a day late weighs 16, 8, 4, 2, 1 for priorities 1–5."""


@dataclass(frozen=True)
class TierFill:
    priority: int
    requirements: int
    fully_met: int
    fill_fraction: float
    """Mean over the tier's requirements of served / required (DESIGN §5 criterion 1)."""


@dataclass(frozen=True)
class ReasonTotal:
    reason: str
    shortfalls: int
    quantity: float


@dataclass(frozen=True)
class Lateness:
    """Late arrivals, never added across units: per unit of measure, and as weighted days.

    `weighted_days` is §5 criterion 2: Σ over requirements of priority weight × unit-days late
    / required quantity, i.e. how many days late each requirement is on average per unit it
    needs, weighted by priority. Litres and rounds do not add; days do."""

    late_requirements: int
    by_unit: dict[str, float]
    weighted_days: float
    whole_units: frozenset[str] = frozenset()
    """Units whose late items are all indivisible: their totals are whole."""


@dataclass(frozen=True)
class PlanSummary:
    tiers: list[TierFill]
    allocated_lines: int
    lateness: Lateness
    shortfalls: list[ReasonTotal]
    hubs: list[HubValue]


def already_served(
    shipments: Iterable[Shipment], as_of: dt.date, counted: Callable[[Shipment], bool]
) -> dict[str, float]:
    """Per requirement, what was delivered or is on a lane towards it on `as_of`: the part
    the re-planning inputs take off its need (domain/replanning.py). Goods waiting in a hub are
    re-routable stock, so a re-plan allocates them again and they count through its lines."""
    served: dict[str, Decimal] = defaultdict(Decimal)
    for shipment in shipments:
        if counted(shipment):
            tally = shipment.tally(as_of)
            held = tally.held(Stage.TO_HUB) + tally.held(Stage.TO_DESTINATION)
            served[shipment.requirement] += tally.delivered + held
    return {requirement: float(q) for requirement, q in served.items()}


def _lateness(plan: Plan, dataset: Dataset) -> Lateness:
    unit_of = {i.code: i.unit for i in dataset.items}
    divisible = {i.unit for i in dataset.items if i.divisible}
    need = {r.id: r for r in dataset.requirements}
    by_unit: dict[str, float] = defaultdict(float)
    weighted = 0.0
    late: set[str] = set()
    for line in plan.allocations:
        requirement = need.get(line.requirement)
        if line.days_late <= 0 or requirement is None or line.quantity < _DUST:
            continue
        late.add(line.requirement)
        by_unit[unit_of.get(requirement.item, "units")] += line.quantity
        share = line.quantity * line.days_late / float(requirement.quantity)
        weighted += LATENESS_WEIGHTS.get(requirement.priority, 1) * share
    shown = {unit: q for unit, q in sorted(by_unit.items()) if q >= _DUST}
    return Lateness(len(late), shown, weighted, frozenset(shown) - divisible)


def summarise_plan(
    plan: Plan, dataset: Dataset, already: Mapping[str, float] | None = None
) -> PlanSummary:
    """Fill counts what the plan allocates plus, for a re-plan, what `already` covers
    (delivered or under way), against each requirement's full quantity."""
    served: dict[str, float] = defaultdict(float, already or {})
    for line in plan.allocations:
        served[line.requirement] += line.quantity
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
        lateness=_lateness(plan, dataset),
        shortfalls=[
            ReasonTotal(reason, counts[reason], quantities[reason]) for reason in sorted(counts)
        ],
        hubs=sorted(plan.hub_values, key=lambda h: h.hub),
    )
