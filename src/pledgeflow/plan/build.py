"""The daily model as a time-expanded multi-commodity network, assembled from NumPy arrays.

Why a network and not one variable per (pledge, requirement, hub, day): that product has tens of
millions of columns at the M size. Units of one commodity are interchangeable, so flows are
aggregated: a commodity is an item (all its unearmarked pledges pool) or one earmarked pledge
(it may serve only its earmark). For each commodity:

- a pledge arc `pledge → (hub, first day it may leave the hub)` carries the units routed that
  way; a pledge never gains by leaving its origin later than `max(available_from, as_of)`, so
  the first hub day is fixed per (pledge, hub);
- hub nodes are chained day to day (units wait at the hub); a departure arc leaves a hub on a
  day for a destination and uses that hub-day's capacity in tonnes;
- destination nodes are chained too, and a serve arc feeds a requirement on one day: one arc on
  its needed-by day takes every on-time unit, one arc per later day prices lateness exactly.
  Waiting at the destination is never cheaper than arriving later, so the chain keeps the daily
  model's optimum while the map-back reports each unit's true arrival.

Rows: pledge supply, requirement quantity, hub capacity per day, and node balance. Every column
family is produced by one function returning COO triplets; one sparse conversion builds the CSC.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from pledgeflow.plan.problem import NO_LANE, BoolArray, FloatArray, IntArray, Problem

LATENESS_WEIGHTS = {1: 16.0, 2: 8.0, 3: 4.0, 4: 2.0, 5: 1.0}

PLEDGE_ARC, HUB_HOLD, DEPARTURE, DEST_HOLD, SERVE = range(5)

# Not a §5 criterion: solved after all of them, it only picks among equally good plans the one
# that leaves hubs earliest, so that plans (and the tests' hand-derived dates) are canonical.
TIE_BREAK = "early_departure"


@dataclass(frozen=True, slots=True)
class Model:
    """The LP/MIP in column-wise arrays plus what each column means, for solve and map-back."""

    as_of: dt.date
    horizon_days: int
    matrix: sp.csc_matrix
    row_lower: FloatArray
    row_upper: FloatArray
    col_upper: FloatArray
    integral: BoolArray
    kind: IntArray
    commodity: IntArray
    pledge: IntArray
    hub: IntArray
    site: IntArray
    day: IntArray
    requirement: IntArray
    commodity_item: IntArray
    release_day: IntArray
    num_pledge_rows: int
    criteria: list[tuple[str, FloatArray]]
    capacity_t: FloatArray
    first_capacity_row: int


@dataclass
class _Triplets:
    """Growing COO lists; one column per call to `add`, rows given as parallel arrays."""

    rows: list[IntArray]
    cols: list[IntArray]
    vals: list[FloatArray]
    meta: dict[str, list[IntArray]]
    num_cols: int = 0

    def add(self, entries: list[tuple[IntArray, float | FloatArray]], **meta: IntArray) -> None:
        count = len(next(iter(meta.values())))
        col_ids = np.arange(self.num_cols, self.num_cols + count, dtype=np.int64)
        for rows, value in entries:
            self.rows.append(rows)
            self.cols.append(col_ids)
            self.vals.append(np.broadcast_to(np.asarray(value, dtype=np.float64), (count,)))
        for name in ("kind", "commodity", "pledge", "hub", "site", "day", "requirement"):
            default = np.full(count, -1, dtype=np.int64)
            self.meta[name].append(meta.get(name, default))
        self.num_cols += count


@dataclass(frozen=True, slots=True)
class _Network:
    """Index arithmetic shared by the column families."""

    problem: Problem
    horizon: int
    first_ordinal: int
    release: IntArray
    pledge_commodity: IntArray
    commodity_item: IntArray
    commodity_targets: list[IntArray]
    pledge_rows: int
    requirement_rows: int
    capacity_rows: int


def _network(problem: Problem, as_of: dt.date, horizon: int) -> _Network:
    num_items = len(problem.item_codes)
    earmarked = np.flatnonzero(problem.pledge_earmark >= 0)
    pledge_commodity = problem.pledge_item.copy()
    pledge_commodity[earmarked] = num_items + np.arange(len(earmarked))
    commodity_item = np.concatenate([np.arange(num_items), problem.pledge_item[earmarked]])
    classes = np.where(problem.item_group >= 0, problem.item_group, -1 - np.arange(num_items))
    by_class: dict[int, list[int]] = defaultdict(list)
    for r, item in enumerate(problem.req_item):
        by_class[int(classes[item])].append(r)
    targets = [
        np.asarray(by_class.get(int(classes[k]), []), dtype=np.int64) for k in range(num_items)
    ]
    targets += [problem.pledge_earmark[[s]] for s in earmarked]
    release = np.maximum(problem.pledge_available - as_of.toordinal(), 0)
    num_hubs = len(problem.hub_site)
    return _Network(
        problem=problem,
        horizon=horizon,
        first_ordinal=as_of.toordinal(),
        release=release,
        pledge_commodity=pledge_commodity,
        commodity_item=commodity_item.astype(np.int64),
        commodity_targets=targets,
        pledge_rows=len(problem.pledge_ids),
        requirement_rows=len(problem.req_ids),
        capacity_rows=num_hubs * (horizon + 1),
    )


def ranges(starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
    """(owner, value) for every value in each inclusive range [starts[i], ends[i]]."""
    lengths = np.maximum(ends - starts + 1, 0)
    owner = np.repeat(np.arange(len(starts), dtype=np.int64), lengths)
    offsets = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(lengths) - lengths, lengths
    )
    return owner, starts[owner] + offsets


@dataclass
class _Segment:
    """A chain of day nodes [first, last] for one commodity at one site; rows base + day - first."""

    first: int
    last: int
    base: int

    def row(self, days: IntArray) -> IntArray:
        return self.base + days - self.first


class _Assembler:
    """Walks commodities, laying out node rows and appending each column family's triplets."""

    def __init__(self, net: _Network) -> None:
        self.net = net
        self.next_row = net.pledge_rows + net.requirement_rows + net.capacity_rows
        self.cols = _Triplets([], [], [], defaultdict(list))
        self.transit: list[FloatArray] = []

    def segment(self, first: int, last: int) -> _Segment:
        seg = _Segment(first, last, self.next_row)
        self.next_row += last - first + 1
        return seg

    def holds(self, seg: _Segment, kind: int, c: int, site: int) -> None:
        """Hold arcs day t → t+1 along a chain (units wait at a hub or a destination)."""
        days = np.arange(seg.first, seg.last, dtype=np.int64)
        self.cols.add(
            [(seg.row(days), -1.0), (seg.row(days + 1), 1.0)],
            kind=np.full(len(days), kind),
            commodity=np.full(len(days), c),
            site=np.full(len(days), site),
            day=days,
        )
        self.transit.append(np.zeros(len(days)))

    def pledge_arcs(self, seg: _Segment, c: int, h: int, pledges: IntArray, days: IntArray) -> None:
        """Pledge → hub on the first day the units may leave it; transit origin → hub."""
        p = self.net.problem
        lane = p.lane_days[p.pledge_origin[pledges], p.hub_site[h]]
        self.cols.add(
            [(pledges, 1.0), (seg.row(days), 1.0)],
            kind=np.full(len(pledges), PLEDGE_ARC),
            commodity=np.full(len(pledges), c),
            pledge=pledges,
            hub=np.full(len(pledges), h),
            day=days,
        )
        self.transit.append(lane.astype(np.float64))

    def departures(self, hub_seg: _Segment, dest_seg: _Segment, c: int, h: int, d: int) -> None:
        """Hub → destination on each feasible day; uses that hub-day's capacity in tonnes."""
        net, p = self.net, self.net.problem
        lane = int(p.lane_days[p.hub_site[h], d])
        days = np.arange(hub_seg.first, net.horizon - lane + 1, dtype=np.int64)
        mass = float(p.item_mass_t[net.commodity_item[c]])
        capacity_rows = net.pledge_rows + net.requirement_rows + h * (net.horizon + 1) + days
        self.cols.add(
            [(hub_seg.row(days), -1.0), (capacity_rows, mass), (dest_seg.row(days + lane), 1.0)],
            kind=np.full(len(days), DEPARTURE),
            commodity=np.full(len(days), c),
            hub=np.full(len(days), h),
            site=np.full(len(days), d),
            day=days,
        )
        self.transit.append(np.full(len(days), float(lane)))

    def serves(self, seg: _Segment, c: int, d: int, reqs: IntArray, needed: IntArray) -> None:
        """One on-time arc per requirement on its needed-by day, one arc per late day after."""
        on_time = np.minimum(needed, seg.last)
        has_on_time = on_time >= seg.first
        owner, late_days = ranges(np.maximum(needed + 1, seg.first), np.full(len(reqs), seg.last))
        req = np.concatenate([reqs[has_on_time], reqs[owner]])
        days = np.concatenate([on_time[has_on_time], late_days])
        req_rows = self.net.pledge_rows + req
        self.cols.add(
            [(seg.row(days), -1.0), (req_rows, 1.0)],
            kind=np.full(len(req), SERVE),
            commodity=np.full(len(req), c),
            site=np.full(len(req), d),
            day=days,
            requirement=req,
        )
        self.transit.append(np.zeros(len(req)))

    def commodity(self, c: int, pledges: IntArray) -> None:
        """Lay out one commodity: its hub chains, destination chains and all their arcs."""
        net, p = self.net, self.net.problem
        targets = net.commodity_targets[c]
        dests = np.unique(p.req_destination[targets])
        hub_plans = []
        for h in range(len(p.hub_site)):
            out_lanes = p.lane_days[p.hub_site[h], dests]
            reachable = dests[(out_lanes >= 0) & (out_lanes <= net.horizon)]
            if len(reachable) == 0:
                continue
            in_lanes = p.lane_days[p.pledge_origin[pledges], p.hub_site[h]]
            first_out = net.release[pledges] + in_lanes + p.hub_handling_days[h]
            last_out = net.horizon - int(p.lane_days[p.hub_site[h], reachable].min())
            keep = (in_lanes != NO_LANE) & (first_out <= last_out)
            if keep.any():
                hub_plans.append((h, pledges[keep], first_out[keep], reachable))
        first_arrival: dict[int, int] = {}
        for h, _, first_out, reachable in hub_plans:
            for d in reachable:
                arrival = int(first_out.min()) + int(p.lane_days[p.hub_site[h], d])
                if arrival <= net.horizon:
                    first_arrival[int(d)] = min(first_arrival.get(int(d), arrival), arrival)
        dest_segs = {d: self.segment(a, net.horizon) for d, a in first_arrival.items()}
        for h, kept, first_out, reachable in hub_plans:
            last_out = net.horizon - int(p.lane_days[p.hub_site[h], reachable].min())
            hub_seg = self.segment(int(first_out.min()), last_out)
            self.pledge_arcs(hub_seg, c, h, kept, first_out)
            self.holds(hub_seg, HUB_HOLD, c, int(p.hub_site[h]))
            for d in reachable:
                if int(d) in dest_segs:
                    self.departures(hub_seg, dest_segs[int(d)], c, h, int(d))
        for d, seg in dest_segs.items():
            self.holds(seg, DEST_HOLD, c, d)
            reqs = targets[p.req_destination[targets] == d]
            self.serves(seg, c, d, reqs, p.req_needed_by[reqs] - net.first_ordinal)


