"""Whole units for indivisible items: round down, then repair greedily.

Every row of the model is a packing row (pledge quantity, requirement quantity, hub capacity:
non-negative coefficients, upper bounds), so rounding any column down keeps every rule of §5;
that is the proof that the rounded plan is feasible. The repair then adds whole units back on
the columns the LP used fractionally, most urgent requirement first, wherever a whole unit still
fits all three rows, so the plan loses at most what whole units force. The LP stages remain
valid bounds, and `solve` reports the gap against them.
"""

from __future__ import annotations

import numpy as np

from pledgeflow.plan.build import Candidates
from pledgeflow.plan.problem import FloatArray, IntArray

FRACTION_TOLERANCE = 1e-6


def whole_units(
    cands: Candidates, index: IntArray, days: IntArray, values: FloatArray, row_upper: FloatArray
) -> FloatArray:
    """Column values with indivisible columns in whole units, still within every row bound."""
    values = values.copy()
    integral = cands.integral[index]
    fractional = integral & (np.abs(values - np.round(values)) > FRACTION_TOLERANCE)
    values[integral] = np.where(
        fractional[integral], np.floor(values[integral]), np.round(values[integral])
    )
    slack = row_upper.copy()
    p, r = cands.num_pledges, cands.num_requirements
    np.subtract.at(slack, cands.pledge[index], values)
    np.subtract.at(slack, p + cands.requirement[index], values)
    capacity_rows = cands.capacity_rows(index, days)
    np.subtract.at(slack, capacity_rows, values * cands.mass_t[index])
    candidates = np.flatnonzero(fractional)
    priority = np.argmax(cands.fixed[:5, index[candidates]] != 0, axis=0)
    for col in candidates[np.lexsort((days[candidates], priority))]:
        triple = index[col]
        pledge_row, req_row, cap_row = (
            cands.pledge[triple],
            p + cands.requirement[triple],
            capacity_rows[col],
        )
        mass = cands.mass_t[triple]
        fit = min(slack[pledge_row], slack[req_row], slack[cap_row] / mass)
        units = np.floor(fit + FRACTION_TOLERANCE)
        if units >= 1:
            values[col] += units
            slack[pledge_row] -= units
            slack[req_row] -= units
            slack[cap_row] -= units * mass
    return values
