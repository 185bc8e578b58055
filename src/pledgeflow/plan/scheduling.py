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
departures are handed to the jobs that have arrived (`first_due`), which the chain's balance
makes feasible: by every day, no more has left than has arrived.
"""

from __future__ import annotations

import heapq
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


@dataclass(frozen=True, slots=True)
class HubChains:
    """Per hub, one chain of day nodes per deadline class (hub, last hub-out day): hold arcs
    (day d to d + 1) and departure arcs (day d to the hub-day's capacity row), two entries each.
    Node rows follow `node_start`, hub-day rows `hub_day_start`, in whatever LP holds them."""

    days: int
    class_hub: IntArray
    hold_class: IntArray
    hold_day: IntArray
    out_class: IntArray
    out_day: IntArray

    @classmethod
    def of(cls, hub: IntArray, last: IntArray, days: int) -> tuple[HubChains, IntArray]:
        """The chains of triples at `hub` with `last`, and each triple's class."""
        classes, member = np.unique(hub * days + last, return_inverse=True)
        class_hub, class_last = classes // days, classes % days
        hold_class, hold_day = _days_up_to(class_last - 1, len(classes))
        out_class, out_day = _days_up_to(class_last, len(classes))
        chains = cls(days, class_hub, hold_class, hold_day, out_class, out_day)
        return chains, member.astype(np.int64)

    @property
    def num_nodes(self) -> int:
        return len(self.class_hub) * self.days

    @property
    def num_arcs(self) -> int:
        return len(self.hold_class) + len(self.out_class)

    def node(self, k: IntArray, day: IntArray) -> IntArray:
        rows: IntArray = k * self.days + day
        return rows

    def arc_entries(self, node_start: int, hub_day_start: int) -> tuple[IntArray, FloatArray]:
        """Rows and values of the hold arcs, then the departure arcs."""
        hold = node_start + self.node(self.hold_class, self.hold_day)
        out = node_start + self.node(self.out_class, self.out_day)
        rows = np.concatenate(
            [
                np.stack([hold, hold + 1], axis=1),
                np.stack(
                    [
                        out,
                        hub_day_start + self.class_hub[self.out_class] * self.days + self.out_day,
                    ],
                    axis=1,
                ),
            ]
        ).ravel()
        return rows, np.tile([-1.0, 1.0], self.num_arcs)

    def departures(self, out_values: FloatArray) -> FloatArray:
        """Mass (t) per class and day from the departure arcs' values."""
        departures = np.zeros((len(self.class_hub), self.days))
        departures[self.out_class, self.out_day] = out_values
        return departures


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
    chains, job_class = HubChains.of(cands.hub[jobs], cands.last[jobs], days)
    mass = cands.mass_t[jobs]
    chain = len(pairs)
    hub_day = chain + chains.num_nodes
    arc_rows, arc_values = chains.arc_entries(chain, hub_day)
    rows = np.concatenate(
        [
            np.stack([pair_row, chain + chains.node(job_class, cands.first[jobs])], axis=1).ravel(),
            arc_rows,
        ]
    )
    values = np.concatenate([np.stack([np.ones(len(jobs)), mass], axis=1).ravel(), arc_values])
    n = len(jobs) + chains.num_arcs
    lower = np.concatenate([np.full(chain, -np.inf), np.zeros(chains.num_nodes)])
    upper = np.concatenate([flow[pairs], np.zeros(chains.num_nodes), capacity.ravel()])
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
    hold_cost = np.full(len(chains.hold_class), WAIT_COST)
    cost = np.concatenate([-mass, hold_cost, np.zeros(len(chains.out_class))])
    starts = 2 * np.arange(n, dtype=np.int64)
    highs.addCols(n, cost, np.zeros(n), np.full(n, np.inf), len(rows), starts, rows, values)
    highs.run()
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = np.asarray(highs.getSolution().col_value, dtype=np.float64)
    departures = chains.departures(solution[len(jobs) + len(chains.hold_class) :])
    unit = np.where(cands.integral[jobs], mass, 0.0)
    index, when, placed = first_due(
        jobs,
        job_class,
        cands.first[jobs],
        cands.on_time[jobs],
        solution[: len(jobs)] * mass,
        departures,
        unit,
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


def first_due(
    jobs: IntArray,
    job_class: IntArray,
    arrival: IntArray,
    due: IntArray,
    placed: FloatArray,
    departures: FloatArray,
    unit: FloatArray,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Hand each class's departures (t per day) to its jobs' placed mass, none before it
    arrives: route columns (job, day, mass).

    Jobs of one class are interchangeable on its chain, so any mass that has arrived may fill a
    day's departures; the chain's balance (by every day, no more has left than has arrived)
    makes every day fillable. Of what has arrived, indivisible jobs (`unit`: t per unit, 0 for
    divisible ones) leave first in whole units, divisible mass fills the rest, and a unit is
    split over days only if no divisible mass is there to fill: split units are what rounding
    to whole units loses (at M, 25 units of tiers 1–4 when jobs left in order of arrival).
    Within each kind the job `due` first (its last on-time day) leaves first: no tier minds
    the day, but a plan stopped before the lateness stage keeps what this gives."""
    out: list[tuple[int, int, float]] = []
    left = placed.astype(np.float64).copy()
    for k in range(departures.shape[0]):
        members = np.flatnonzero(job_class == k)
        out += _due_first(members, arrival, due, left, unit, departures[k])
    columns = np.asarray(out, dtype=np.float64).reshape(-1, 3)
    return (
        jobs[columns[:, 0].astype(np.int64)],
        columns[:, 1].astype(np.int64),
        columns[:, 2],
    )


def _due_first(
    members: IntArray,
    arrival: IntArray,
    due: IntArray,
    left: FloatArray,
    unit: FloatArray,
    departures: FloatArray,
) -> list[tuple[int, int, float]]:
    """One class's departures day by day (see `first_due`); `left` is what each job has still
    to send, and is used up."""
    waiting = sorted(members.tolist(), key=lambda m: (arrival[m], due[m]), reverse=True)
    whole: list[tuple[int, int]] = []
    divisible: list[tuple[int, int]] = []
    out: list[tuple[int, int, float]] = []
    for day in np.flatnonzero(departures > EPSILON).tolist():
        while waiting and arrival[waiting[-1]] <= day:
            member = waiting.pop()
            heapq.heappush(whole if unit[member] > 0 else divisible, (int(due[member]), member))
        rest = float(departures[day])
        whole.sort()
        for _, member in whole:
            size = float(unit[member])
            units = min(np.floor(left[member] / size + EPSILON), np.floor(rest / size + EPSILON))
            if units >= 1:
                part = min(units * size, float(left[member]))
                out.append((member, day, part))
                left[member] -= part
                rest -= part
        while rest > EPSILON and divisible:
            member = divisible[0][1]
            part = min(float(left[member]), rest)
            out.append((member, day, part))
            left[member] -= part
            rest -= part
            if left[member] <= EPSILON:
                heapq.heappop(divisible)
        for _, member in whole:
            if rest <= EPSILON:
                break
            part = min(float(left[member]), rest)
            if part > EPSILON:
                out.append((member, day, part))
                left[member] -= part
                rest -= part
        whole = [job for job in whole if left[job[1]] > EPSILON]
    return out