def _criteria(
    model_meta: dict[str, IntArray], transit: FloatArray, net: _Network
) -> list[tuple[str, FloatArray]]:
    """Cost vectors of §5's criteria, in strict order; every one is minimised."""
    p = net.problem
    serve = model_meta["kind"] == SERVE
    req = np.where(serve, model_meta["requirement"], 0)
    share = np.where(serve, 1.0 / p.req_quantity[req], 0.0)
    criteria = []
    for priority in range(1, 6):
        mask = serve & (p.req_priority[req] == priority)
        criteria.append((f"priority_{priority}", np.where(mask, -share, 0.0)))
    weights = np.asarray([0.0, *LATENESS_WEIGHTS.values()])[p.req_priority[req]]
    late_days = np.maximum(model_meta["day"] - (p.req_needed_by[req] - net.first_ordinal), 0)
    criteria.append(("lateness", np.where(serve, weights * late_days * share, 0.0)))
    item = net.commodity_item[np.maximum(model_meta["commodity"], 0)]
    substituted = serve & (item != p.req_item[req])
    criteria.append(("substitution", np.where(substituted, p.item_penalty[item], 0.0)))
    criteria.append(("transit", transit))
    departure = model_meta["kind"] == DEPARTURE
    criteria.append((TIE_BREAK, np.where(departure, model_meta["day"], 0).astype(np.float64)))
    return criteria


