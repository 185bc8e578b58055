"""Precedence rows: a later requirement may only take units the earlier one has delivered.

For a pair (a, b) of requirement positions and every day τ on which b's units can be
dispatched, one row says

    Σ units of b dispatched on or before τ  −  Σ units of a arriving on or before τ  ≤  credit(τ)

where credit(τ) sums the pair's credits dated on or before τ: units of a that arrived outside
the plan (positive) and units of b dispatched outside it (negative). a may be −1: a pair with
only credits on the earlier side. Training uses it for cohorts: trainees start the later course
only once they finished the prerequisite, and confirmed bookings are the credits.

More, with measurements: docs/planner.md, "precedence".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pledgeflow.plan.problem import BoolArray, FloatArray, IntArray, Problem

DUAL_ZERO = 1e-12
REPAIR_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class PrecedenceRows:
    """Row thresholds per pair; rows of pair k start at `offsets[k]` after `first_row`."""

    before: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    after: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    thresholds: tuple[IntArray, ...] = ()
    offsets: IntArray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    first_row: int = 0
    upper: FloatArray = field(default_factory=lambda: np.zeros(0))

    @property
    def num_rows(self) -> int:
        return int(self.offsets[-1])

    def entries(
        self, requirement: IntArray, dispatch: IntArray, arrival: IntArray
    ) -> tuple[IntArray, IntArray, FloatArray]:
        """(column position, row, value) of the precedence entries of columns described by
        their requirement, dispatch day and arrival day (offsets from as_of)."""
        cols, rows, values = [], [], []
        for k, (a, b) in enumerate(zip(self.before, self.after, strict=True)):
            tau = self.thresholds[k]
            base = self.first_row + int(self.offsets[k])
            for req, day, sign in ((b, dispatch, 1.0), (a, arrival, -1.0)):
                members = np.flatnonzero(requirement == req)
                start = np.searchsorted(tau, day[members], side="left")
                counts = len(tau) - start
                owner = np.repeat(members, counts)
                offsets = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
                cols.append(owner)
                rows.append(base + np.repeat(start, counts) + offsets)
                values.append(np.full(len(owner), sign))
        if not cols:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0)
        return (
            np.concatenate(cols).astype(np.int64),
            np.concatenate(rows).astype(np.int64),
            np.concatenate(values),
        )

    def reduced_terms(
        self,
        requirement: IntArray,
        dispatch: IntArray,
        arrival: IntArray,
        duals: FloatArray,
        *,
        floor: bool = False,
    ) -> FloatArray:
        """−(column's precedence coefficients)·duals for each described column.

        With `floor`, the earlier requirement's columns get a lower bound over all later days
        instead (positive duals left out), which pricing uses to discard hopeless triples.
        """
        terms = np.zeros(len(requirement))
        for k, (a, b) in enumerate(zip(self.before, self.after, strict=True)):
            y = self._duals(k, duals)
            for req, day, sign, part in ((b, dispatch, 1.0, y), (a, arrival, -1.0, y)):
                if floor and sign < 0:
                    part = np.minimum(y, 0.0)
                suffix = np.concatenate([np.cumsum(part[::-1])[::-1], [0.0]])
                members = np.flatnonzero(requirement == req)
                start = np.searchsorted(self.thresholds[k], day[members], side="left")
                terms[members] -= sign * suffix[start]
        return terms

    def monotone_from(
        self, requirement: IntArray, outbound: IntArray, duals: FloatArray
    ) -> IntArray:
        """Per column, the first hub-out day from which its precedence share no longer falls
        as the day grows: past the last row with a positive dual (a face-fixed row can have
        one), every later day only drops non-positive duals from the sum."""
        first = np.zeros(len(requirement), dtype=np.int64)
        for k, a in enumerate(self.before):
            positive = np.flatnonzero(self._duals(k, duals) > DUAL_ZERO)
            if len(positive) == 0:
                continue
            last = int(self.thresholds[k][positive[-1]])
            members = requirement == a
            first[members] = np.maximum(first[members], last - outbound[members] + 1)
        return first

    def repair(
        self,
        requirement: IntArray,
        dispatch: IntArray,
        arrival: IntArray,
        values: FloatArray,
        integral: BoolArray,
    ) -> FloatArray:
        """Column values cut back until every precedence row holds.

        Rounding whole units down can break a row (fewer units of the earlier requirement
        arrive); taking units of the later one away never breaks any other row of the model,
        so on each row's first excess the latest-dispatched units of the later requirement
        are removed, whole units for indivisible items. A chain (a → b → c) may need a second
        pass, since cutting b can break b → c; a pass per pair suffices.
        """
        values = values.copy()
        for _ in range(len(self.before) + 1):
            changed = False
            for k in range(len(self.before)):
                changed |= self._repair_pair(k, requirement, dispatch, arrival, values, integral)
            if not changed:
                break
        return values

    def _repair_pair(
        self,
        k: int,
        requirement: IntArray,
        dispatch: IntArray,
        arrival: IntArray,
        values: FloatArray,
        integral: BoolArray,
    ) -> bool:
        tau, upper = self.thresholds[k], self.upper[self.offsets[k] : self.offsets[k + 1]]
        later = np.flatnonzero(requirement == self.after[k])
        earlier = np.flatnonzero(requirement == self.before[k])
        changed = False
        for j, day in enumerate(tau):
            started = values[later[dispatch[later] <= day]].sum()
            arrived = values[earlier[arrival[earlier] <= day]].sum()
            excess = started - arrived - upper[j]
            for col in later[np.argsort(-dispatch[later], kind="stable")]:
                if excess <= REPAIR_TOLERANCE:
                    break
                if dispatch[col] > day or values[col] <= 0:
                    continue
                cut = min(
                    values[col], np.ceil(excess - REPAIR_TOLERANCE) if integral[col] else excess
                )
                values[col] -= cut
                excess -= cut
                changed = True
        return changed

    def _duals(self, k: int, duals: FloatArray) -> FloatArray:
        lo = self.first_row + int(self.offsets[k])
        return duals[lo : lo + len(self.thresholds[k])]


def precedence_rows(
    problem: Problem, as_of: int, horizon_days: int, cand_req: IntArray, cand_dispatch: IntArray
) -> PrecedenceRows:
    """The rows for `problem.precedence`, numbered after the capacity rows; `as_of` is the plan
    date's ordinal, `cand_dispatch` each candidate's dispatch day (offset from as_of)."""
    hubs = len(problem.hub_site)
    first_row = len(problem.pledge_ids) + len(problem.req_ids) + hubs * (horizon_days + 1)
    if not problem.precedence:
        return PrecedenceRows(first_row=first_row)
    before = np.asarray([a for a, _ in problem.precedence], dtype=np.int64)
    after = np.asarray([b for _, b in problem.precedence], dtype=np.int64)
    credits = problem.precedence_credits or tuple(() for _ in problem.precedence)
    thresholds, uppers = [], []
    for b, pair_credits in zip(after, credits, strict=True):
        days = np.asarray([d - as_of for d, _ in pair_credits], dtype=np.int64)
        units = np.asarray([u for _, u in pair_credits], dtype=np.float64)
        own = days[(units < 0) & (days >= 0)]
        tau = np.unique(np.concatenate([cand_dispatch[cand_req == b], own]))
        thresholds.append(tau)
        uppers.append(np.asarray([units[days <= t].sum() for t in tau], dtype=np.float64))
    sizes = np.asarray([len(t) for t in thresholds], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    upper = np.concatenate(uppers) if uppers else np.zeros(0)
    return PrecedenceRows(before, after, tuple(thresholds), offsets, first_row, upper)
