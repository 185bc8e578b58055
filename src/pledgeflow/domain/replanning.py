"""Where things stand, as planner input: re-planning from the current state (issue 5).

What has left its origin is not re-allocated. Goods on a lane continue to their requirement,
so they reduce its remaining need and, while still to leave a hub, that hub's capacity on the
day they are due out. Goods sitting in a hub are re-routable stock: they become supply at the
hub (a virtual depot beside it, 0 days away) that the planner may send to any compatible
requirement. What was lost or damaged is neither supply nor delivered, so its requirement's
need comes back. Pledges keep only their undispatched quantity.

The cost of treating hub stock as a fresh arrival is that it waits the hub's handling days
again before it may leave; the plan is never infeasible for it, only up to that much later.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.shipments import Shipment, Stage, Tally
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind

ZERO = Decimal(0)
STOCK_PREFIX = "stock:"
_KG_PER_T = Decimal(1000)


@dataclass(frozen=True)
class ReplanInputs:
    dataset: Dataset
    stock: dict[str, str]
    """Virtual pledge id → the shipment whose hub stock it is."""


def stock_site(hub: str) -> str:
    return f"{hub}~stock"


def replanning_inputs(
    dataset: Dataset, shipments: Sequence[Shipment], as_of: dt.date
) -> ReplanInputs:
    tallies = [(s, s.tally(as_of)) for s in shipments]
    dispatched: dict[str, Decimal] = defaultdict(Decimal)
    committed: dict[str, Decimal] = defaultdict(Decimal)
    for shipment, tally in tallies:
        dispatched[shipment.pledge] += tally.dispatched
        committed[shipment.requirement] += (
            tally.delivered + tally.held(Stage.TO_HUB) + tally.held(Stage.TO_DESTINATION)
        )
    requirements = tuple(
        replace(r, quantity=r.quantity - committed[r.id])
        for r in dataset.requirements
        if r.quantity - committed[r.id] > 0
    )
    open_ids = {r.id for r in requirements}
    pledges = [
        replace(p, quantity=p.quantity - dispatched[p.id])
        for p in dataset.pledges
        if p.quantity - dispatched[p.id] > 0 and (p.earmark is None or p.earmark in open_ids)
    ]
    stock_pledges, stock = _hub_stock(dataset, tallies, as_of, open_ids)
    sites, lanes = _stock_sites(dataset, {s.hub for s, t in tallies if t.held(Stage.AT_HUB) > 0})
    calendar = _reserved_capacity(dataset, tallies, as_of)
    adjusted = replace(
        dataset,
        sites=dataset.sites + sites,
        lanes=dataset.lanes + lanes,
        hub_calendar=calendar,
        requirements=requirements,
        pledges=tuple(pledges) + stock_pledges,
    )
    return ReplanInputs(adjusted, stock)


def _hub_stock(
    dataset: Dataset,
    tallies: Iterable[tuple[Shipment, Tally]],
    as_of: dt.date,
    open_ids: set[str],
) -> tuple[tuple[Pledge, ...], dict[str, str]]:
    originals = {p.id: p for p in dataset.pledges}
    made: list[Pledge] = []
    stock: dict[str, str] = {}
    for shipment, tally in tallies:
        held = tally.held(Stage.AT_HUB)
        if held <= 0:
            continue
        original = originals[shipment.pledge]
        earmark = original.earmark if original.earmark in open_ids else None
        pledge_id = f"{STOCK_PREFIX}{shipment.id}"
        made.append(
            replace(
                original,
                id=pledge_id,
                quantity=held,
                available_from=as_of,
                origin=stock_site(shipment.hub),
                status=PledgeStatus.COMMITTED,
                earmark=earmark,
            )
        )
        stock[pledge_id] = shipment.id
    return tuple(made), stock


def _stock_sites(dataset: Dataset, hubs: set[str]) -> tuple[tuple[Site, ...], tuple[Lane, ...]]:
    by_code = {s.code: s for s in dataset.sites}
    sites = tuple(
        Site(stock_site(h), f"Stock held at {by_code[h].name}", SiteKind.DEPOT, by_code[h].country)
        for h in sorted(hubs)
    )
    return sites, tuple(Lane(stock_site(h), h, 0) for h in sorted(hubs))


def _reserved_capacity(
    dataset: Dataset, tallies: Iterable[tuple[Shipment, Tally]], as_of: dt.date
) -> tuple[HubCalendarEntry, ...]:
    """Goods still on their way to a hub will leave it on the day they are due out (arrival
    plus handling, not before `as_of`); that day's capacity is theirs, not the new plan's."""
    sites = {s.code: s for s in dataset.sites}
    items = {i.code: i for i in dataset.items}
    pledges = {p.id: p for p in dataset.pledges}
    lanes = {(lane.from_site, lane.to_site): lane.days for lane in dataset.lanes}
    reserved: dict[tuple[str, dt.date], Decimal] = defaultdict(Decimal)
    for shipment, tally in tallies:
        held = tally.held(Stage.TO_HUB)
        if held <= 0:
            continue
        hub = sites[shipment.hub]
        dispatched = min(event.date for event in shipment.events)
        due = dispatched + dt.timedelta(
            days=lanes.get((shipment.origin, hub.code), 0) + hub.handling_days
        )
        mass_t = held * items[pledges[shipment.pledge].item].unit_mass_kg / _KG_PER_T
        reserved[(hub.code, max(due, as_of))] += mass_t
    return _with_reductions(dataset.hub_calendar, sites, reserved)


def _with_reductions(
    calendar: Sequence[HubCalendarEntry],
    sites: dict[str, Site],
    reserved: dict[tuple[str, dt.date], Decimal],
) -> tuple[HubCalendarEntry, ...]:
    """The calendar with each reserved day cut out of its entry and given its own entry."""
    entries = list(calendar)
    for (hub, day), mass_t in sorted(reserved.items()):
        covering = next((e for e in entries if e.hub == hub and e.covers(day)), None)
        base = covering.capacity_t_per_day if covering else sites[hub].capacity_t_per_day
        assert base is not None
        if covering is not None:
            entries.remove(covering)
            entries.extend(_split_around(covering, day))
        left = max(ZERO, base - mass_t).quantize(Decimal("0.001"))
        entries.append(HubCalendarEntry(hub, day, day, left))
    return tuple(sorted(entries, key=lambda e: (e.hub, e.from_date)))


def _split_around(entry: HubCalendarEntry, day: dt.date) -> list[HubCalendarEntry]:
    one = dt.timedelta(days=1)
    parts = []
    if entry.from_date < day:
        parts.append(replace(entry, to_date=day - one))
    if day < entry.to_date:
        parts.append(replace(entry, from_date=day + one))
    return parts
