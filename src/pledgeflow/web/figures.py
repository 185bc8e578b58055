"""The dashboard's four figures, computed over what the viewer may see.

Every figure is derived from the viewer's visible dataset (the API's row filter) and from
plan lines and shipments that touch only visible pledges and requirements, so a donor liaison's
dashboard adds nothing from another nation's restricted records. The plan shown is the
approved one, else the newest draft.

Computing the figures reads every visible record, which is too slow to repeat on each page view of a
large mission. Every committed write appends to the audit log, so the figures are cached under
the sequence number of the newest log entry that changed business records: a cached figure is
served only while no record has changed since it was drawn. Entries of session commands
(sign-in, sign-out, accounts) are skipped, or every login would throw the figures away.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import func, select

from pledgeflow.adapters import shipment_tables
from pledgeflow.adapters.reports.charts import Chart, Series, bar_drawing, line_drawing
from pledgeflow.adapters.tables import audit_log
from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Plan
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.domain.shipments import EventKind
from pledgeflow.service.access import Principal, shipment_in_scope
from pledgeflow.service.hub_throughput import capacity_on
from pledgeflow.service.plan_figures import PlanFigures, figures_of
from pledgeflow.service.records import visible_dataset
from pledgeflow.service.unit_of_work import UnitOfWork

_KG_PER_T = Decimal(1000)
_TOP_DONORS = 12
_CACHE_SIZE = 32
SESSION_COMMANDS = ("login", "logout", "issue_token", "add_user", "disable_user")


@dataclass(frozen=True)
class Figures:
    """The four charts by name (None when there is nothing to draw; each keeps its rows for
    its CSV download) and the plan they come from."""

    plan_id: int | None
    plan_status: str
    charts: dict[str, Chart | None]
    open_shortfalls: int
    counts: dict[str, int]

    def svg(self, name: str) -> str:
        """The chart's drawing, or an empty string when there is nothing to draw."""
        chart = self.charts[name]
        return "" if chart is None else chart.svg

    @property
    def fill_by_priority(self) -> str:
        return self.svg("fill_by_priority")

    @property
    def donors(self) -> str:
        return self.svg("donors")

    @property
    def hub_utilisation(self) -> str:
        return self.svg("hub_utilisation")

    @property
    def shortfalls(self) -> str:
        return self.svg("shortfalls")


@dataclass(frozen=True)
class _State:
    dataset: Dataset
    plan: Plan | None
    delivered: dict[str, Decimal]
    """Quantity delivered per visible pledge, by shipments the viewer may see."""
    figures: PlanFigures | None


_S, _E = shipment_tables.shipments, shipment_tables.shipment_events
_DELIVERED = (
    select(_S.c.pledge, _S.c.requirement, _S.c.hub, func.sum(_E.c.quantity))
    .join(_E, _E.c.shipment == _S.c.id)
    .where(_E.c.kind == EventKind.DELIVERED.value)
    .group_by(_S.c.pledge, _S.c.requirement, _S.c.hub)
)
"""Delivered quantity per (pledge, requirement, hub): a shipment's delivered total is the sum of
its `delivered` events (the aggregate admits none beyond what it holds), so the sum in SQL
equals folding every shipment's events, without loading them."""


def _read_state(uow: UnitOfWork, principal: Principal) -> _State:
    dataset = visible_dataset(uow, principal)
    with uow.reading():
        plan_id = uow.plans.approved_id()
        if plan_id is None:
            heads = uow.plans.heads()
            plan_id = heads[-1]["id"] if heads else None
        plan = None if plan_id is None else uow.plans.get(plan_id)
        arrived = uow.connection.execute(_DELIVERED).all()
        shipments = uow.shipments.all() if plan is not None else []
    pledges = {p.id for p in dataset.pledges}
    needs = {r.id for r in dataset.requirements}
    figures = None
    if plan is not None:
        figures = figures_of(replace(plan, id=plan_id), dataset, shipments, principal)
    delivered: dict[str, Decimal] = defaultdict(Decimal)
    for pledge, requirement, hub, quantity in arrived:
        if shipment_in_scope(principal, hub, pledge in pledges, requirement in needs):
            delivered[pledge] += quantity
    return _State(dataset, None if figures is None else figures.plan, delivered, figures)


def fill_chart(state: _State) -> Chart | None:
    """The plan's fill per tier from `plan_figures`, as the plan page, the API, the CLI and
    the report give it (delivered and under way included on a re-plan)."""
    if state.figures is None:
        return None
    tiers = state.figures.summary.tiers
    labels = [f"priority {t.priority} ({nf.count(t.requirements)})" for t in tiers]
    values = [nf.percent_value(t.fill_fraction) for t in tiers]
    return bar_drawing(
        "Fill by priority, % of required", labels, [Series("fill", values)], unit="%"
    )


