"""An independent check of a plan against §5, from the raw records and never from the model.

It shares no code with the builder: lanes, capacities and calendars are re-read from the
`Dataset`, so a bug in the network construction cannot hide itself. Quantities are floats in a
plan; each is read as the decimal it prints as, and sums are exact decimals, compared with a
tolerance of 1e-6 relative to the bound (at least 1e-6 absolute) or with the one given: a plan
the planner writes holds at tolerance 0 (`resolution`). Indivisible items must be within 1e-9
of a whole unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from pledgeflow.domain.items import Item
from pledgeflow.domain.plans import Allocation, Plan
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Site
from pledgeflow.plan.problem import Problem

LATENESS_WEIGHTS = (16, 8, 4, 2, 1)
TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Violation:
    record: str
    rule: str

    def __str__(self) -> str:
        return f"{self.record}: {self.rule}"


@dataclass(frozen=True, slots=True)
class VerificationReport:
    violations: tuple[Violation, ...]
    objective: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.violations


def _exact(value: float) -> Decimal:
    """The decimal a float prints as: what a file or a partner's system reads."""
    return Decimal(repr(value))


def _slack(bound: Decimal, tolerance: Decimal) -> Decimal:
    return tolerance * max(Decimal(1), abs(bound))


@dataclass
class _Records:
    items: dict[str, Item]
    sites: dict[str, Site]
    lanes: dict[tuple[str, str], set[int]]
    pledges: dict[str, Pledge]
    requirements: dict[str, Requirement]

    @classmethod
    def of(cls, problem: Problem) -> _Records:
        data = problem.dataset
        lanes: dict[tuple[str, str], set[int]] = defaultdict(set)
        for lane in data.lanes:
            lanes[(lane.from_site, lane.to_site)].add(lane.days)
        return cls(
            items={item.code: item for item in data.items},
            sites={site.code: site for site in data.sites},
            lanes=lanes,
            pledges={p.id: p for p in data.pledges if p.is_plannable},
            requirements={r.id: r for r in data.requirements},
        )


def _route_rules(
    rec: _Records, plan: Plan, a: Allocation, pledge: Pledge, req: Requirement
) -> list[str]:
    """Dates and lanes of one line (§5 bullets 1-2 and the horizon)."""
    broken = []
    hub = rec.sites.get(a.hub)
    if hub is None or not hub.is_hub:
        return [f"hub {a.hub!r} is not a hub"]
    if a.dispatch_date < max(pledge.available_from, plan.as_of):
        broken.append("dispatched before the pledge is available or before as_of")
    if (a.hub_in_date - a.dispatch_date).days not in rec.lanes.get((pledge.origin, a.hub), set()):
        broken.append(
            f"no lane {pledge.origin} → {a.hub} of {(a.hub_in_date - a.dispatch_date).days} days"
        )
    if (a.hub_out_date - a.hub_in_date).days < hub.handling_days:
        broken.append(f"leaves the hub before its {hub.handling_days} handling days")
    if (a.arrival_date - a.hub_out_date).days not in rec.lanes.get((a.hub, req.destination), set()):
        broken.append(
            f"no lane {a.hub} → {req.destination} of {(a.arrival_date - a.hub_out_date).days} days"
        )
    if a.arrival_date > plan.horizon_end:
        broken.append("arrives after the horizon end")
    if a.days_late != max((a.arrival_date - req.needed_by).days, 0):
        broken.append("days_late does not match arrival and needed_by")
    return broken


def _line_rules(rec: _Records, plan: Plan, a: Allocation) -> list[str]:
    pledge, req = rec.pledges.get(a.pledge), rec.requirements.get(a.requirement)
    if pledge is None:
        return [f"pledge {a.pledge!r} is not plannable supply"]
    if req is None:
        return [f"requirement {a.requirement!r} does not exist"]
    broken = _route_rules(rec, plan, a, pledge, req)
    item, wanted = rec.items[pledge.item], rec.items[req.item]
    if a.quantity <= 0:
        broken.append("quantity must be positive")
    if not item.can_serve(wanted):
        broken.append(f"item {item.code!r} cannot serve {wanted.code!r}")
    if pledge.earmark is not None and pledge.earmark != req.id:
        broken.append(f"pledge is earmarked for {pledge.earmark!r}")
    if not item.divisible and abs(a.quantity - round(a.quantity)) > 1e-9:
        broken.append(f"item {item.code!r} is indivisible but {a.quantity} is not whole")
    if a.substituted != (item.code != wanted.code):
        broken.append("substituted flag does not match the items")
    return broken


