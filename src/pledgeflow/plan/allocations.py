"""Map solved route columns back to allocation lines, with the dates §5 defines for them.

Each column already is one line (pledge, requirement, hub, hub-out day); only the dates are
derived: dispatch on the first day the pledge may leave (waiting at the origin never helps),
hub arrival after the inbound lane, arrival at the destination after the outbound lane.
Quantities are rounded to 6 decimals here and made exact at that resolution by `resolution`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pledgeflow.domain.plans import Allocation
from pledgeflow.plan.build import Candidates
from pledgeflow.plan.problem import FloatArray, IntArray, Problem

QUANTITY_DECIMALS = 6


def allocations(
    problem: Problem, cands: Candidates, index: IntArray, days: IntArray, values: FloatArray
) -> tuple[Allocation, ...]:
    """One allocation per distinct column with a positive (rounded) total, in pledge order."""
    keys = index * (cands.horizon_days + 1) + days
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    index, days = index[first], days[first]
    quantity = np.round(
        np.bincount(inverse, weights=values, minlength=len(unique)), QUANTITY_DECIMALS
    )
    used = np.flatnonzero(quantity > 0)
    order = used[
        np.lexsort((days[used], cands.requirement[index[used]], cands.pledge[index[used]]))
    ]
    release = np.maximum(problem.pledge_available - cands.as_of.toordinal(), 0)
    return tuple(
        _line(problem, cands, int(index[col]), int(days[col]), float(quantity[col]), release)
        for col in order
    )


def _line(
    problem: Problem,
    cands: Candidates,
    triple: int,
    out_day: int,
    quantity: float,
    release: IntArray,
) -> Allocation:
    pledge, req, hub = (
        int(cands.pledge[triple]),
        int(cands.requirement[triple]),
        int(cands.hub[triple]),
    )
    origin, hub_site = problem.pledge_origin[pledge], problem.hub_site[hub]
    dispatch = cands.as_of + dt.timedelta(days=int(release[pledge]))
    hub_out = cands.as_of + dt.timedelta(days=out_day)
    arrival = hub_out + dt.timedelta(
        days=int(problem.lane_days[hub_site, problem.req_destination[req]])
    )
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
