"""Pricing: which route columns not yet in the model would improve the current stage.

A column (triple i, hub-out day t) has, under a stage's duals, the reduced cost

    d(i, t) = A_i + a·late_weight_i·max(0, t − on_time_i) + b·t + mass_i·penalty[h_i, t]

where A_i gathers the time-independent cost and the pledge, requirement and (for a triple of
the reference plan) stability row duals, a and b are the stage's weights on lateness and the
tie-break (0 or 1), and penalty = −(capacity dual). Earlier stages restrict later ones to
their optimal face (see `solve`): a column may enter a later stage only if its reduced cost
under every earlier stage's duals is ≤ 0 (within FACE_TOLERANCE). Every term of d but the penalty
is non-decreasing in t, so for each triple the days are scanned from its first day until one
that is admissible, has zero penalty and has no negative penalty after it: no later day can
beat that one. Each scan step is vectorised over
all triples still scanning; most triples stop on their first day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pledgeflow.plan.build import CRITERIA, EARLY, LATENESS, Candidates
from pledgeflow.plan.problem import BoolArray, FloatArray, IntArray

DUAL_ZERO = 1e-12
# HiGHS accepts a basis as optimal with reduced costs down to -1e-7 (its dual feasibility
# tolerance); pricing below that would only re-offer columns the simplex will not take.
REDUCED_COST_TOLERANCE = 1e-7
FACE_TOLERANCE = 1e-10
"""A reduced cost under an earlier stage's duals above this puts a column off that stage's
optimal face. It must be far below REDUCED_COST_TOLERANCE: an admitted column loses the earlier
stage up to this much per unit, and columns carry thousands of units (at 1e-7, a warm-started
priority-4 stage bought 0.0016 of priority-3 fill). With duals of at most a few thousand,
rounding in a reduced cost stays near 1e-12, so no column on the face is refused."""
FIXED = np.delete(np.arange(len(CRITERIA)), [LATENESS, EARLY])


@dataclass(frozen=True, slots=True)
class StageDuals:
    """One stage's objective (a criterion) and the row duals at its optimum."""

    criterion: int
    duals: FloatArray


class _Pricer:
    """Reduced costs of (triple, day) columns under one stage's duals."""

    def __init__(self, cands: Candidates, stage: StageDuals) -> None:
        p, r = cands.num_pledges, cands.num_requirements
        duals = stage.duals
        self.cands = cands
        self.penalty = -duals[p + r : cands.capacity_end].reshape(cands.num_hubs, -1)
        self.duals = duals
        self.monotone = np.zeros(len(cands), dtype=np.int64)
        if cands.precedence.num_rows:
            self.monotone = cands.precedence.monotone_from(cands.requirement, cands.outbound, duals)
        weights = np.zeros(len(CRITERIA))
        weights[stage.criterion] = 1.0
        self.late = weights[LATENESS]
        self.early = weights[EARLY]
        self.base = weights[FIXED] @ cands.fixed[FIXED] - duals[cands.pledge]
        self.base -= duals[p + cands.requirement]
        # A referenced triple's columns carry −1 in its stability row: + that row's dual.
        referenced = cands.reference_row >= 0
        self.base[referenced] += duals[cands.reference_row[referenced]]

    def reduced(self, triples: IntArray, days: IntArray) -> FloatArray:
        c = self.cands
        late = np.maximum(days - c.on_time[triples], 0)
        reduced: FloatArray = (
            self.base[triples]
            + self.late * c.late_weight[triples] * late
            + self.early * days
            + c.mass_t[triples] * self.penalty[c.hub[triples], days]
            + self._precedence(triples, days)
        )
        return reduced

    def _precedence(self, triples: IntArray, days: IntArray, *, floor: bool = False) -> FloatArray:
        """The precedence rows' share (see `precedence`); `floor` bounds it over later days."""
        c = self.cands
        if not c.precedence.num_rows:
            return np.zeros(len(triples))
        arrival = days + c.outbound[triples]
        return c.precedence.reduced_terms(
            c.requirement[triples], c.dispatch[triples], arrival, self.duals, floor=floor
        )

    def lower_bound(self) -> FloatArray:
        """A bound below d(i, t) over all days: drops triples that can never be admissible."""
        c = self.cands
        least_penalty = np.minimum(self.penalty.min(axis=1), 0.0)[c.hub]
        every = np.arange(len(c), dtype=np.int64)
        least_precedence = self._precedence(every, c.first, floor=True)
        bound: FloatArray = (
            self.base + self.early * c.first + c.mass_t * least_penalty + least_precedence
        )
        return bound


