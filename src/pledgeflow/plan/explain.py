"""Explanations: one §5 reason per shortfall, and what one more tonne/day of each hub is worth.

Reasons are tested in the order in which they rule each other out. Without a compatible pledge
nothing else matters (`no_supply`; also when every compatible unit that could arrive in time
already serves this very requirement: nothing more is pledged); without an origin → hub →
destination path neither dates nor capacity do (`no_route`); if every path arrives too late,
`after_horizon`. Past these, the plan is lexicographically optimal, so an unmet unit has one of
two causes: compatible supply that could reach it in time is left over, which only a binding
hub-day can explain (`hub_capacity`), or all of it went elsewhere, to requirements of higher or
equal priority (`taken_by_higher_priority`, whose detail says "equal or higher", names the
takers' priorities, says when they all share this one's, and names the largest takers). If it
went only to lower priorities, timing at a hub forced that, which is again `hub_capacity`.

Hub values come from the capacity rows' duals: the sum over a hub's days of a stage's dual is the
change in that criterion per extra tonne on every day, reported for the first criterion the hub
limits, because later criteria were solved with the earlier ones pinned.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from pledgeflow.domain.plans import Allocation, HubValue, Shortfall, ShortfallReason
from pledgeflow.plan.build import TIE_BREAK
from pledgeflow.plan.problem import NO_LANE, FloatArray, IntArray, Problem
from pledgeflow.plan.resolution import SCALE
from pledgeflow.plan.solve import Solution

UNMET_TOLERANCE = 1e-6
DUAL_TOLERANCE = 1e-9
NOT_COMPUTED = "not computed"
"""The criterion of a hub value that a stopped stage left unknown (its value is not 0)."""


class _Supply:
    """Compatible pledges per requirement and what the plan left of each pledge."""

    def __init__(self, problem: Problem, allocations: tuple[Allocation, ...]) -> None:
        self.problem = problem
        item_class = np.where(
            problem.item_group >= 0, problem.item_group, -1 - np.arange(len(problem.item_codes))
        )
        self.pledge_class = item_class[problem.pledge_item]
        self.req_class = item_class[problem.req_item]
        left = dict(zip(problem.pledge_ids, problem.pledge_quantity.tolist(), strict=True))
        self.takers: dict[str, list[Allocation]] = defaultdict(list)
        for a in allocations:
            left[a.pledge] -= a.quantity
            self.takers[a.pledge].append(a)
        self.left = np.asarray([left[p] for p in problem.pledge_ids])
        self.priority = dict(zip(problem.req_ids, problem.req_priority.tolist(), strict=True))
        order = np.argsort(self.pledge_class, kind="stable")
        classes, starts = np.unique(self.pledge_class[order], return_index=True)
        groups = np.split(order, starts[1:]) if len(order) else []
        self.by_class = dict(zip(classes.tolist(), groups, strict=True))

    def compatible(self, r: int) -> IntArray:
        pledges = self.by_class.get(int(self.req_class[r]), np.zeros(0, dtype=np.int64))
        earmark = self.problem.pledge_earmark[pledges]
        found: IntArray = pledges[(earmark == -1) | (earmark == r)]
        return found


def _reason(
    supply: _Supply, release: IntArray, horizon: int, r: int
) -> tuple[ShortfallReason, str]:
    p = supply.problem
    pledges = supply.compatible(r)
    item = p.item_codes[p.req_item[r]]
    if len(pledges) == 0:
        return ShortfallReason.NO_SUPPLY, f"no committed pledge of {item} or a substitute"
    inbound = p.lane_days[p.pledge_origin[pledges][:, None], p.hub_site[None, :]]
    outbound = p.lane_days[p.hub_site, p.req_destination[r]]
    routed = (inbound != NO_LANE) & (outbound != NO_LANE)[None, :]
    if not routed.any():
        dest = p.site_codes[p.req_destination[r]]
        return ShortfallReason.NO_ROUTE, f"no lane path from any compatible pledge to {dest}"
    arrival = release[pledges][:, None] + inbound + p.hub_handling_days + outbound
    reachable = (routed & (arrival <= horizon)).any(axis=1)
    if not reachable.any():
        first = int(arrival[routed].min())
        return ShortfallReason.AFTER_HORIZON, f"the earliest arrival is day {first} of {horizon}"
    if (supply.left[pledges[reachable]] > UNMET_TOLERANCE).any():
        earlier = [p.req_ids[a] if a >= 0 else "its predecessor" for a, b in p.precedence if b == r]
        if earlier:
            detail = f"compatible supply is left over; it may not leave before {earlier[0]} arrives"
            return ShortfallReason.HUB_CAPACITY, detail
        return ShortfallReason.HUB_CAPACITY, "compatible supply is left over; hub capacity binds"
    priority = int(p.req_priority[r])
    req_ids = supply.priority
    taken: dict[str, float] = defaultdict(float)
    elsewhere = own = 0.0
    for s in pledges[reachable]:
        for a in supply.takers[p.pledge_ids[s]]:
            if a.requirement == p.req_ids[r]:
                own += a.quantity
            elif req_ids[a.requirement] <= priority:
                taken[a.requirement] += a.quantity
            else:
                elsewhere += a.quantity
    if not taken and not elsewhere:
        detail = f"all compatible supply that can reach it in time ({own:,.6g}) already serves it"
        return ShortfallReason.NO_SUPPLY, detail
    if not taken:
        return ShortfallReason.HUB_CAPACITY, "hub capacity forced the supply to other dates"
    return ShortfallReason.TAKEN_BY_HIGHER_PRIORITY, _taken_detail(taken, req_ids, priority)


def _taken_detail(taken: dict[str, float], priority_of: dict[str, int], own: int) -> str:
    """The reason's name reads as "higher"; its detail says that the takers may share this
    requirement's priority, which priorities they hold, and names the largest of them."""
    named = sorted(taken, key=lambda req: (priority_of[req], -taken[req], req))[:3]
    ranks = sorted({priority_of[req] for req in taken})
    if ranks == [own]:
        which = f"all of priority {own}, the same as this one"
    else:
        which = "priorit" + ("y " if len(ranks) == 1 else "ies ") + ", ".join(map(str, ranks))
    return f"compatible supply went to requirements of equal or higher priority ({which}): " + (
        ", ".join(f"{req} (priority {priority_of[req]}, {taken[req]:,.6g})" for req in named)
    )


