"""The spreadsheet method, kept as the baseline the optimiser must beat.

Requirements are taken by priority, then needed-by date; each is filled from the compatible
pledges in order of the day they become available, each pledge through the hubs in order of
total route days, leaving each hub on the first day with capacity left. It never revisits a
choice, which is why a later, more urgent need can find its supply already spent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from pledgeflow.domain.plans import Allocation, Plan, PlanQuality
from pledgeflow.plan.explain import shortfalls
from pledgeflow.plan.problem import NO_LANE, FloatArray, IntArray, Problem
from pledgeflow.plan.resolution import snap_lines

EPSILON = 1e-9


class _Greedy:
    def __init__(
        self, problem: Problem, as_of: dt.date, horizon: int, taken: Taken | None = None
    ) -> None:
        self.p = problem
        self.as_of = as_of
        self.horizon = horizon
        self.release: IntArray = np.maximum(problem.pledge_available - as_of.toordinal(), 0)
        self.left: FloatArray = problem.pledge_quantity.copy()
        self.need: FloatArray = problem.req_quantity.copy()
        self.capacity = problem.hub_capacity_by_day(as_of.toordinal(), horizon + 1)
        if taken is not None:
            self.left -= taken.pledge_units
            self.need -= taken.requirement_units
            self.capacity -= taken.hub_day_mass
        groups = np.where(
            problem.item_group >= 0, problem.item_group, -1 - np.arange(len(problem.item_codes))
        )
        self.pledge_class = groups[problem.pledge_item]
        self.req_class = groups[problem.req_item]
        self.by_class: dict[int, list[int]] = defaultdict(list)
        for s in np.lexsort((np.arange(len(self.release)), self.release)):
            self.by_class[int(self.pledge_class[s])].append(int(s))
        self.lines: list[Allocation] = []

    def fill(self, r: int) -> None:
        need = float(self.need[r])
        for s in self.by_class.get(int(self.req_class[r]), []):
            if need <= EPSILON:
                return
            earmark = int(self.p.pledge_earmark[s])
            if self.left[s] > EPSILON and earmark in (-1, r):
                need -= self._ship(s, r, need)

    def _hubs(self, s: int, r: int) -> list[int]:
        p = self.p
        inbound = p.lane_days[p.pledge_origin[s], p.hub_site]
        outbound = p.lane_days[p.hub_site, p.req_destination[r]]
        total = inbound + p.hub_handling_days + outbound
        usable = np.flatnonzero((inbound != NO_LANE) & (outbound != NO_LANE))
        return [int(h) for h in usable[np.argsort(total[usable], kind="stable")]]

    def _ship(self, s: int, r: int, need: float) -> float:
        """Send up to `need` of pledge s to requirement r; returns the quantity sent."""
        p, sent = self.p, 0.0
        mass = float(p.item_mass_t[p.pledge_item[s]])
        whole = not p.item_divisible[p.pledge_item[s]]
        for h in self._hubs(s, r):
            inbound = int(p.lane_days[p.pledge_origin[s], p.hub_site[h]])
            outbound = int(p.lane_days[p.hub_site[h], p.req_destination[r]])
            first = int(self.release[s]) + inbound + int(p.hub_handling_days[h])
            # Only days with capacity left can take anything; skipping the others in NumPy
            # keeps the scan cheap once hubs fill up.
            open_days = np.flatnonzero(self.capacity[h, first : self.horizon - outbound + 1] > 0)
            for day in (first + open_days).tolist():
                want = min(need - sent, float(self.left[s]), float(self.capacity[h, day]) / mass)
                quantity = float(np.floor(want + EPSILON)) if whole else want
                if quantity > EPSILON:
                    self.capacity[h, day] -= quantity * mass
                    self.left[s] -= quantity
                    sent += quantity
                    self._record(s, r, h, day, quantity)
                if need - sent <= EPSILON or self.left[s] <= EPSILON:
                    return sent
        return sent

    def _record(self, s: int, r: int, h: int, day: int, quantity: float) -> None:
        p = self.p
        site, dest = p.hub_site[h], p.req_destination[r]
        dispatch = self.as_of + dt.timedelta(days=int(self.release[s]))
        hub_out = self.as_of + dt.timedelta(days=day)
        arrival = hub_out + dt.timedelta(days=int(p.lane_days[site, dest]))
        needed_by = dt.date.fromordinal(int(p.req_needed_by[r]))
        self.lines.append(
            Allocation(
                pledge=p.pledge_ids[s],
                requirement=p.req_ids[r],
                hub=p.site_codes[site],
                quantity=quantity,
                dispatch_date=dispatch,
                hub_in_date=dispatch
                + dt.timedelta(days=int(p.lane_days[p.pledge_origin[s], site])),
                hub_out_date=hub_out,
                arrival_date=arrival,
                days_late=max((arrival - needed_by).days, 0),
                substituted=bool(p.pledge_item[s] != p.req_item[r]),
            )
        )


@dataclass(frozen=True, slots=True)
class Taken:
    """What another plan already uses: units per pledge and per requirement, tonnes per
    (hub, day offset)."""

    pledge_units: FloatArray
    requirement_units: FloatArray
    hub_day_mass: FloatArray


def greedy_plan(
    problem: Problem, *, as_of: dt.date, horizon_days: int = 180, taken: Taken | None = None
) -> Plan:
    """The greedy baseline's plan; feasible under §5 but with no optimality claim. With
    `taken`, it fills only what another plan leaves (a completion of that plan)."""
    greedy = _Greedy(problem, as_of, horizon_days, taken)
    order = np.lexsort(
        (np.arange(len(problem.req_ids)), problem.req_needed_by, problem.req_priority)
    )
    for r in order:
        greedy.fill(int(r))
    lines = snap_lines(problem, tuple(greedy.lines))
    return Plan(
        as_of=as_of,
        horizon_end=as_of + dt.timedelta(days=horizon_days),
        allocations=lines,
        shortfalls=shortfalls(problem, greedy.release, horizon_days, lines),
        quality=PlanQuality(
            proven_optimal=False, gap=float("nan"), solve_seconds=0.0, method="greedy"
        ),
    )
