"""Which columns the whole-unit MIP holds, so that it can find (and prove) the integer optimum.

The LP's columns are those its optimum needs; the integer optimum can need others (9-t trucks
through a 12 t/day hub: one truck a day, on days the LP filled with trucks and fuel in other
proportions). When the whole model is small, the MIP gets every column, and its stages are then
the exact whole-unit problem: a stage HiGHS proves optimal is optimal, whatever the LP bound
says. Otherwise it gets, beside the LP's columns, every indivisible column on the hub-days the
LP plan fills: those where whole units compete with divisible mass.
"""

from __future__ import annotations

import numpy as np

from pledgeflow.plan.build import Candidates
from pledgeflow.plan.problem import FloatArray
from pledgeflow.plan.whole_unit_mip import Columns

EVERY_COLUMN_LIMIT = 20_000
"""Models with at most this many (triple, day) columns are solved whole by the MIP."""
BINDING = 1.0 - 1e-6
"""A hub-day whose load reaches this share of its capacity binds."""


def every_column(cands: Candidates) -> Columns | None:
    """All (triple, hub-out day) columns of the model, if there are at most EVERY_COLUMN_LIMIT."""
    widths = np.maximum(cands.last - cands.first + 1, 0)
    total = int(widths.sum())
    if total > EVERY_COLUMN_LIMIT:
        return None
    index = np.repeat(np.arange(len(widths), dtype=np.int64), widths)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(widths) - widths, widths)
    return Columns(index, cands.first[index] + offsets, np.zeros(total))


def binding_whole_columns(cands: Candidates, plan: Columns, capacity: FloatArray) -> Columns:
    """Every indivisible column whose hub-day the plan fills to capacity."""
    days = cands.horizon_days + 1
    load = np.bincount(
        cands.hub[plan.index] * days + plan.days,
        weights=plan.values * cands.mass_t[plan.index],
        minlength=cands.num_hubs * days,
    ).reshape(cands.num_hubs, days)
    binding = (capacity > 0) & (load >= BINDING * capacity[:, :days])
    whole = np.flatnonzero(cands.integral)
    found_index, found_days = [], []
    for hub, day in zip(*np.nonzero(binding), strict=True):
        triples = whole[
            (cands.hub[whole] == hub) & (cands.first[whole] <= day) & (cands.last[whole] >= day)
        ]
        found_index.append(triples)
        found_days.append(np.full(len(triples), day, dtype=np.int64))
    if not found_index:
        return Columns.empty()
    index = np.concatenate(found_index)
    return Columns(index, np.concatenate(found_days), np.zeros(len(index)))
