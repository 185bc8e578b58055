"""What a scenario changes: fill per tier, the requirements that lose fill or receive later,
and the hubs that newly bind, from a baseline case and a scenario case planned alike.

Fill counts what the plan allocates plus what was already delivered or under way (`served`),
against each requirement's full quantity (as `plan_summaries` does). "From which date" is the
first day on which the scenario's cumulative arrivals for a requirement fall below the
baseline's; "units later" pairs the two plans' arrivals in date order and counts the units
whose arrival moved later. Weighted loss is Σ over tiers of 16/8/4/2/1 × (Σ fill fractions
before − after), DESIGN §5's tier weights.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan, Shortfall
from pledgeflow.domain.requirements import PRIORITIES, Requirement

TIER_WEIGHTS = {1: 16, 2: 8, 3: 4, 4: 2, 5: 1}
TOLERANCE = 1e-6
UNITS = 3
"""Quantities are stored with 3 decimals; what the solver leaves below that is noise."""
Arrivals = list[tuple[dt.date, float]]


@dataclass(frozen=True)
class Case:
    """One planned variant: the (overlaid) records, the planner's inputs, the plan, and per
    requirement what was already delivered or under way."""

    label: str
    dataset: Dataset
    planned: Dataset
    plan: Plan
    served: Mapping[str, float]

    def filled(self) -> dict[str, float]:
        units: dict[str, float] = defaultdict(float, self.served)
        for line in self.plan.allocations:
            units[line.requirement] += line.quantity
        return units

    def fractions(self) -> dict[str, float]:
        units = self.filled()
        return {r.id: min(1.0, units[r.id] / float(r.quantity)) for r in self.dataset.requirements}

    def arrivals(self) -> dict[str, Arrivals]:
        found: dict[str, Arrivals] = defaultdict(list)
        for requirement, units in self.served.items():
            if units > TOLERANCE:
                found[requirement].append((self.plan.as_of, units))
        for line in self.plan.allocations:
            found[line.requirement].append((line.arrival_date, line.quantity))
        return {key: sorted(value) for key, value in found.items()}

    def binding_hubs(self) -> set[str]:
        return {h.hub for h in self.plan.hub_values if h.criterion}


@dataclass(frozen=True)
class TierChange:
    priority: int
    requirements: int
    fill_before: float
    fill_after: float
    lost: float
    """Σ fill fractions before − after: requirement-equivalents of fill lost (< 0: gained)."""


@dataclass(frozen=True)
class RequirementChange:
    requirement: str
    priority: int
    item: str
    quantity: float
    fill_before: float | None
    fill_after: float
    units_lost: float
    from_date: dt.date | None
    reason_after: str
    units_later: float
    days_later: int
    detail: str


@dataclass(frozen=True)
class ScenarioDiff:
    tiers: list[TierChange]
    requirements: list[RequirementChange]
    hubs_newly_binding: list[str]
    units_later: float

    @property
    def weighted_loss(self) -> float:
        return sum(TIER_WEIGHTS[t.priority] * t.lost for t in self.tiers)

    def lost(self, priority: int) -> float:
        return next((t.lost for t in self.tiers if t.priority == priority), 0.0)


def _tiers(before: Case, after: Case) -> list[TierChange]:
    fractions = before.fractions(), after.fractions()
    sums: dict[int, list[float]] = {p: [0.0, 0.0] for p in PRIORITIES}
    counts: dict[int, list[int]] = {p: [0, 0] for p in PRIORITIES}
    for side, case in enumerate((before, after)):
        for r in case.dataset.requirements:
            sums[r.priority][side] += fractions[side][r.id]
            counts[r.priority][side] += 1
    return [
        TierChange(
            p,
            counts[p][1],
            sums[p][0] / counts[p][0] if counts[p][0] else 1.0,
            sums[p][1] / counts[p][1] if counts[p][1] else 1.0,
            round(sums[p][0] - sums[p][1], 9) + 0.0,  # + 0.0: no "-0" from solver noise
        )
        for p in PRIORITIES
        if counts[p][0] or counts[p][1]
    ]


def _first_lag(before: Arrivals, after: Arrivals) -> dt.date | None:
    """The first day the scenario's cumulative arrivals fall below the baseline's."""
    days = sorted({d for d, _ in before} | {d for d, _ in after})
    cum_b = cum_a = 0.0
    for day in days:
        cum_b += sum(q for d, q in before if d == day)
        cum_a += sum(q for d, q in after if d == day)
        if cum_a < cum_b - 0.5 * 10**-UNITS:
            return day
    return None


def _later(before: Arrivals, after: Arrivals) -> tuple[float, int]:
    """Units whose arrival moved later when both plans' arrivals are paired in date order,
    and the largest such move in days."""
    left_b = [q for _, q in before]
    left_a = [q for _, q in after]
    i = j = 0
    units, days = 0.0, 0
    while i < len(before) and j < len(after):
        taken = min(left_b[i], left_a[j])
        moved = (after[j][0] - before[i][0]).days
        if moved > 0 and taken > TOLERANCE:
            units += taken
            days = max(days, moved)
        left_b[i] -= taken
        left_a[j] -= taken
        i += left_b[i] <= TOLERANCE
        j += left_a[j] <= TOLERANCE
    return units, days


def _main_shortfall(plan: Plan) -> dict[str, Shortfall]:
    largest: dict[str, Shortfall] = {}
    for s in plan.shortfalls:
        if s.requirement not in largest or s.quantity > largest[s.requirement].quantity:
            largest[s.requirement] = s
    return largest


@dataclass(frozen=True)
class _Facts:
    fraction_b: dict[str, float]
    fraction_a: dict[str, float]
    filled_b: dict[str, float]
    filled_a: dict[str, float]
    arrivals_b: dict[str, Arrivals]
    arrivals_a: dict[str, Arrivals]
    shortfalls: dict[str, Shortfall]


def _change(r: Requirement, facts: _Facts) -> RequirementChange | None:
    fraction_b, fraction_a = facts.fraction_b, facts.fraction_a
    arrivals_b = facts.arrivals_b.get(r.id, [])
    arrivals_a = facts.arrivals_a.get(r.id, [])
    filled_b, filled_a = facts.filled_b, facts.filled_a
    lost = round(filled_b.get(r.id, 0.0) - filled_a.get(r.id, 0.0), UNITS)
    later, days = _later(arrivals_b, arrivals_a)
    later = round(later, UNITS)
    if lost <= 0 and later <= 0 and r.id in fraction_b:
        return None
    shortfall = facts.shortfalls.get(r.id)
    reason = shortfall.reason.value if shortfall else ""
    parts = []
    if lost > 0:
        parts.append(f"{lost:g} units fewer")
    if later > 0:
        parts.append(f"{later:g} units later, by up to {days} days")
    if r.id not in fraction_b:
        parts.append("added by the scenario")
    if shortfall:
        parts.append(f"{reason}: {shortfall.detail}" if shortfall.detail else reason)
    return RequirementChange(
        r.id,
        r.priority,
        r.item,
        float(r.quantity),
        fraction_b.get(r.id),
        fraction_a[r.id],
        max(lost, 0.0),
        _first_lag(arrivals_b, arrivals_a),
        reason,
        later,
        days,
        "; ".join(parts),
    )


def compare(before: Case, after: Case) -> ScenarioDiff:
    """The difference a scenario makes; requirements listed are those that lose fill, arrive
    later, or are new, most urgent and largest loss first."""
    facts = _Facts(
        before.fractions(),
        after.fractions(),
        before.filled(),
        after.filled(),
        before.arrivals(),
        after.arrivals(),
        _main_shortfall(after.plan),
    )
    changes = [
        change for r in after.dataset.requirements if (change := _change(r, facts)) is not None
    ]
    changes.sort(key=lambda c: (c.priority, -c.units_lost, -c.units_later, c.requirement))
    return ScenarioDiff(
        tiers=_tiers(before, after),
        requirements=changes,
        hubs_newly_binding=sorted(after.binding_hubs() - before.binding_hubs()),
        units_later=sum(c.units_later for c in changes),
    )