def donor_chart(state: _State) -> Chart | None:
    """Pledged tonnes (withdrawn left out) against tonnes delivered, per donor."""
    mass = {i.code: i.unit_mass_kg / _KG_PER_T for i in state.dataset.items}
    item_of = {p.id: p.item for p in state.dataset.pledges}
    pledged: dict[str, Decimal] = defaultdict(Decimal)
    for p in state.dataset.pledges:
        if p.status is not PledgeStatus.WITHDRAWN:
            pledged[p.donor] += p.quantity * mass[p.item]
    delivered: dict[str, Decimal] = defaultdict(Decimal)
    donor_of = {p.id: p.donor for p in state.dataset.pledges}
    for pledge, quantity in state.delivered.items():
        delivered[donor_of[pledge]] += quantity * mass[item_of[pledge]]
    donors = sorted(pledged, key=lambda d: -pledged[d])[:_TOP_DONORS]
    if not donors:
        return None
    series = [
        Series("pledged t", [float(pledged[d]) for d in donors]),
        Series("delivered t", [float(delivered[d]) for d in donors]),
    ]
    return bar_drawing("Pledged vs delivered by donor, tonnes", donors, series, unit="t")


def utilisation_chart(state: _State) -> Chart | None:
    """Planned departures over capacity per hub, averaged per week of the plan's horizon."""
    plan = state.plan
    if plan is None or not plan.allocations:
        return None
    mass = {i.code: float(i.unit_mass_kg) / 1000 for i in state.dataset.items}
    item_of = {p.id: p.item for p in state.dataset.pledges}
    item_of |= {r.id: r.item for r in state.dataset.requirements}
    out: dict[tuple[str, dt.date], float] = defaultdict(float)
    for a in plan.allocations:
        item = item_of.get(a.pledge, item_of[a.requirement])  # hub stock: no pledge row
        out[(a.hub, a.hub_out_date)] += a.quantity * mass[item]
    hubs = sorted({s.code for s in state.dataset.sites if s.is_hub})
    weeks = max(1, ((plan.horizon_end - plan.as_of).days + 6) // 7)
    starts = [plan.as_of + dt.timedelta(days=7 * w) for w in range(weeks)]
    series = [Series(hub, [_week_use(state.dataset, out, hub, s) for s in starts]) for hub in hubs]
    labels = [s.isoformat() for s in starts]
    return line_drawing(
        "Planned hub utilisation by week, % of capacity", labels, series, unit="%", floor_peak=100
    )


def _week_use(
    dataset: Dataset, out: dict[tuple[str, dt.date], float], hub: str, start: dt.date
) -> float:
    days = [start + dt.timedelta(days=d) for d in range(7)]
    capacity = sum(float(capacity_on(dataset, hub, day)) for day in days)
    used = sum(out.get((hub, day), 0.0) for day in days)
    return round(100 * used / capacity, 1) if capacity else 0.0


def shortfall_chart(state: _State) -> Chart | None:
    if state.plan is None or not state.plan.shortfalls:
        return None
    counts = Counter(s.reason.value for s in state.plan.shortfalls)
    reasons = sorted(counts, key=lambda r: -counts[r])
    values = [float(counts[r]) for r in reasons]
    return bar_drawing("Open shortfalls by reason, count", reasons, [Series("shortfalls", values)])


def _draw(state: _State, plan_id: int | None, status: str) -> Figures:
    return Figures(
        plan_id=plan_id,
        plan_status=status,
        charts={
            "fill_by_priority": fill_chart(state),
            "donors": donor_chart(state),
            "hub_utilisation": utilisation_chart(state),
            "shortfalls": shortfall_chart(state),
        },
        open_shortfalls=0 if state.plan is None else len(state.plan.shortfalls),
        counts=state.dataset.counts(),
    )


def last_change(uow: UnitOfWork) -> int:
    """Walks the log back from its end (primary key order) to the first business entry."""
    query = (
        select(audit_log.c.seq)
        .where(audit_log.c.command.not_in(SESSION_COMMANDS))
        .order_by(audit_log.c.seq.desc())
        .limit(1)
    )
    with uow.reading():
        return int(uow.connection.execute(query).scalar() or -1)


class FigureCache:
    """Figures per (role, nation/hub scope, newest business entry of the audit log)."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, str, int], Figures] = OrderedDict()
        self._lock = threading.Lock()

    def figures(self, uow: UnitOfWork, principal: Principal) -> Figures:
        scope = f"{principal.party or ''}/{principal.hub or ''}"
        key = (principal.role.value, scope, last_change(uow))
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        state = _read_state(uow, principal)
        plan = state.plan
        drawn = _draw(state, None if plan is None else plan.id, "" if plan is None else plan.status)
        with self._lock:
            self._entries[key] = drawn
            while len(self._entries) > _CACHE_SIZE:
                self._entries.popitem(last=False)
        return drawn