def _capacity(problem: Problem, rec: _Records, hub: str, day: dt.date) -> Decimal:
    capacity = rec.sites[hub].capacity_t_per_day or Decimal(0)
    for entry in problem.dataset.hub_calendar:
        if entry.hub == hub and entry.covers(day):
            capacity = entry.capacity_t_per_day
    return capacity


def _total_rules(
    problem: Problem, rec: _Records, plan: Plan, tolerance: Decimal
) -> list[Violation]:
    """Per pledge, per requirement and per hub-day sums (§5 bullets 3-4)."""
    by_pledge: dict[str, Decimal] = defaultdict(Decimal)
    by_req: dict[str, Decimal] = defaultdict(Decimal)
    by_hub_day: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    for a in plan.allocations:
        if a.pledge in rec.pledges and a.requirement in rec.requirements:
            quantity = _exact(a.quantity)
            by_pledge[a.pledge] += quantity
            by_req[a.requirement] += quantity
            mass_t = rec.items[rec.pledges[a.pledge].item].unit_mass_kg / 1000
            by_hub_day[(a.hub, a.hub_out_date)] += quantity * mass_t
    found = []
    for pledge_id, total in by_pledge.items():
        bound = rec.pledges[pledge_id].quantity
        if total > bound + _slack(bound, tolerance):
            found.append(
                Violation(f"pledge {pledge_id!r}", f"allocated {total} > quantity {bound}")
            )
    for req_id, total in by_req.items():
        bound = rec.requirements[req_id].quantity
        if total > bound + _slack(bound, tolerance):
            found.append(
                Violation(f"requirement {req_id!r}", f"allocated {total} > quantity {bound}")
            )
    for (hub, day), mass in by_hub_day.items():
        if hub not in rec.sites:
            continue
        cap = _capacity(problem, rec, hub, day)
        if mass > cap + _slack(cap, tolerance):
            found.append(Violation(f"hub {hub!r} on {day}", f"{mass} t leave > capacity {cap} t"))
    return found


def _triple_totals(plan: Plan) -> dict[tuple[str, str, str], float]:
    totals: dict[tuple[str, str, str], float] = defaultdict(float)
    for a in plan.allocations:
        totals[(a.pledge, a.requirement, a.hub)] += a.quantity
    return totals


def _units_moved(rec: _Records, plan: Plan, reference: Plan) -> float:
    """Σ over the reference's (pledge, requirement, hub) triples of what the plan no longer
    sends there, the referenced units capped at what the pledge and requirement still have."""
    now = _triple_totals(plan)
    moved = 0.0
    for (pledge_id, req_id, hub), units in _triple_totals(reference).items():
        pledge, req = rec.pledges.get(pledge_id), rec.requirements.get(req_id)
        if pledge is None or req is None:
            continue
        kept = min(units, float(pledge.quantity), float(req.quantity))
        moved += max(0.0, kept - now.get((pledge_id, req_id, hub), 0.0))
    return moved


def objective(problem: Problem, plan: Plan, reference: Plan | None = None) -> dict[str, float]:
    """§5's criteria recomputed from the plan's lines: fill sums per tier (higher is better) and
    weighted lateness, substitution cost and transit unit-days (lower is better); with a
    reference plan, "stability" (units moved away from it, lower is better) after the tiers."""
    rec = _Records.of(problem)
    values = {f"priority_{p}": 0.0 for p in range(1, 6)}
    if reference is not None:
        values["stability"] = _units_moved(rec, plan, reference)
    values |= {"lateness": 0.0, "substitution": 0.0, "transit": 0.0}
    for a in plan.allocations:
        pledge, req = rec.pledges.get(a.pledge), rec.requirements.get(a.requirement)
        if pledge is None or req is None:
            continue
        share = a.quantity / float(req.quantity)
        values[f"priority_{req.priority}"] += share
        values["lateness"] += LATENESS_WEIGHTS[req.priority - 1] * a.days_late * share
        if a.substituted:
            values["substitution"] += a.quantity * float(rec.items[pledge.item].penalty)
        values["transit"] += (
            a.quantity * (a.arrival_date - a.hub_out_date + a.hub_in_date - a.dispatch_date).days
        )
    return values


