"""What-if scenarios: changes to the planner's inputs, applied to a snapshot, never to records.

A `Snapshot` is what a plan starts from: the recorded dataset, the shipments (what has left
its origin), the plan date and horizon. Each change below returns a new snapshot; the planner
then sees it exactly as it sees the records (re-planning inputs, DESIGN §5). Quantities already
dispatched are taken from the shipment records, so no change can undo what has left a depot.

- `withdraw DONOR [from DATE]`: each of its pledges not wholly dispatched by DATE (default: the
  plan date) is withdrawn; what its shipments dispatched stays under way or in hub stock. Its
  fund contributions go too: each open pledge a fund bought keeps only the other
  contributors' share of its quantity (`fund_purchases.withdraw_fund_share`, issue #19).
- `delay DONOR DAYS`: its pledges become available DAYS later.
- `cut DONOR FRACTION [CLASS]`: the undispatched part of its pledges (of supply class CLASS)
  shrinks by FRACTION (whole units for indivisible items, rounded down).
- `close HUB FROM TO` / `cap HUB FROM TO T_PER_DAY`: the hub's capacity on those days is 0 /
  at most T_PER_DAY (the hub calendar is spliced; other days keep their capacity).
- `close LANE FROM TO` (LANE as `A>B`): a window covering the whole plan window removes the lane;
  a shorter one overlapping it adds its length in days to the lane's transit time, since the
  planner's lanes have no calendar: every crossing in the run is treated as waiting it out,
  which is never earlier than reality (a conservative reading).
- `add REQUIREMENT ITEM QUANTITY PRIORITY NEEDED_BY DESTINATION`, `priority REQUIREMENT P`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.financing import FinanceRecords
from pledgeflow.domain.fund_purchases import withdraw_fund_share
from pledgeflow.domain.items import SupplyClass
from pledgeflow.domain.overlays import Problem
from pledgeflow.domain.parties import Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import PRIORITIES, Requirement
from pledgeflow.domain.shipments import Shipment
from pledgeflow.domain.sites import HubCalendarEntry, SiteKind

ONE_DAY = dt.timedelta(days=1)
MAX_DAYS = 3660
_OPEN = (PledgeStatus.ANNOUNCED, PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED)


@dataclass(frozen=True, slots=True)
class Snapshot:
    dataset: Dataset
    shipments: tuple[Shipment, ...]
    as_of: dt.date
    horizon_days: int
    finance: FinanceRecords = field(default_factory=FinanceRecords)

    @property
    def horizon_end(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.horizon_days)

    def dispatched(self, on: dt.date) -> dict[str, Decimal]:
        """Per pledge, the units its shipments had dispatched by `on`."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for shipment in self.shipments:
            totals[shipment.pledge] += shipment.tally(on).dispatched
        return totals

    def with_pledges(self, change: Callable[[Pledge], Pledge]) -> Snapshot:
        pledges = tuple(change(p) for p in self.dataset.pledges)
        return replace(self, dataset=replace(self.dataset, pledges=pledges))


def _donor_problems(snapshot: Snapshot, donor: str) -> list[Problem]:
    party = next((p for p in snapshot.dataset.parties if p.code == donor), None)
    if party is None:
        return [Problem("donor", f"no party {donor!r}")]
    if not party.has_role(Role.DONOR):
        return [Problem("donor", f"party {donor!r} is not a donor")]
    return []


def _window_problems(start: dt.date, end: dt.date) -> list[Problem]:
    if end < start:
        return [Problem("to", f"{end} is before 'from' {start}")]
    if (end - start).days > MAX_DAYS:
        return [Problem("to", f"a window of at most {MAX_DAYS} days")]
    return []


@dataclass(frozen=True, slots=True)
class Withdraw:
    donor: str
    from_date: dt.date | None = None

    def text(self) -> str:
        return f"withdraw {self.donor}" + (f" from {self.from_date}" if self.from_date else "")

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        return _donor_problems(snapshot, self.donor)

    def apply(self, snapshot: Snapshot) -> Snapshot:
        dispatched = snapshot.dispatched(self.from_date or snapshot.as_of)

        def withdrawn(pledge: Pledge) -> Pledge:
            if pledge.donor != self.donor or pledge.status not in _OPEN:
                return pledge
            if dispatched[pledge.id] >= pledge.quantity:
                return pledge
            return pledge.moved_to(PledgeStatus.WITHDRAWN)

        return _without_fund_share(snapshot.with_pledges(withdrawn), self.donor)


