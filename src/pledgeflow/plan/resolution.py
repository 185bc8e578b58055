"""Plan quantities at a stated resolution, within every §5 limit exactly, not up to float dust.

A partner may re-check a plan from the file it receives, without tolerance; solver floats such
as 32.000001 against a pledge of 32 fail that. So every line is snapped to RESOLUTION (one
millionth of a unit; indivisible items to whole units) working in integers of it: round to the
nearest, then cut lines until each pledge, requirement and hub-day sum is within its limit as
written (hub-day sums in exact fractions of the records' decimal masses and capacities), then
until every precedence pair holds. Cuts only lower quantities, so a later cut never breaks an
earlier row. They take divisible lines first, then the lowest priority, then the largest
requirement (the least fill per unit). A float of n millionths prints as exactly that decimal,
so CSV, workbook, JSON and the stored lines carry the snapped value.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.plans import Allocation
from pledgeflow.plan.problem import Problem

SCALE = 1_000_000
RESOLUTION = 1 / SCALE
"""Quantities written in a plan are whole multiples of this many units."""


class _Lines:
    """The lines' quantities in millionths, with what each cut needs to know of them."""

    def __init__(self, data: Dataset, lines: tuple[Allocation, ...]) -> None:
        items = {item.code: item for item in data.items}
        pledges = {p.id: p for p in data.pledges}
        reqs = {r.id: r for r in data.requirements}
        self.lines = lines
        self.step = [1 if items[pledges[a.pledge].item].divisible else SCALE for a in lines]
        self.micro = [
            round(a.quantity * SCALE / step) * step
            for a, step in zip(lines, self.step, strict=True)
        ]
        self.mass_t = [
            Fraction(items[pledges[a.pledge].item].unit_mass_kg) / (1000 * SCALE) for a in lines
        ]
        self.order = [
            (step > 1, -reqs[a.requirement].priority, -reqs[a.requirement].quantity)
            for a, step in zip(lines, self.step, strict=True)
        ]

    def cut(
        self, members: Iterable[int], weight: Callable[[int], Fraction], excess: Fraction
    ) -> None:
        """Lower the members' quantities in cut order until their weighted sum drops by at
        least `excess`."""
        self.cut_in_order(sorted(members, key=lambda i: self.order[i]), excess, weight)

    def cut_in_order(
        self,
        members: list[int],
        excess: Fraction,
        weight: Callable[[int], Fraction] | None = None,
    ) -> None:
        """Lower the members' quantities, first member first, until their weighted sum (units
        without a `weight`) drops by at least `excess`."""
        for i in members:
            if excess <= 0:
                return
            per_step = (Fraction(1) if weight is None else weight(i)) * self.step[i]
            steps = min(self.micro[i] // self.step[i], -(-excess // per_step))
            self.micro[i] -= int(steps) * self.step[i]
            excess -= steps * per_step

    def snapped(self) -> tuple[Allocation, ...]:
        return tuple(
            replace(a, quantity=m / SCALE)
            for a, m in zip(self.lines, self.micro, strict=True)
            if m > 0
        )


def snap_lines(problem: Problem, lines: tuple[Allocation, ...]) -> tuple[Allocation, ...]:
    """The lines at RESOLUTION, every §5 sum within its limit exactly; zero lines dropped."""
    data = problem.dataset
    state = _Lines(data, lines)
    by_pledge, by_req = defaultdict(list), defaultdict(list)
    by_hub_day: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, a in enumerate(lines):
        by_pledge[a.pledge].append(i)
        by_req[a.requirement].append(i)
        by_hub_day[(a.hub, a.hub_out_date)].append(i)
    pledged = {p.id: p.quantity for p in data.pledges}
    required = {r.id: r.quantity for r in data.requirements}
    for key, members in by_pledge.items():
        _cut_to(state, members, _unit, pledged[key] * SCALE)
    for key, members in by_req.items():
        _cut_to(state, members, _unit, required[key] * SCALE)
    capacity = _Capacity(data)
    for (hub, day), members in by_hub_day.items():
        _cut_to(state, members, state.mass_t.__getitem__, capacity.on(hub, day))
    _keep_precedence(problem, state)
    return state.snapped()


def _unit(_: int) -> Fraction:
    return Fraction(1)


def _cut_to(
    state: _Lines, members: list[int], weight: Callable[[int], Fraction], limit: Decimal
) -> None:
    load = sum((state.micro[i] * weight(i) for i in members), Fraction(0))
    if load > Fraction(limit):
        state.cut(members, weight, load - Fraction(limit))


class _Capacity:
    """A hub's capacity on a day as the records write it: the site's, or the last calendar
    entry covering the day."""

    def __init__(self, data: Dataset) -> None:
        self.base = {s.code: s.capacity_t_per_day or Decimal(0) for s in data.sites if s.is_hub}
        self.calendar = defaultdict(list)
        for entry in data.hub_calendar:
            self.calendar[entry.hub].append(entry)

    def on(self, hub: str, day: dt.date) -> Decimal:
        value = self.base.get(hub, Decimal(0))
        for entry in self.calendar.get(hub, []):
            if entry.covers(day):
                value = entry.capacity_t_per_day
        return value


def _keep_precedence(problem: Problem, state: _Lines) -> None:
    """Cut the later requirement's dispatches wherever, by some day, more of them have left than
    of the earlier one (credits included) has arrived; repeated until no pair needs a cut, since
    a cut line may be another pair's earlier requirement."""
    credits = problem.precedence_credits or tuple(() for _ in problem.precedence)
    for _ in range(len(problem.precedence) + 1):
        cuts = 0
        for (before, after), pair_credits in zip(problem.precedence, credits, strict=True):
            cuts += _keep_pair(problem, state, before, after, pair_credits)
        if not cuts:
            return


def _keep_pair(
    problem: Problem,
    state: _Lines,
    before: int,
    after: int,
    pair_credits: tuple[tuple[int, float], ...],
) -> int:
    earlier = problem.req_ids[before] if before >= 0 else None
    later = problem.req_ids[after]
    events = [(day, Fraction(Decimal(repr(units))) * SCALE) for day, units in pair_credits]
    leaving: list[int] = []
    for i, a in enumerate(state.lines):
        if a.requirement == earlier:
            events.append((a.arrival_date.toordinal(), Fraction(state.micro[i])))
        elif a.requirement == later:
            leaving.append(i)
    cuts = 0
    days = {state.lines[i].dispatch_date.toordinal() for i in leaving}
    days |= {day for day, units in pair_credits if units < 0}
    for day in sorted(days):
        gone = [i for i in leaving if state.lines[i].dispatch_date.toordinal() <= day]
        balance = sum((units for d, units in events if d <= day), Fraction(0))
        balance -= sum(state.micro[i] for i in gone)
        if balance < 0 and gone:
            gone.sort(key=lambda i: -state.lines[i].dispatch_date.toordinal())
            state.cut_in_order(gone, -balance)
            cuts += 1
    return cuts
