"""A plan's figures for one viewer: the single source of every number a surface shows.

The UI's plan page and dashboard, the API's plan summary, `pledgeflow plan` / `plan show` and
report.html all take their fill per tier, lateness, shortfall totals, hub values and verdict
from `figures_of`, so no two surfaces can disagree about the same plan (issue 14, point 2).

What the viewer may see narrows the figures the same way everywhere: requirements through the
row filter; plan lines and shipments only where the viewer also sees the pledge (roles that see
every pledge also count the re-plan's hub stock, whose virtual pledges no table holds).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plan_summaries import PlanSummary, already_served, summarise_plan
from pledgeflow.domain.plans import Allocation, Plan, PlanQuality
from pledgeflow.domain.shipments import Shipment
from pledgeflow.domain.sites import SiteKind
from pledgeflow.service.access import Principal, plan_line_in_scope, shipment_in_scope
from pledgeflow.service.hub_throughput import capacity_on
from pledgeflow.service.records import visible_dataset
from pledgeflow.service.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PlanFigures:
    plan: Plan
    """The viewer's part of the plan: lines and shortfalls it may see."""
    summary: PlanSummary
    verdict: str
    """The plan's quality in planners' words."""
    method: str
    """The solver's details, for whoever opens the "method" disclosure."""
    units: dict[str, tuple[str, bool]]
    """Per visible requirement and pledge id: its item's unit and whether it is divisible."""
    destinations: dict[str, str]
    """Per visible requirement: where it is delivered."""
    hub_days: list[PlannedHubDay]
    """Per hub and day of the viewer's lines: planned departures against capacity."""
    closed_hubs: tuple[str, ...] = ()
    """Hubs whose capacity is 0 on every day the plan could use them."""

    @property
    def notices(self) -> list[str]:
        """What the plan took as given and a planner should know: a hub recorded with
        capacity 0 is closed on purpose or by mistake, and the plan routes nothing through it."""
        return [
            f"Hub {hub} has a capacity of 0 t/day for the whole plan: it is taken as closed "
            "and nothing is routed through it (check its capacity if that is not intended)."
            for hub in self.closed_hubs
        ]

    @property
    def lateness(self) -> str:
        """Late arrivals per unit of measure (litres and rounds never added) and as weighted
        days, §5 criterion 2."""
        late = self.summary.lateness
        if not late.late_requirements:
            return "Nothing arrives late."
        units = ", ".join(
            nf.quantity_with_unit(q, unit, divisible=unit not in late.whole_units)
            for unit, q in late.by_unit.items()
        )
        return (
            f"Arriving late: {units} for {nf.count(late.late_requirements)} requirements; "
            f"weighted lateness {nf.days(late.weighted_days)} (days late per required unit, "
            "weighted 16 to 1 by priority)."
        )

    def line_quantity(self, line: Allocation) -> str:
        """An allocation's quantity in its pledge's unit (a re-plan's hub stock, a virtual
        pledge no table holds, in its requirement's)."""
        record = line.pledge if line.pledge in self.units else line.requirement
        return self.quantity(record, line.quantity)

    def quantity(self, record: str, value: float) -> str:
        """A plan quantity of `record` (a requirement or a pledge), written with its unit."""
        unit, divisible = self.units.get(record, ("", True))
        return nf.quantity_with_unit(value, unit, divisible=divisible)


@dataclass(frozen=True)
class PlannedHubDay:
    hub: str
    day: dt.date
    departing_t: float
    capacity_t: float

    @property
    def utilisation(self) -> float | None:
        return self.departing_t / self.capacity_t if self.capacity_t else None

    @property
    def over_capacity(self) -> bool:
        return self.departing_t > self.capacity_t * (1 + 1e-9) + 1e-9


