"""Whole units for indivisible items: round down, then repair greedily.

Every row of the model is a packing row (pledge quantity, requirement quantity, hub capacity:
non-negative coefficients, upper bounds), so rounding any column down keeps every rule of §5;
that is the proof that the rounded plan is feasible. The repair then adds whole units back,
highest priority first and, within a priority, where a unit adds most fill (smallest need): on
any indivisible candidate route and any day from its first on where a whole unit still fits the
pledge, the requirement and the hub-day. This is a heuristic: it can end below the whole-unit
optimum (and, on some small instances, below the greedy method's priority-1 fill), so it is only
a seed of the whole-unit MIP (`whole_unit_mip`), beside the greedy plan.
"""

from __future__ import annotations

import numpy as np

from pledgeflow.plan.build import Candidates
from pledgeflow.plan.problem import FloatArray, IntArray

FRACTION_TOLERANCE = 1e-6


def _round_down(cands: Candidates, index: IntArray, values: FloatArray) -> FloatArray:
    values = values.copy()
    integral = cands.integral[index]
    values[integral] = np.floor(values[integral] + FRACTION_TOLERANCE)
    return values


def _slack(
    cands: Candidates, index: IntArray, days: IntArray, values: FloatArray, row_upper: FloatArray
) -> FloatArray:
    slack = row_upper.copy()
    slack[: cands.capacity_end] -= cands.route_activity(index, days, values)
    return slack


def _repair_order(cands: Candidates, slack: FloatArray) -> IntArray:
    """Indivisible triples whose pledge and requirement both have a whole unit to spare."""
    p = cands.num_pledges
    open_triples = (
        cands.integral
        & (slack[cands.pledge] >= 1 - FRACTION_TOLERANCE)
        & (slack[p + cands.requirement] >= 1 - FRACTION_TOLERANCE)
    )
    triples = np.flatnonzero(open_triples)
    tiers = cands.fixed[:5, triples]
    priority = np.argmax(tiers != 0, axis=0)
    # Within a tier, a unit adds 1/quantity to the fill sum: smaller needs gain more per unit.
    gain = tiers.sum(axis=0)
    lateness_free = cands.on_time[triples] - cands.first[triples]
    return triples[np.lexsort((-lateness_free, cands.first[triples], gain, priority))]


def whole_units(
    cands: Candidates, index: IntArray, days: IntArray, values: FloatArray, row_upper: FloatArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Columns (possibly more than given) with indivisible ones in whole units, within every
    row bound; added columns are repair moves on routes the LP left unused."""
    values = _round_down(cands, index, values)
    slack = _slack(cands, index, days, values, row_upper)
    p = cands.num_pledges
    added: list[tuple[int, int, float]] = []
    for triple in _repair_order(cands, slack):
        pledge_row, req_row = cands.pledge[triple], p + cands.requirement[triple]
        mass = cands.mass_t[triple]
        first_row = cands.capacity_rows(np.asarray([triple]), np.asarray([cands.first[triple]]))[0]
        window = slack[first_row : first_row + cands.last[triple] - cands.first[triple] + 1]
        for offset in np.flatnonzero(window >= mass * (1 - FRACTION_TOLERANCE)):
            units = np.floor(
                min(slack[pledge_row], slack[req_row], window[offset] / mass) + FRACTION_TOLERANCE
            )
            if units < 1:
                break
            slack[pledge_row] -= units
            slack[req_row] -= units
            window[offset] -= units * mass
            added.append((int(triple), int(cands.first[triple] + offset), float(units)))
    if not added:
        return index, days, values
    more = np.asarray(added)
    return (
        np.concatenate([index, more[:, 0].astype(np.int64)]),
        np.concatenate([days, more[:, 1].astype(np.int64)]),
        np.concatenate([values, more[:, 2]]),
    )
