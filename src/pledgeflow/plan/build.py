"""The daily model as route columns, generated on demand; one function per row family.

A column is one allocation line: units of pledge s sent to requirement r through hub h,
leaving the hub on day t. That is exactly §5's daily model (no aggregation to undo, so the
map-back is the identity), but written out it has tens of millions of columns at the M size.
The structure makes almost all of them redundant:

- a pledge never gains by leaving its origin later than `max(available_from, as_of)`, so the
  first day it may leave hub h is fixed: `first = release + days(origin → h) + handling(h)`;
- every criterion is non-decreasing in the hub-out day t, so the only reason to leave later
  than `first` is a binding hub-day, whose capacity dual prices it.

More, with measurements: docs/planner.md, "build".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from pledgeflow.plan.precedence import PrecedenceRows, precedence_rows
from pledgeflow.plan.problem import NO_LANE, FloatArray, IntArray, Problem

LATENESS_WEIGHTS = np.asarray([0.0, 16.0, 8.0, 4.0, 2.0, 1.0])
PRIORITIES = (1, 2, 3, 4, 5)
# Not a §5 criterion: solved after all of them, it only picks among equally good plans the one
# that leaves hubs earliest, so that plans (and the tests' hand-derived dates) are canonical.
TIE_BREAK = "early_departure"
STABILITY = "stability"
CRITERIA = (
    *(f"priority_{p}" for p in PRIORITIES),
    STABILITY,
    "lateness",
    "substitution",
    "transit",
    TIE_BREAK,
)
LATENESS = CRITERIA.index("lateness")
EARLY = CRITERIA.index(TIE_BREAK)


@dataclass(frozen=True, slots=True)
class Candidates:
    """Every usable (pledge, requirement, hub) triple with what its columns cost.

    `first`/`last` bound the hub-out day; `on_time` is the last hub-out day that arrives by the
    needed-by date; `fixed` holds each criterion's time-independent cost per unit (lateness and
    the tie-break are the time-dependent ones, see `costs`). `reference_row` is the stability
    row of each triple (-1 if the reference plan does not use it) and `reference_bound` the
    units each stability row may keep (both empty without a reference plan).
    """

    as_of: dt.date
    horizon_days: int
    pledge: IntArray
    requirement: IntArray
    hub: IntArray
    pair: IntArray
    first: IntArray
    last: IntArray
    on_time: IntArray
    mass_t: FloatArray
    late_weight: FloatArray
    fixed: FloatArray
    integral: np.ndarray
    num_pledges: int
    num_requirements: int
    num_hubs: int
    reference_row: IntArray
    reference_bound: FloatArray
    dispatch: IntArray
    outbound: IntArray
    precedence: PrecedenceRows

    def __len__(self) -> int:
        return len(self.pledge)

    def costs(self, index: IntArray, days: IntArray) -> FloatArray:
        """Per-unit cost of each criterion (rows, in CRITERIA order) for columns (index, day)."""
        costs = self.fixed[:, index].copy()
        late = np.maximum(days - self.on_time[index], 0)
        costs[LATENESS] = self.late_weight[index] * late
        costs[EARLY] = days
        return costs

    def capacity_rows(self, index: IntArray, days: IntArray) -> IntArray:
        base = self.num_pledges + self.num_requirements
        return base + self.hub[index] * (self.horizon_days + 1) + days

    def route_activity(self, index: IntArray, days: IntArray, values: FloatArray) -> FloatArray:
        """What columns (index, days) at `values` put on the pledge, requirement and capacity
        rows (the first `capacity_end` rows)."""
        pledge, requirement = self.pledge[index], self.num_pledges + self.requirement[index]
        rows = np.concatenate([pledge, requirement, self.capacity_rows(index, days)])
        weights = np.concatenate([values, values, values * self.mass_t[index]])
        activity: FloatArray = np.bincount(
            rows, weights=weights, minlength=self.capacity_end
        ).astype(np.float64)
        return activity

    @property
    def num_base_rows(self) -> int:
        return self.capacity_end + self.precedence.num_rows

    @property
    def capacity_end(self) -> int:
        return self.num_pledges + self.num_requirements + self.num_hubs * (self.horizon_days + 1)

    @property
    def num_rows(self) -> int:
        return self.num_base_rows + len(self.reference_bound)


def _pairs(problem: Problem) -> tuple[IntArray, IntArray]:
    """All (pledge, requirement) pairs of one substitution class that earmarks allow."""
    classes = np.where(
        problem.item_group >= 0, problem.item_group, -1 - np.arange(len(problem.item_codes))
    )
    pledge_class = classes[problem.pledge_item]
    req_class = classes[problem.req_item]
    req_order = np.argsort(req_class, kind="stable")
    sorted_class = req_class[req_order]
    lo = np.searchsorted(sorted_class, pledge_class, side="left")
    hi = np.searchsorted(sorted_class, pledge_class, side="right")
    owner = np.repeat(np.arange(len(pledge_class), dtype=np.int64), hi - lo)
    offsets = np.arange(len(owner), dtype=np.int64) - np.repeat(
        np.cumsum(hi - lo) - (hi - lo), hi - lo
    )
    reqs = req_order[lo[owner] + offsets]
    earmark = problem.pledge_earmark[owner]
    keep = (earmark < 0) | (earmark == reqs)
    return owner[keep], reqs[keep]


def build_candidates(problem: Problem, as_of: dt.date, horizon_days: int) -> Candidates:
    """Enumerate the triples; a triple exists only if both lanes exist and it can arrive in time."""
    release = np.maximum(problem.pledge_available - as_of.toordinal(), 0)
    pledges, reqs = _pairs(problem)
    num_hubs = len(problem.hub_site)
    inbound = problem.lane_days[problem.pledge_origin[pledges][:, None], problem.hub_site[None, :]]
    outbound = problem.lane_days[problem.hub_site[None, :], problem.req_destination[reqs][:, None]]
    first = release[pledges][:, None] + inbound + problem.hub_handling_days[None, :]
    limit = problem.arrival_limits(as_of.toordinal(), horizon_days)
    ok = (inbound != NO_LANE) & (outbound != NO_LANE) & (first + outbound <= limit[reqs][:, None])
    pair, hub = np.nonzero(ok)
    s, r = pledges[pair], reqs[pair]
    out = outbound[pair, hub]
    needed = problem.req_needed_by[r] - as_of.toordinal()
    share = 1.0 / problem.req_quantity[r]
    return Candidates(
        as_of=as_of,
        horizon_days=horizon_days,
        pledge=s,
        requirement=r,
        hub=hub.astype(np.int64),
        pair=pair.astype(np.int64),
        first=first[pair, hub],
        last=limit[r] - out,
        on_time=needed - out,
        mass_t=problem.item_mass_t[problem.pledge_item[s]],
        late_weight=LATENESS_WEIGHTS[problem.req_priority[r]] * share,
        fixed=_fixed_costs(problem, s, r, inbound[pair, hub] + out),
        integral=~problem.item_divisible[problem.pledge_item[s]],
        num_pledges=len(problem.pledge_ids),
        num_requirements=len(problem.req_ids),
        num_hubs=num_hubs,
        reference_row=np.full(len(s), -1, dtype=np.int64),
        reference_bound=np.zeros(0),
        dispatch=release[s],
        outbound=out,
        precedence=precedence_rows(problem, as_of.toordinal(), horizon_days, r, release[s]),
    )


def _fixed_costs(problem: Problem, s: IntArray, r: IntArray, transit: IntArray) -> FloatArray:
    """Each criterion's time-independent cost per unit of the triples (pledge s, requirement r)."""
    share = 1.0 / problem.req_quantity[r]
    fixed = np.zeros((len(CRITERIA), len(s)))
    for p in PRIORITIES:
        fixed[p - 1] = np.where(problem.req_priority[r] == p, -share, 0.0)
    substituted = problem.pledge_item[s] != problem.req_item[r]
    fixed[CRITERIA.index("substitution")] = np.where(
        substituted, problem.item_penalty[problem.pledge_item[s]], 0.0
    )
    fixed[CRITERIA.index("transit")] = transit
    return fixed