def build_model(problem: Problem, as_of: dt.date, horizon_days: int) -> Model:
    """Assemble the daily model for plans dated `as_of` arriving by `as_of + horizon_days`."""
    net = _network(problem, as_of, horizon_days)
    assembler = _Assembler(net)
    in_horizon = net.release <= horizon_days
    order = np.argsort(net.pledge_commodity, kind="stable")
    order = order[in_horizon[order]]
    commodities, starts = np.unique(net.pledge_commodity[order], return_index=True)
    for c, group in zip(commodities, np.split(order, starts[1:]), strict=True):
        if len(net.commodity_targets[int(c)]):
            assembler.commodity(int(c), group)
    cols = assembler.cols
    meta = {
        name: np.concatenate(parts or [np.zeros(0, np.int64)]) for name, parts in cols.meta.items()
    }
    num_rows = assembler.next_row
    matrix = sp.csc_matrix(
        (np.concatenate(cols.vals), (np.concatenate(cols.rows), np.concatenate(cols.cols))),
        shape=(num_rows, cols.num_cols),
    )
    capacity = problem.hub_capacity_by_day(net.first_ordinal, horizon_days + 1)
    row_upper = np.zeros(num_rows)
    row_upper[: net.pledge_rows] = problem.pledge_quantity
    row_upper[net.pledge_rows : net.pledge_rows + net.requirement_rows] = problem.req_quantity
    first_capacity = net.pledge_rows + net.requirement_rows
    row_upper[first_capacity : first_capacity + net.capacity_rows] = capacity.ravel()
    row_lower = np.zeros(num_rows)
    row_lower[: first_capacity + net.capacity_rows] = -np.inf
    item = net.commodity_item[np.maximum(meta["commodity"], 0)]
    transit = np.concatenate(assembler.transit or [np.zeros(0)])
    return Model(
        as_of=as_of,
        horizon_days=horizon_days,
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        col_upper=np.full(cols.num_cols, np.inf),
        integral=~problem.item_divisible[item],
        kind=meta["kind"],
        commodity=meta["commodity"],
        pledge=meta["pledge"],
        hub=meta["hub"],
        site=meta["site"],
        day=meta["day"],
        requirement=meta["requirement"],
        commodity_item=net.commodity_item,
        release_day=net.release,
        num_pledge_rows=net.pledge_rows,
        criteria=_criteria(meta, transit, net),
        capacity_t=capacity,
        first_capacity_row=first_capacity,
    )