def _without_fund_share(snapshot: Snapshot, donor: str) -> Snapshot:
    """The open pledges funds bought, less `donor`'s share of each fund."""
    items = {item.code: item for item in snapshot.dataset.items}
    pledges = snapshot.dataset.pledges
    shrunk = withdraw_fund_share(pledges, items, snapshot.finance, donor)
    kept = tuple(
        new if old.status in _OPEN else old for old, new in zip(pledges, shrunk, strict=True)
    )
    return replace(snapshot, dataset=replace(snapshot.dataset, pledges=kept))


@dataclass(frozen=True, slots=True)
class Delay:
    donor: str
    days: int

    def text(self) -> str:
        return f"delay {self.donor} {self.days}"

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        found = _donor_problems(snapshot, self.donor)
        if not 1 <= self.days <= MAX_DAYS:
            found.append(Problem("days", f"must be 1 to {MAX_DAYS}"))
        return found

    def apply(self, snapshot: Snapshot) -> Snapshot:
        later = dt.timedelta(days=self.days)

        def delayed(pledge: Pledge) -> Pledge:
            if pledge.donor != self.donor or pledge.status not in _OPEN:
                return pledge
            return replace(pledge, available_from=pledge.available_from + later)

        return snapshot.with_pledges(delayed)


@dataclass(frozen=True, slots=True)
class Cut:
    donor: str
    fraction: Decimal
    supply_class: SupplyClass | None = None

    def text(self) -> str:
        tail = f" {self.supply_class}" if self.supply_class else ""
        return f"cut {self.donor} {self.fraction}{tail}"

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        found = _donor_problems(snapshot, self.donor)
        if not Decimal(0) < self.fraction <= Decimal(1):
            found.append(Problem("fraction", "must be more than 0 and at most 1"))
        return found

    def apply(self, snapshot: Snapshot) -> Snapshot:
        items = {item.code: item for item in snapshot.dataset.items}
        dispatched = snapshot.dispatched(snapshot.as_of)

        def cut(pledge: Pledge) -> Pledge:
            item = items[pledge.item]
            if pledge.donor != self.donor or pledge.status not in _OPEN:
                return pledge
            if self.supply_class is not None and item.supply_class is not self.supply_class:
                return pledge
            sent = min(dispatched[pledge.id], pledge.quantity)
            step = Decimal(1) if not item.divisible else Decimal("0.001")
            kept = ((pledge.quantity - sent) * (1 - self.fraction)).quantize(step, ROUND_DOWN)
            if sent + kept <= 0:
                return pledge.moved_to(PledgeStatus.WITHDRAWN)
            return replace(pledge, quantity=sent + kept)

        return snapshot.with_pledges(cut)


def _hub_problems(snapshot: Snapshot, hub: str, start: dt.date, end: dt.date) -> list[Problem]:
    site = next((s for s in snapshot.dataset.sites if s.code == hub), None)
    if site is None:
        return [Problem("hub", f"no site {hub!r}")]
    if site.kind is not SiteKind.HUB:
        return [Problem("hub", f"site {hub!r} is not a hub")]
    return _window_problems(start, end)


def _spliced(
    snapshot: Snapshot, hub: str, start: dt.date, end: dt.date, new: Callable[[Decimal], Decimal]
) -> Snapshot:
    """The hub calendar with days start…end set to `new(capacity that day)`, runs merged."""
    dataset = snapshot.dataset
    base = next(s.capacity_t_per_day for s in dataset.sites if s.code == hub) or Decimal(0)
    mine = [e for e in dataset.hub_calendar if e.hub == hub]
    kept = [e for e in dataset.hub_calendar if e.hub != hub]
    for entry in mine:
        if entry.from_date < start:
            kept.append(replace(entry, to_date=min(entry.to_date, start - ONE_DAY)))
        if entry.to_date > end:
            kept.append(replace(entry, from_date=max(entry.from_date, end + ONE_DAY)))
    runs: list[HubCalendarEntry] = []
    for offset in range((end - start).days + 1):
        day = start + dt.timedelta(days=offset)
        covering = next((e for e in reversed(mine) if e.covers(day)), None)
        capacity = new(covering.capacity_t_per_day if covering else base)
        if runs and runs[-1].capacity_t_per_day == capacity:
            runs[-1] = replace(runs[-1], to_date=day)
        else:
            runs.append(HubCalendarEntry(hub, day, day, capacity))
    kept.extend(runs)
    calendar = tuple(sorted(kept, key=lambda e: (e.hub, e.from_date)))
    return replace(snapshot, dataset=replace(dataset, hub_calendar=calendar))


@dataclass(frozen=True, slots=True)
class CloseHub:
    hub: str
    from_date: dt.date
    to_date: dt.date

    def text(self) -> str:
        return f"close {self.hub} {self.from_date} {self.to_date}"

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        return _hub_problems(snapshot, self.hub, self.from_date, self.to_date)

    def apply(self, snapshot: Snapshot) -> Snapshot:
        return _spliced(snapshot, self.hub, self.from_date, self.to_date, lambda _: Decimal(0))