def initial_columns(cands: Candidates) -> IntArray:
    """Per pair, the triple that is best when no hub binds: least lateness, then transit."""
    if len(cands) == 0:
        return np.zeros(0, dtype=np.int64)
    costs = cands.costs(np.arange(len(cands)), cands.first)
    order = np.lexsort((costs[CRITERIA.index("transit")], costs[LATENESS], cands.pair))
    first_of_pair = np.ones(len(order), dtype=bool)
    first_of_pair[1:] = cands.pair[order][1:] != cands.pair[order][:-1]
    return order[first_of_pair]


def column_entries(
    cands: Candidates, index: IntArray, days: IntArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """CSC (starts, rows, values) of new columns: their pledge, requirement and capacity rows,
    and −1 in the stability row of a referenced triple (units kept ≤ units on the triple)."""
    n = len(index)
    rows = np.stack(
        [
            cands.pledge[index],
            cands.num_pledges + cands.requirement[index],
            cands.capacity_rows(index, days),
            cands.reference_row[index],
        ],
        axis=1,
    )
    values = np.stack([np.ones(n), np.ones(n), cands.mass_t[index], -np.ones(n)], axis=1)
    present = rows >= 0
    if not cands.precedence.num_rows:
        counts = present.sum(axis=1)
        starts = (np.cumsum(counts) - counts).astype(np.int64)
        return starts, rows[present], values[present]
    owner, extra_rows, extra_values = cands.precedence.entries(
        cands.requirement[index], cands.dispatch[index], days + cands.outbound[index]
    )
    owner = np.concatenate([np.nonzero(present)[0], owner])
    order = np.argsort(owner, kind="stable")
    counts = np.bincount(owner, minlength=n)
    starts = (np.cumsum(counts) - counts).astype(np.int64)
    all_rows = np.concatenate([rows[present], extra_rows])[order]
    return starts, all_rows, np.concatenate([values[present], extra_values])[order]