def planned_hub_days(plan: Plan, dataset: Dataset) -> list[PlannedHubDay]:
    """Per hub with lines in `plan`, every day from the plan date to its last planned
    departure: the tonnes planned to leave against that day's capacity (its calendar's)."""
    mass = {i.code: float(i.unit_mass_kg) / 1000 for i in dataset.items}
    item_of = {r.id: r.item for r in dataset.requirements} | {p.id: p.item for p in dataset.pledges}
    out: dict[str, dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    for a in plan.allocations:
        item = item_of.get(a.pledge, item_of.get(a.requirement, ""))
        out[a.hub][a.hub_out_date] += a.quantity * mass.get(item, 0.0)
    found = []
    for hub in sorted(out):
        last = max(out[hub])
        for offset in range((last - plan.as_of).days + 1):
            day = plan.as_of + dt.timedelta(days=offset)
            capacity = float(capacity_on(dataset, hub, day))
            found.append(PlannedHubDay(hub, day, out[hub].get(day, 0.0), capacity))
    return found


def verdict(quality: PlanQuality | None) -> str:
    if quality is None:
        return "quality not recorded"
    if quality.proven_optimal:
        return "proven optimal"
    if not math.isfinite(quality.gap):
        return "stopped before a bound on the best possible plan was known"
    return f"within {nf.gap_percent(quality.gap)} of the best possible plan"


def method(quality: PlanQuality | None) -> str:
    if quality is None:
        return "no solver record"
    gap = "not known" if not math.isfinite(quality.gap) else f"{quality.gap:.3g}"
    return (
        f"{quality.method}; relative gap to the bound {gap}; "
        f"solved in {quality.solve_seconds:,.2f} s"
    )


def _units(dataset: Dataset) -> dict[str, tuple[str, bool]]:
    items = {i.code: (i.unit, i.divisible) for i in dataset.items}
    found = {r.id: items.get(r.item, ("", True)) for r in dataset.requirements}
    found.update({p.id: items.get(p.item, ("", True)) for p in dataset.pledges})
    return found


def viewers_part(plan: Plan, dataset: Dataset, principal: Principal) -> Plan:
    """The lines and shortfalls of `plan` that `principal` may see (`dataset` is what it
    sees), by the central policy's `plan_line_in_scope`."""
    needs = {r.id for r in dataset.requirements}
    donor_of = {p.id: p.donor for p in dataset.pledges}
    lines = tuple(
        a
        for a in plan.allocations
        if plan_line_in_scope(principal, a.hub, donor_of.get(a.pledge), a.requirement in needs)
    )
    gaps = tuple(s for s in plan.shortfalls if s.requirement in needs)
    return replace(plan, allocations=lines, shortfalls=gaps)


def closed_hubs(plan: Plan, dataset: Dataset) -> tuple[str, ...]:
    """Hubs with no capacity on any day from the plan date to its horizon end."""
    days = [
        plan.as_of + dt.timedelta(days=n) for n in range((plan.horizon_end - plan.as_of).days + 1)
    ]
    hubs = [s.code for s in dataset.sites if s.kind is SiteKind.HUB]
    return tuple(h for h in hubs if all(capacity_on(dataset, h, day) == 0 for day in days))


def figures_of(
    plan: Plan, dataset: Dataset, shipments: Sequence[Shipment], principal: Principal
) -> PlanFigures:
    """`dataset` is what `principal` sees; `shipments` may be all of them (filtered here)."""
    part = viewers_part(plan, dataset, principal)
    needs = {r.id for r in dataset.requirements}
    pledges = {p.id for p in dataset.pledges}

    def counted(s: Shipment) -> bool:
        """Goods moved before the plan, never those carrying its own lines (which its lines
        already count), and only those the viewer may see."""
        if plan.id is not None and s.allocation.plan_id == plan.id:
            return False
        return shipment_in_scope(principal, s.hub, s.pledge in pledges, s.requirement in needs)

    served = already_served(shipments, plan.as_of, counted)
    summary = summarise_plan(part, dataset, served)
    return PlanFigures(
        part,
        summary,
        verdict(plan.quality),
        method(plan.quality),
        _units(dataset),
        {r.id: r.destination for r in dataset.requirements},
        planned_hub_days(part, dataset),
        closed_hubs(plan, dataset),
    )


def plan_figures(uow: UnitOfWork, principal: Principal, plan: Plan) -> PlanFigures:
    """The figures of a stored (or just made) plan for `principal`, read in one go."""
    dataset = visible_dataset(uow, principal)
    with uow:
        shipments = uow.shipments.all()
    return figures_of(plan, dataset, shipments, principal)