@dataclass(frozen=True, slots=True)
class CapHub:
    hub: str
    from_date: dt.date
    to_date: dt.date
    capacity_t_per_day: Decimal

    def text(self) -> str:
        return f"cap {self.hub} {self.from_date} {self.to_date} {self.capacity_t_per_day}"

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        found = _hub_problems(snapshot, self.hub, self.from_date, self.to_date)
        if self.capacity_t_per_day < 0:
            found.append(Problem("capacity_t_per_day", "must not be negative"))
        elif self.capacity_t_per_day != self.capacity_t_per_day.quantize(Decimal("0.001")):
            found.append(Problem("capacity_t_per_day", "at most 3 decimal places"))
        return found

    def apply(self, snapshot: Snapshot) -> Snapshot:
        cap = self.capacity_t_per_day
        return _spliced(snapshot, self.hub, self.from_date, self.to_date, lambda c: min(c, cap))


@dataclass(frozen=True, slots=True)
class CloseLane:
    from_site: str
    to_site: str
    from_date: dt.date
    to_date: dt.date

    def text(self) -> str:
        return f"close {self.from_site}>{self.to_site} {self.from_date} {self.to_date}"

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        lanes = snapshot.dataset.lanes
        if not any(
            lane.from_site == self.from_site and lane.to_site == self.to_site for lane in lanes
        ):
            return [Problem("lane", f"no lane {self.from_site!r} > {self.to_site!r}")]
        return _window_problems(self.from_date, self.to_date)

    def apply(self, snapshot: Snapshot) -> Snapshot:
        start, end = max(self.from_date, snapshot.as_of), min(self.to_date, snapshot.horizon_end)
        if end < start:
            return snapshot
        whole = self.from_date <= snapshot.as_of and self.to_date >= snapshot.horizon_end
        lanes = []
        for lane in snapshot.dataset.lanes:
            if (lane.from_site, lane.to_site) != (self.from_site, self.to_site):
                lanes.append(lane)
            elif not whole:
                lanes.append(replace(lane, days=lane.days + (end - start).days + 1))
        return replace(snapshot, dataset=replace(snapshot.dataset, lanes=tuple(lanes)))


@dataclass(frozen=True, slots=True)
class AddRequirement:
    requirement: Requirement

    def text(self) -> str:
        r = self.requirement
        return f"add {r.id} {r.item} {r.quantity} {r.priority} {r.needed_by} {r.destination}"

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        dataset, r = snapshot.dataset, self.requirement
        found = []
        if any(other.id == r.id for other in dataset.requirements):
            found.append(Problem("requirement", f"requirement {r.id!r} already exists"))
        if not any(item.code == r.item for item in dataset.items):
            found.append(Problem("item", f"no item {r.item!r}"))
        if not any(site.code == r.destination for site in dataset.sites):
            found.append(Problem("destination", f"no site {r.destination!r}"))
        return found

    def apply(self, snapshot: Snapshot) -> Snapshot:
        requirements = (*snapshot.dataset.requirements, self.requirement)
        return replace(snapshot, dataset=replace(snapshot.dataset, requirements=requirements))


@dataclass(frozen=True, slots=True)
class SetPriority:
    requirement: str
    priority: int

    def text(self) -> str:
        return f"priority {self.requirement} {self.priority}"

    def problems(self, snapshot: Snapshot) -> list[Problem]:
        found = []
        if not any(r.id == self.requirement for r in snapshot.dataset.requirements):
            found.append(Problem("requirement", f"no requirement {self.requirement!r}"))
        if self.priority not in PRIORITIES:
            found.append(Problem("priority", "must be 1 (critical) to 5 (routine)"))
        return found

    def apply(self, snapshot: Snapshot) -> Snapshot:
        requirements = tuple(
            replace(r, priority=self.priority) if r.id == self.requirement else r
            for r in snapshot.dataset.requirements
        )
        return replace(snapshot, dataset=replace(snapshot.dataset, requirements=requirements))


ScenarioChange = (
    Withdraw | Delay | Cut | CloseHub | CapHub | CloseLane | AddRequirement | SetPriority
)


def donors_with_undispatched(snapshot: Snapshot) -> list[str]:
    """Donors holding a firm pledge not wholly dispatched: the ones a sweep withdraws."""
    dispatched = snapshot.dispatched(snapshot.as_of)
    found = {
        p.donor
        for p in snapshot.dataset.pledges
        if p.is_plannable and dispatched[p.id] < p.quantity
    }
    return sorted(found)


def texts(changes: Iterable[ScenarioChange]) -> list[str]:
    return [change.text() for change in changes]