def _shortfall_rules(rec: _Records, plan: Plan, tolerance: Decimal) -> list[Violation]:
    served: dict[str, Decimal] = defaultdict(Decimal)
    for a in plan.allocations:
        served[a.requirement] += _exact(a.quantity)
    reported = {s.requirement: _exact(s.quantity) for s in plan.shortfalls}
    found = []
    for req in rec.requirements.values():
        unmet = req.quantity - served[req.id]
        listed = reported.get(req.id, Decimal(0))
        if abs(unmet - listed) > _slack(req.quantity, tolerance):
            found.append(
                Violation(f"requirement {req.id!r}", f"shortfall {listed} but unmet {unmet}")
            )
    return found


def _deadline_rules(problem: Problem, plan: Plan) -> list[Violation]:
    """No line arrives after its requirement's hard latest arrival, when it has one."""
    if problem.req_latest is None:
        return []
    latest = dict(zip(problem.req_ids, problem.req_latest.tolist(), strict=True))
    found = []
    for a in plan.allocations:
        if a.requirement in latest and a.arrival_date.toordinal() > latest[a.requirement]:
            last = dt.date.fromordinal(latest[a.requirement])
            record = f"allocation {a.pledge} → {a.requirement}"
            found.append(Violation(record, f"arrives {a.arrival_date}, after {last}"))
    return found


def _precedence_rules(problem: Problem, plan: Plan, tolerance: Decimal) -> list[Violation]:
    """On each day the later requirement's units leave (in the plan or by a credit), no more of
    them have left than units of the earlier one have arrived, credits included."""
    credits = problem.precedence_credits or tuple(() for _ in problem.precedence)
    found = []
    for (before, after), pair_credits in zip(problem.precedence, credits, strict=True):
        earlier = problem.req_ids[before] if before >= 0 else None
        later = problem.req_ids[after]
        events = [(dt.date.fromordinal(d), _exact(u)) for d, u in pair_credits]
        events += [
            (a.arrival_date, _exact(a.quantity))
            for a in plan.allocations
            if a.requirement == earlier
        ]
        events += [
            (a.dispatch_date, -_exact(a.quantity))
            for a in plan.allocations
            if a.requirement == later
        ]
        days = {d for d, u in events if u < 0 and d >= plan.as_of}
        for day in sorted(days):
            balance = sum((u for d, u in events if d <= day), Decimal(0))
            left = sum((-u for d, u in events if d <= day and u < 0), Decimal(0))
            if balance < -_slack(left, tolerance):
                rule = f"by {day}, {float(-balance):g} more dispatched than of {earlier!r} arrived"
                found.append(Violation(f"requirement {later!r}", rule))
    return found


def verify(
    problem: Problem,
    plan: Plan,
    reference: Plan | None = None,
    *,
    tolerance: float = TOLERANCE,
) -> VerificationReport:
    """Every feasibility rule of §5 re-checked; `.ok` only if none is broken. The objective
    includes "stability" when the plan was made against a `reference` plan. Sums may exceed
    their limits by `tolerance` relative to the limit (0: as written)."""
    slack = _exact(tolerance)
    rec = _Records.of(problem)
    violations = []
    for a in plan.allocations:
        record = f"allocation {a.pledge} → {a.requirement} via {a.hub} leaving {a.hub_out_date}"
        violations += [Violation(record, rule) for rule in _line_rules(rec, plan, a)]
    violations += _total_rules(problem, rec, plan, slack)
    violations += _shortfall_rules(rec, plan, slack)
    violations += _deadline_rules(problem, plan) + _precedence_rules(problem, plan, slack)
    return VerificationReport(tuple(violations), objective(problem, plan, reference))