def _scan(
    current: _Pricer, earlier: list[_Pricer], triples: IntArray, held: IntArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """Best admissible day of each triple under the current stage (see module docstring),
    among the columns the model does not hold (`held`: sorted keys, see `column_keys`)."""
    c = current.cands
    negative_after = _last_negative_day(current.penalty)
    best_value = np.full(len(triples), np.inf)
    best_day = np.full(len(triples), -1, dtype=np.int64)
    active = np.arange(len(triples))
    offset = 0
    while len(active):
        tri = triples[active]
        days = c.first[tri] + offset
        inside = days <= c.last[tri]
        active, tri, days = active[inside], tri[inside], days[inside]
        value = current.reduced(tri, days)
        admissible = _admissible(earlier, tri, days) & ~_is_held(held, column_keys(c, tri, days))
        better = admissible & (value < best_value[active])
        best_value[active[better]] = value[better]
        best_day[active[better]] = days[better]
        free = np.abs(current.penalty[c.hub[tri], days]) <= DUAL_ZERO
        done = admissible & free & (days >= negative_after[c.hub[tri]])
        done &= days >= current.monotone[tri]
        active = active[~done]
        offset += 1
    return triples, best_day, best_value


def column_keys(cands: Candidates, triples: IntArray, days: IntArray) -> IntArray:
    """One integer per (triple, hub-out day) column."""
    keys: IntArray = triples * (cands.horizon_days + 1) + days
    return keys


def _is_held(held: IntArray, keys: IntArray) -> BoolArray:
    if not len(held):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(held, keys), len(held) - 1)
    found: BoolArray = held[at] == keys
    return found


def admissible(
    cands: Candidates, earlier: list[StageDuals], triples: IntArray, days: IntArray
) -> BoolArray:
    """Whether each column (triple, day) lies on every earlier stage's optimal face."""
    return _admissible([_Pricer(cands, stage) for stage in earlier], triples, days)


def _admissible(earlier: list[_Pricer], triples: IntArray, days: IntArray) -> BoolArray:
    ok = np.ones(len(triples), dtype=bool)
    for pricer in earlier:
        ok &= pricer.reduced(triples, days) <= FACE_TOLERANCE
    return ok


def _last_negative_day(penalty: FloatArray) -> IntArray:
    """Per hub, one past the last day whose penalty is negative (0 if none)."""
    negative = penalty < -DUAL_ZERO
    days = penalty.shape[1]
    last = days - np.argmax(negative[:, ::-1], axis=1)
    return np.where(negative.any(axis=1), last, 0)


@dataclass(frozen=True, slots=True)
class Priced:
    """Columns to add, and per triple the least reduced cost any admissible column of it has
    (a lower bound for triples not scanned; +inf where no column is admissible)."""

    triples: IntArray
    days: IntArray
    least: FloatArray


def best_columns(
    cands: Candidates, current: StageDuals, earlier: list[StageDuals], limit: int, held: IntArray
) -> Priced:
    """Up to `limit` admissible (triple, day) columns of most negative reduced cost, one per
    triple, under the current stage's duals, none of them held by the model already (`held`,
    sorted keys). Held columns are skipped, not stopped at: one held at its bound with a
    negative reduced cost must not hide its triple's other days."""
    pricer = _Pricer(cands, current)
    before = [_Pricer(cands, stage) for stage in earlier]
    least = pricer.lower_bound()
    hopeful = least < -REDUCED_COST_TOLERANCE
    for old in before:
        ruled_out = old.lower_bound() > FACE_TOLERANCE
        least[ruled_out] = np.inf
        hopeful &= ~ruled_out
    triples, days, values = _scan(pricer, before, np.flatnonzero(hopeful), held)
    least[triples] = values
    chosen = np.flatnonzero(values < -REDUCED_COST_TOLERANCE)
    if len(chosen) > limit:
        chosen = chosen[np.argpartition(values[chosen], limit)[:limit]]
    return Priced(triples[chosen], days[chosen], least)