def shortfalls(
    problem: Problem,
    release: IntArray,
    horizon: int | IntArray,
    allocations: tuple[Allocation, ...],
) -> tuple[Shortfall, ...]:
    """The unmet part of every requirement, each with its one reason and a human sentence.

    `release[s]` is the first day (offset from as_of) pledge s may leave its origin; `horizon`
    is the last arrival day, or per requirement (`Problem.arrival_limits`) when some have a
    hard latest arrival of their own.
    """
    served: dict[str, int] = defaultdict(int)
    for a in allocations:
        served[a.requirement] += round(a.quantity * SCALE)
    supply = _Supply(problem, allocations)
    found = []
    for r, req_id in enumerate(problem.req_ids):
        # Lines are whole millionths (plan/resolution.py): the unmet part is exact in them.
        unmet = round(float(problem.req_quantity[r]) * SCALE) - served[req_id]
        if unmet > 0:
            limit = horizon if isinstance(horizon, int) else int(horizon[r])
            reason, detail = _reason(supply, release, limit, r)
            found.append(Shortfall(req_id, unmet / SCALE, reason, detail))
    return tuple(found)


def hub_values(
    problem: Problem,
    capacity_t: FloatArray,
    solution: Solution,
    allocations: tuple[Allocation, ...],
) -> tuple[HubValue, ...]:
    """Per hub: the first criterion its capacity limits and the dual value of +1 t/day there."""
    mass = dict(zip(problem.pledge_ids, problem.item_mass_t[problem.pledge_item], strict=True))
    moved: dict[str, float] = defaultdict(float)
    for a in allocations:
        moved[a.hub] += a.quantity * float(mass[a.pledge])
    values = []
    for h, site in enumerate(problem.hub_site):
        code = problem.site_codes[site]
        criterion, value = "", 0.0
        for stage in solution.stages:
            if stage.name == TIE_BREAK:
                continue
            if stage.capacity_duals is None:
                # A stage the time limit stopped has no optimal duals: its value is unknown.
                criterion = NOT_COMPUTED
                break
            total = -float(stage.capacity_duals[h].sum())
            if abs(total) > DUAL_TOLERANCE:
                criterion, value = stage.name, total
                break
        capacity = float(capacity_t[h].sum())
        utilisation = moved[code] / capacity if capacity > 0 else 0.0
        values.append(HubValue(code, value, utilisation, criterion))
    return tuple(values)
