"""A second instance family for the planner bench, varying what the demo generator holds fixed.

Hub calendars change capacity every few days and close hubs for whole spells; unit masses run
log-uniformly from 1 kg to 20 t; substitution groups hold 1-6 items with penalties 0-3; there
are 60 donors and 24+ destinations; demand is 1-3x supply (per item, drawn). Same seed, same
data set. Sizes follow family A's (bench/planner.py SIZES).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind

DONORS = 60
DESTINATIONS = 24
DEPOTS = 12
UTILISATION = 0.9
"""Hubs could move this share of the pledged mass over the horizon, before closures."""


def _items(rng: random.Random, count: int) -> tuple[Item, ...]:
    items: list[Item] = []
    group = 0
    while len(items) < count:
        size = min(rng.randint(1, 6), count - len(items))
        name = f"G{group}" if size > 1 else None
        for _ in range(size):
            mass = Decimal(str(round(math.exp(rng.uniform(0.0, math.log(20_000))), 3)))
            items.append(
                Item(
                    f"B{len(items):05d}",
                    f"item {len(items)}",
                    rng.choice(list(SupplyClass)),
                    "each",
                    max(mass, Decimal("1")),
                    divisible=rng.random() < 0.55,
                    substitution_group=name,
                    substitution_penalty=(
                        Decimal(rng.choice(["0", "0.5", "1", "2", "3"])) if name else None
                    ),
                )
            )
        group += 1
    return tuple(items)


def _quantity(rng: random.Random, item: Item, mean_t: float) -> Decimal:
    units = max(mean_t * rng.uniform(0.3, 1.7) / (float(item.unit_mass_kg) / 1000), 1.0)
    if item.divisible:
        return Decimal(str(round(units, 3)))
    return Decimal(max(int(units), 1))


def _network(
    rng: random.Random, hubs: int, horizon: int, as_of: dt.date, daily_t: float
) -> tuple[tuple[Site, ...], tuple[Lane, ...], tuple[HubCalendarEntry, ...]]:
    depots = [Site(f"DEP{d}", f"depot {d}", SiteKind.DEPOT, "DE") for d in range(DEPOTS)]
    hub_sites = [
        Site(
            f"HUB{h}",
            f"hub {h}",
            SiteKind.HUB,
            "PL",
            Decimal(str(round(daily_t, 3))),
            rng.randint(0, 2),
        )
        for h in range(hubs)
    ]
    dests = [Site(f"DST{d}", f"dest {d}", SiteKind.DELIVERY, "UA") for d in range(DESTINATIONS)]
    lanes = [
        Lane(d.code, h.code, rng.randint(1, 6))
        for d in depots
        for h in hub_sites
        if rng.random() < 0.6
    ]
    lanes += [
        Lane(h.code, d.code, rng.randint(1, 5))
        for h in hub_sites
        for d in dests
        if rng.random() < 0.5
    ]
    calendar = []
    for hub in hub_sites:
        day = 0
        while day <= horizon:
            length = rng.randint(1, 5)
            factor = 0.0 if rng.random() < 0.12 else rng.uniform(0.3, 1.6)
            start = as_of + dt.timedelta(days=day)
            calendar.append(
                HubCalendarEntry(
                    hub.code,
                    start,
                    start + dt.timedelta(days=length - 1),
                    Decimal(str(round(daily_t * factor, 3))),
                )
            )
            day += length
    return (*depots, *hub_sites, *dests), tuple(lanes), tuple(calendar)


def generate_b(
    *, requirements: int, pledges: int, hubs: int, horizon_days: int, seed: int, as_of: dt.date
) -> Dataset:
    """A family-B data set of the given size; the same arguments give the same data set."""
    rng = random.Random(seed)
    items = _items(rng, max(requirements // 8, 6))
    mean_t = 8.0
    supply_mass = pledges * mean_t
    daily_t = UTILISATION * supply_mass / (hubs * horizon_days * 0.7)
    sites, lanes, calendar = _network(rng, hubs, horizon_days, as_of, daily_t)
    demand_factor = {item.code: rng.uniform(1.0, 3.0) for item in items}
    offered = [
        Pledge(
            f"BP{i}",
            f"DONOR{rng.randrange(DONORS)}",
            (item := rng.choice(items)).code,
            _quantity(rng, item, mean_t),
            as_of + dt.timedelta(days=rng.randint(-10, int(horizon_days * 0.6))),
            f"DEP{rng.randrange(DEPOTS)}",
            PledgeStatus.COMMITTED if rng.random() < 0.8 else PledgeStatus.ALLOCATED,
        )
        for i in range(pledges)
    ]
    needs = [
        Requirement(
            f"BR{i}",
            (item := rng.choice(items)).code,
            _quantity(rng, item, mean_t * demand_factor[item.code] * pledges / requirements),
            rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]),
            as_of + dt.timedelta(days=rng.randint(5, horizon_days)),
            f"DST{rng.randrange(DESTINATIONS)}",
        )
        for i in range(requirements)
    ]
    return Dataset(
        items=items,
        sites=sites,
        lanes=lanes,
        hub_calendar=calendar,
        requirements=tuple(needs),
        pledges=tuple(offered),
    )
