"""Map a network flow back to allocation lines: which pledge went to which requirement, when.

The solver only knows aggregated flows per commodity. Two first-in-first-out matchings recover
the lines: at each hub chain, units are matched to departures in order of the day they may leave
and the day they do; at each destination chain, arrivals are matched to serve arcs in day order.
FIFO is valid because flow conservation with non-negative holds means that by any day at least as
many units have entered a chain as have left it, so the k-th unit out never precedes the k-th in.
Integer flows give integer pieces (all cumulative sums stay integral), which is how indivisible
items stay whole. Each line's dates are its true ones: dispatch on the first day the pledge may
leave, arrival `days(hub → destination)` after leaving the hub.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import numpy as np

from pledgeflow.domain.plans import Allocation
from pledgeflow.plan.build import DEPARTURE, PLEDGE_ARC, SERVE, Model
from pledgeflow.plan.problem import FloatArray, IntArray, Problem

FLOW_EPSILON = 1e-9
# Solver noise (1e-9) is cut from quantities; the verifier's 1e-6 relative tolerance covers it.
QUANTITY_DECIMALS = 6

Lot = tuple[int, Any, float]


def fifo(supply: list[Lot], demand: list[Lot]) -> Iterator[tuple[Any, Any, float]]:
    """Pair supply and demand lots in day order; yields (supply payload, demand payload, qty)."""
    supply = sorted(supply, key=lambda lot: lot[0])
    demand = sorted(demand, key=lambda lot: lot[0])
    i, left = 0, supply[0][2] if supply else 0.0
    for _, payload, wanted in demand:
        while wanted > FLOW_EPSILON and i < len(supply):
            take = min(wanted, left)
            if take > FLOW_EPSILON:
                yield supply[i][1], payload, take
            wanted -= take
            left -= take
            if left <= FLOW_EPSILON:
                i += 1
                left = supply[i][2] if i < len(supply) else 0.0


def _grouped(
    model: Model, values: FloatArray, kind: int, keys: IntArray
) -> dict[tuple[int, int], list[int]]:
    """Nonzero columns of one family, grouped by (commodity, keys[col])."""
    cols = np.flatnonzero((model.kind == kind) & (values > FLOW_EPSILON))
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for col, commodity, where in zip(
        cols.tolist(), model.commodity[cols].tolist(), keys[cols].tolist(), strict=True
    ):
        groups[(commodity, where)].append(col)
    return groups


def _hub_lots(
    problem: Problem, model: Model, values: FloatArray
) -> dict[tuple[int, int], list[Lot]]:
    """Per (commodity, destination): lots (arrival day, (pledge, hub, out day), quantity)."""
    p_inflow = _grouped(model, values, PLEDGE_ARC, model.hub)
    departures = _grouped(model, values, DEPARTURE, model.hub)
    arrivals: dict[tuple[int, int], list[Lot]] = defaultdict(list)
    for (commodity, hub), cols in departures.items():
        inflow = p_inflow[(commodity, hub)]
        supply = [(int(model.day[c]), int(model.pledge[c]), float(values[c])) for c in inflow]
        demand = [(int(model.day[c]), c, float(values[c])) for c in cols]
        for pledge, col, quantity in fifo(supply, demand):
            dest = int(model.site[col])
            arrival = int(model.day[col]) + int(problem.lane_days[problem.hub_site[hub], dest])
            lot = (pledge, hub, int(model.day[col]))
            arrivals[(commodity, dest)].append((arrival, lot, quantity))
    return arrivals


def allocations(problem: Problem, model: Model, values: FloatArray) -> tuple[Allocation, ...]:
    """Allocation lines of a solved model, one per (pledge, requirement, hub, hub-out day)."""
    arrivals = _hub_lots(problem, model, values)
    lines: dict[tuple[int, int, int, int], float] = defaultdict(float)
    for key, cols in _grouped(model, values, SERVE, model.site).items():
        demand = [(int(model.day[c]), int(model.requirement[c]), float(values[c])) for c in cols]
        for (pledge, hub, out_day), req, quantity in fifo(arrivals.get(key, []), demand):
            lines[(pledge, req, hub, out_day)] += quantity
    rounded = ((key, round(quantity, QUANTITY_DECIMALS)) for key, quantity in sorted(lines.items()))
    return tuple(_line(problem, model, key, quantity) for key, quantity in rounded if quantity > 0)


def _line(
    problem: Problem, model: Model, key: tuple[int, int, int, int], quantity: float
) -> Allocation:
    pledge, req, hub, out_day = key
    origin, hub_site = problem.pledge_origin[pledge], problem.hub_site[hub]
    dest = problem.req_destination[req]
    dispatch = model.as_of + dt.timedelta(days=int(model.release_day[pledge]))
    hub_out = model.as_of + dt.timedelta(days=out_day)
    arrival = hub_out + dt.timedelta(days=int(problem.lane_days[hub_site, dest]))
    needed_by = dt.date.fromordinal(int(problem.req_needed_by[req]))
    return Allocation(
        pledge=problem.pledge_ids[pledge],
        requirement=problem.req_ids[req],
        hub=problem.site_codes[hub_site],
        quantity=quantity,
        dispatch_date=dispatch,
        hub_in_date=dispatch + dt.timedelta(days=int(problem.lane_days[origin, hub_site])),
        hub_out_date=hub_out,
        arrival_date=arrival,
        days_late=max((arrival - needed_by).days, 0),
        substituted=bool(problem.pledge_item[pledge] != problem.req_item[req]),
    )
