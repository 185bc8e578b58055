"""A plan's page data, kept between views.

A stored plan's lines, shortfalls and hub values never change once the planner has written
them; only its status moves (draft → approved → superseded). So the plan is read in full once
per app, and each view reads only its status again. Its charts also depend on which
requirements the viewer may see, so they are kept under the dashboard's key: role, scope and
the newest business change in the audit log.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import TypeVar

from sqlalchemy import select

from pledgeflow.adapters import tables as t
from pledgeflow.adapters.reports.charts import Series, bar_chart
from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.plans import Plan, PlanStatus
from pledgeflow.service import plans
from pledgeflow.service.access import Principal
from pledgeflow.service.errors import NotFound
from pledgeflow.service.plan_figures import PlanFigures, plan_figures
from pledgeflow.service.unit_of_work import UnitOfWork
from pledgeflow.web.figures import last_change

_KEPT = 8
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class PlanPage:
    """What the page draws: the viewer's figures (`plan_figures`, the one source every
    surface reads) and the charts drawn from them."""

    figures: PlanFigures
    fill: str
    reasons: str


def plan_page_figures(uow: UnitOfWork, principal: Principal, plan: Plan) -> PlanPage:
    figures = plan_figures(uow, principal, plan)
    summary = figures.summary
    labels = [f"priority {t.priority} ({nf.count(t.requirements)})" for t in summary.tiers]
    fill = [nf.percent_value(t.fill_fraction) for t in summary.tiers]
    reasons = [r.reason for r in summary.shortfalls]
    counts = [float(r.shortfalls) for r in summary.shortfalls]
    shortfalls = bar_chart("Shortfalls by reason, count", reasons, [Series("count", counts)])
    return PlanPage(
        figures,
        bar_chart("Fill by priority, % of required", labels, [Series("fill", fill)], unit="%"),
        shortfalls if reasons else "",
    )


class PlanViews:
    """The last few plans read and charts drawn, per app (so per database)."""

    def __init__(self) -> None:
        self._plans: OrderedDict[int, Plan] = OrderedDict()
        self._charts: OrderedDict[tuple[int, str, str, int], PlanPage] = OrderedDict()
        self._lock = threading.Lock()

    def plan(self, uow: UnitOfWork, plan_id: int) -> Plan:
        query = select(t.plans.c.status).where(t.plans.c.id == plan_id)
        with uow.reading():
            status = uow.connection.execute(query).scalar()
        if status is None:
            raise NotFound(f"plan {plan_id} does not exist")
        with self._lock:
            kept = self._plans.get(plan_id)
        if kept is None:
            kept = plans.get_plan(uow, plan_id)
            self._keep(self._plans, plan_id, kept)
        return replace(kept, status=PlanStatus(status))

    def charts(self, uow: UnitOfWork, principal: Principal, plan: Plan) -> PlanPage:
        assert plan.id is not None, "a stored plan has its id"
        scope = f"{principal.party or ''}/{principal.hub or ''}"
        key = (plan.id, principal.role.value, scope, last_change(uow))
        with self._lock:
            kept = self._charts.get(key)
        if kept is None:
            kept = plan_page_figures(uow, principal, plan)
            self._keep(self._charts, key, kept)
        return kept

    def _keep(self, kept: OrderedDict[K, V], key: K, value: V) -> None:
        with self._lock:
            kept[key] = value
            while len(kept) > _KEPT:
                kept.popitem(last=False)
