"""The greedy plan as route columns, so the whole-unit MIP starts from a plan greedy would make.

Greedy ships each pledge through a hub it has lanes to, on a day from its first one on, so each
of its lines is a (candidate triple, hub-out day) column of the model; seeding the MIP with
them makes greedy's solution feasible in every stage, so no tier can end below greedy's while
the earlier ones are equal (see `whole_unit_mip`).
"""

from __future__ import annotations

import numpy as np

from pledgeflow.domain.plans import Plan
from pledgeflow.plan.build import Candidates
from pledgeflow.plan.greedy import Taken, greedy_plan
from pledgeflow.plan.problem import Problem
from pledgeflow.plan.whole_unit_mip import Columns


def greedy_columns(problem: Problem, cands: Candidates, after: Columns | None = None) -> Columns:
    """Greedy's lines as (triple, day, units); a line with no candidate triple is left out,
    which keeps the seed feasible (every row is a packing row). With `after`, greedy fills
    only what those columns leave, so that together they stay feasible."""
    taken = None if after is None else _taken(cands, after)
    plan = greedy_plan(problem, as_of=cands.as_of, horizon_days=cands.horizon_days, taken=taken)
    return plan_columns(problem, cands, plan)


def plan_columns(problem: Problem, cands: Candidates, plan: Plan) -> Columns:
    """A plan's lines as (triple, hub-out day, units), leaving out each line whose triple is no
    longer a candidate or whose day is outside the triple's window (the problem may have
    changed since the plan was made)."""
    pledge_at = {pledge: i for i, pledge in enumerate(problem.pledge_ids)}
    req_at = {req: i for i, req in enumerate(problem.req_ids)}
    hub_at = {problem.site_codes[site]: h for h, site in enumerate(problem.hub_site)}
    width = (len(problem.req_ids), len(problem.hub_site))
    keys = (cands.pledge * width[0] + cands.requirement) * width[1] + cands.hub
    order = np.argsort(keys, kind="stable")
    found: list[tuple[int, int, float]] = []
    for line in plan.allocations:
        s, r, h = pledge_at.get(line.pledge), req_at.get(line.requirement), hub_at.get(line.hub)
        if s is None or r is None or h is None:
            continue
        key = (s * width[0] + r) * width[1] + h
        at = int(np.searchsorted(keys, key, sorter=order))
        day = (line.hub_out_date - cands.as_of).days
        if at < len(order) and keys[order[at]] == key:
            triple = int(order[at])
            if cands.first[triple] <= day <= cands.last[triple]:
                found.append((triple, day, line.quantity))
    if not found:
        return Columns.empty()
    table = np.asarray(found)
    return Columns(table[:, 0].astype(np.int64), table[:, 1].astype(np.int64), table[:, 2])


def _taken(cands: Candidates, columns: Columns) -> Taken:
    index, values = columns.index, columns.values
    days = cands.horizon_days + 1
    sums = [
        np.bincount(rows, weights, minlength=size).astype(np.float64)
        for rows, weights, size in (
            (cands.pledge[index], values, cands.num_pledges),
            (cands.requirement[index], values, cands.num_requirements),
            (
                cands.hub[index] * days + columns.days,
                values * cands.mass_t[index],
                days * cands.num_hubs,
            ),
        )
    ]
    return Taken(sums[0], sums[1], sums[2].reshape(cands.num_hubs, days))
