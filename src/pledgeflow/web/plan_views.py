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
from dataclasses import replace
from typing import TypeVar

from sqlalchemy import select

from pledgeflow.adapters import tables as t
from pledgeflow.adapters.reports.charts import Series, bar_chart
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plan_summaries import summarise_plan
from pledgeflow.domain.plans import Plan, PlanStatus
from pledgeflow.service import plans
from pledgeflow.service.access import Principal, Resource
from pledgeflow.service.errors import NotFound
from pledgeflow.service.records import list_records
from pledgeflow.service.unit_of_work import UnitOfWork
from pledgeflow.web.figures import last_change

_KEPT = 8
K = TypeVar("K")
V = TypeVar("V")
_ALL = 2**62


def plan_charts(uow: UnitOfWork, principal: Principal, plan: Plan) -> dict[str, str]:
    """Fill per tier over the requirements the viewer may see (their ids, priorities and
    quantities are all the summary reads), and shortfalls by reason."""
    needs, _ = list_records(uow, principal, Resource.REQUIREMENTS, {}, (_ALL, 0))
    summary = summarise_plan(plan, Dataset(requirements=tuple(needs)))
    labels = [f"priority {t.priority} ({t.requirements})" for t in summary.tiers]
    fill = [round(t.fill_fraction * 100, 1) for t in summary.tiers]
    reasons = [r.reason for r in summary.shortfalls]
    counts = [float(r.shortfalls) for r in summary.shortfalls]
    shortfalls = bar_chart("Shortfalls by reason, count", reasons, [Series("count", counts)])
    return {
        "fill": bar_chart("Fill by priority, % of required", labels, [Series("fill", fill)]),
        "reasons": shortfalls if reasons else "",
    }


class PlanViews:
    """The last few plans read and charts drawn, per app (so per database)."""

    def __init__(self) -> None:
        self._plans: OrderedDict[int, Plan] = OrderedDict()
        self._charts: OrderedDict[tuple[int, str, str, int], dict[str, str]] = OrderedDict()
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

    def charts(self, uow: UnitOfWork, principal: Principal, plan: Plan) -> dict[str, str]:
        assert plan.id is not None, "a stored plan has its id"
        key = (plan.id, principal.role.value, principal.party or "", last_change(uow))
        with self._lock:
            kept = self._charts.get(key)
        if kept is None:
            kept = plan_charts(uow, principal, plan)
            self._keep(self._charts, key, kept)
        return kept

    def _keep(self, kept: OrderedDict[K, V], key: K, value: V) -> None:
        with self._lock:
            kept[key] = value
            while len(kept) > _KEPT:
                kept.popitem(last=False)
