"""The daily model of DESIGN §5 written the way a typical Python user would: PuLP and its CBC.

One LpVariable per (pledge, requirement, hub, hub-out day) over every compatible route and every
feasible day, constraints built with lpSum from dictionaries, and the lexicographic objective as
a sequence of solves, each optimum held by a constraint. No column generation, no arrays. It is
the same model the planner solves, so the figures compare formulation and tooling, not meaning.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pulp

from pledgeflow.domain.datasets import Dataset

WEIGHTS = {1: 16, 2: 8, 3: 4, 4: 2, 5: 1}


@dataclass
class PulpRun:
    build_s: float
    solve_s: float
    variables: int
    finished: bool
    fill: dict[int, float]
    lateness: float


def _routes(
    data: Dataset, as_of: dt.date, horizon: int
) -> list[tuple[str, str, str, int, int, int]]:
    """(pledge, requirement, hub, first out day, last out day, days from hub) per route."""
    items = {item.code: item for item in data.items}
    hubs = [site for site in data.sites if site.is_hub]
    lanes: dict[tuple[str, str], int] = {}
    for lane in data.lanes:
        key = (lane.from_site, lane.to_site)
        lanes[key] = min(lane.days, lanes.get(key, lane.days))
    routes = []
    for pledge in data.pledges:
        if not pledge.is_plannable:
            continue
        release = max((pledge.available_from - as_of).days, 0)
        for req in data.requirements:
            if not items[pledge.item].can_serve(items[req.item]):
                continue
            if pledge.earmark is not None and pledge.earmark != req.id:
                continue
            for hub in hubs:
                inbound = lanes.get((pledge.origin, hub.code))
                outbound = lanes.get((hub.code, req.destination))
                if inbound is None or outbound is None:
                    continue
                first = release + inbound + hub.handling_days
                if first + outbound <= horizon:
                    routes.append(
                        (pledge.id, req.id, hub.code, first, horizon - outbound, outbound)
                    )
    return routes


def build_and_solve(
    data: Dataset,
    as_of: dt.date,
    horizon: int,
    time_limit_s: float,
    on_built: Callable[[float, int], None] = lambda seconds, variables: None,
) -> PulpRun:
    """Build the model, then solve the five tiers and lateness in order within the time limit;
    `on_built(build seconds, variables)` reports the build before solving starts."""
    started = time.perf_counter()
    reqs = {r.id: r for r in data.requirements}
    pledges = {p.id: p for p in data.pledges}
    items = {item.code: item for item in data.items}
    model = pulp.LpProblem("daily", pulp.LpMinimize)
    x = {}
    by_pledge, by_req, by_hub_day = defaultdict(list), defaultdict(list), defaultdict(list)
    late_terms = []
    for pledge_id, req_id, hub, first, last, outbound in _routes(data, as_of, horizon):
        mass_t = float(items[pledges[pledge_id].item].unit_mass_kg) / 1000
        req = reqs[req_id]
        for day in range(first, last + 1):
            var = pulp.LpVariable(f"x_{len(x)}", lowBound=0)
            x[(pledge_id, req_id, hub, day)] = var
            by_pledge[pledge_id].append(var)
            by_req[req_id].append(var)
            by_hub_day[(hub, day)].append(mass_t * var)
            late = max(day + outbound - (req.needed_by - as_of).days, 0)
            if late:
                late_terms.append(WEIGHTS[req.priority] * late / float(req.quantity) * var)
    for pledge_id, terms in by_pledge.items():
        model += pulp.lpSum(terms) <= float(pledges[pledge_id].quantity)
    for req_id, terms in by_req.items():
        model += pulp.lpSum(terms) <= float(reqs[req_id].quantity)
    capacity = _capacity(data, as_of)
    for (hub, day), terms in by_hub_day.items():
        model += pulp.lpSum(terms) <= capacity(hub, day)
    fills = {
        p: pulp.lpSum(
            var / float(reqs[key[1]].quantity)
            for key, var in x.items()
            if reqs[key[1]].priority == p
        )
        for p in range(1, 6)
    }
    build_s = time.perf_counter() - started
    on_built(build_s, len(x))
    return _lexicographic(model, fills, pulp.lpSum(late_terms), build_s, time_limit_s, len(x))


def _capacity(data: Dataset, as_of: dt.date):  # type: ignore[no-untyped-def]
    base = {s.code: float(s.capacity_t_per_day or 0) for s in data.sites if s.is_hub}

    def at(hub: str, day: int) -> float:
        date = as_of + dt.timedelta(days=day)
        value = base[hub]
        for entry in data.hub_calendar:
            if entry.hub == hub and entry.covers(date):
                value = float(entry.capacity_t_per_day)
        return value

    return at


def _lexicographic(model, fills, lateness, build_s, time_limit_s, variables):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    values: dict[int, float] = {}
    finished = True
    stages = [(p, -fills[p]) for p in range(1, 6)] + [(0, lateness)]
    late_value = float("nan")
    for priority, objective in stages:
        left = time_limit_s - (time.perf_counter() - started)
        if left <= 0:
            finished = False
            break
        model.setObjective(objective)
        status = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=max(1, int(left))))
        if pulp.LpStatus[status] != "Optimal":
            finished = False
            break
        value = pulp.value(objective) or 0.0
        if priority:
            values[priority] = -value
        else:
            late_value = value
        model += objective <= value + 1e-7 * max(1.0, abs(value))
    return PulpRun(build_s, time.perf_counter() - started, variables, finished, values, late_value)
