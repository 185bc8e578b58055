"""Pair flows into route columns through the hubs' capacity: a max-flow LP, placed exactly.

Why: the capacity-free relaxation (`capacity_free`) says how many units each pledge sends each
requirement, not through which hub nor on which day. A tier stage that starts from those units
placed needs no pricing rounds, but only if they are all placed: a list-scheduling heuristic
(earliest deadline first per hub) placed 97 % of M's priority-3 flow, and the 3 % it left cost
the master 16,000 primal simplex iterations (15 s); placed by this LP, the stage needed none.

The model: a job per usable (pair, hub) triple, carrying units of its pair; per hub, one chain
of day nodes per deadline class (the triples' last hub-out day: at most three per hub at M). A
job's mass enters its chain on its first hub-out day and may wait from day to day until the
class's last day; departures of all classes on a day share the hub's capacity. The LP places as
much mass as fits. Jobs of one class are interchangeable in the chain, so each class's
departures are handed to its jobs first come, first served, which the chain's balance makes
feasible: by every day, no more has left than has arrived.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from pledgeflow.plan.build import Candidates
from pledgeflow.plan.problem import BoolArray, FloatArray, IntArray

EPSILON = 1e-9
WAIT_COST = 1e-6
"""Per tonne and day waited at a hub: over any horizon far below the 1 a placed tonne earns."""


@dataclass(frozen=True, slots=True)
class Schedule:
    """Route columns (triple, hub-out day) with their units, and the mass (t) placed of the
    mass wanted."""

    index: IntArray
    days: IntArray
    units: FloatArray
    placed: float
    wanted: float


def schedule(
    cands: Candidates,
    flow: FloatArray,
    capacity: FloatArray,
    usable: BoolArray,
    seconds: float | None = None,
) -> Schedule | None:
    """Place `flow` (units per pair) through `capacity` (t per hub and day) on `usable`
    triples, as much as fits (see the module docstring); None if HiGHS finds no optimum (in
    `seconds`, if given).

    HiGHS's interior point method: on L's priority 3 (150 k jobs) it took 9.8 s, where dual
    simplex took 67 s and primal simplex 37 s; at M all three take about 2 s."""
    jobs = np.flatnonzero(usable & (flow[cands.pair] > EPSILON))
    if len(jobs) == 0:
        none = np.zeros(0, dtype=np.int64)
        return Schedule(none, none, np.zeros(0), 0.0, 0.0)
    pairs, pair_row = np.unique(cands.pair[jobs], return_inverse=True)
    hubs, days = capacity.shape
    classes, job_class = np.unique(cands.hub[jobs] * days + cands.last[jobs], return_inverse=True)
    class_hub, class_last = classes // days, classes % days
    mass = cands.mass_t[jobs]
    chain = len(pairs)
    hub_day = chain + len(classes) * days

    def node(k: IntArray, day: IntArray) -> IntArray:
        rows: IntArray = chain + k * days + day
        return rows

    hold_class, hold_day = _days_up_to(class_last - 1, len(classes))
    out_class, out_day = _days_up_to(class_last, len(classes))
    rows = np.concatenate(
        [
            np.stack([pair_row, node(job_class, cands.first[jobs])], axis=1),
            np.stack([node(hold_class, hold_day), node(hold_class, hold_day + 1)], axis=1),
            np.stack(
                [node(out_class, out_day), hub_day + class_hub[out_class] * days + out_day],
                axis=1,
            ),
        ]
    ).ravel()
    values = np.concatenate(
        [
            np.stack([np.ones(len(jobs)), mass], axis=1),
            np.tile([-1.0, 1.0], (len(hold_class) + len(out_class), 1)),
        ]
    ).ravel()
    n = len(jobs) + len(hold_class) + len(out_class)
    lower = np.concatenate([np.full(chain, -np.inf), np.zeros(len(classes) * days)])
    upper = np.concatenate([flow[pairs], np.zeros(len(classes) * days), capacity.ravel()])
    lower = np.concatenate([lower, np.full(hubs * days, -np.inf)])
    highs = highspy.Highs()  # type: ignore[no-untyped-call]
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("solver", "ipm")
    if seconds is not None:
        highs.setOptionValue("time_limit", max(seconds, 0.001))
    none = np.zeros(0, dtype=np.int64)
    highs.addRows(len(upper), lower, upper, 0, none, none, np.zeros(0))
    # Waiting costs a little, so that mass leaves as early as the capacity lets it: tier
    # stages do not mind the day, and without it the LP's vertex held flow to day 92 of 180.
    hold_cost = np.full(len(hold_class), WAIT_COST)
    cost = np.concatenate([-mass, hold_cost, np.zeros(len(out_class))])
    starts = 2 * np.arange(n, dtype=np.int64)
    highs.addCols(n, cost, np.zeros(n), np.full(n, np.inf), len(rows), starts, rows, values)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    departures = np.zeros((len(classes), days))
    departures[out_class, out_day] = solution[len(jobs) + len(hold_class) :]
    index, when, placed = _first_come(
        jobs, job_class, cands.first[jobs], solution[: len(jobs)] * mass, departures
    )
    pair_mass = np.zeros(len(pairs))
    pair_mass[pair_row] = mass
    return Schedule(
        index=index,
        days=when,
        units=placed / cands.mass_t[index],
        placed=float(solution[: len(jobs)] @ mass),
        wanted=float(flow[pairs] @ pair_mass),
    )


def _days_up_to(last: IntArray, count: int) -> tuple[IntArray, IntArray]:
    """(class, day) for every day 0..last[class] of every class."""
    lengths = np.maximum(last + 1, 0)
    owner = np.repeat(np.arange(count), lengths)
    day = np.arange(len(owner)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, day


def _first_come(
    jobs: IntArray,
    job_class: IntArray,
    arrival: IntArray,
    placed: FloatArray,
    departures: FloatArray,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Hand each class's departures (t per day) to its jobs' placed mass in order of arrival:
    job j covers the stretch [A_{j-1}, A_j) of its class's cumulative arrivals, day e the
    stretch [D_{e-1}, D_e) of its cumulative departures; what overlaps leaves on that day."""
    index, days, mass = [], [], []
    for k in range(departures.shape[0]):
        members = np.flatnonzero(job_class == k)
        members = members[np.argsort(arrival[members], kind="stable")]
        arrived = np.cumsum(placed[members])
        left = np.cumsum(departures[k])
        end = min(arrived[-1], left[-1]) if len(members) else 0.0
        cuts = np.unique(np.concatenate([[0.0], arrived, left]))
        cuts = cuts[cuts <= end]
        lo, hi = cuts[:-1], cuts[1:]
        middle = (lo + hi) / 2
        keep = hi - lo > EPSILON
        job = np.searchsorted(arrived, middle[keep], side="right")
        index.append(jobs[members[job]])
        days.append(np.searchsorted(left, middle[keep], side="right"))
        mass.append((hi - lo)[keep])
    return (
        np.concatenate(index).astype(np.int64),
        np.concatenate(days).astype(np.int64),
        np.concatenate(mass),
    )
