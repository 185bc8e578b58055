"""Hub calendar entries: the days a hub is shut or works at reduced capacity.

A hub has an event every one to three months: a short closure (one to three days: weather, a
security alert, track works) or a longer spell at reduced capacity (three to ten days at 40-70 %:
staff shortages, one crane down). Entries of one hub never overlap. Any data set whose horizon
is long enough has at least one closure, so the demo always shows one.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from pledgeflow.demo.networks import round_capacity
from pledgeflow.domain.sites import HubCalendarEntry, Site

CLOSURE_SHARE = 0.5
FIRST_EVENT_DAYS = (5, 40)
GAP_DAYS = (30, 90)
MINIMUM_HORIZON_FOR_CLOSURE = 7


def hub_calendar(
    rng: random.Random, hubs: tuple[Site, ...], as_of: dt.date, horizon_days: int
) -> tuple[HubCalendarEntry, ...]:
    entries: list[HubCalendarEntry] = []
    for hub in hubs:
        entries.extend(_hub_events(rng, hub, as_of, horizon_days))
    has_closure = any(entry.capacity_t_per_day == 0 for entry in entries)
    if hubs and not has_closure and horizon_days >= MINIMUM_HORIZON_FOR_CLOSURE:
        start = as_of + dt.timedelta(days=horizon_days // 3)
        entries = [entry for entry in entries if entry.hub != hubs[0].code]
        entries.append(
            HubCalendarEntry(hubs[0].code, start, start + dt.timedelta(days=1), Decimal(0))
        )
    return tuple(entries)


def _hub_events(
    rng: random.Random, hub: Site, as_of: dt.date, horizon_days: int
) -> list[HubCalendarEntry]:
    events: list[HubCalendarEntry] = []
    day = rng.randint(*FIRST_EVENT_DAYS)
    while day < horizon_days:
        if rng.random() < CLOSURE_SHARE:
            length, capacity = rng.randint(1, 3), Decimal(0)
        else:
            normal = float(hub.capacity_t_per_day or 0)
            length, capacity = rng.randint(3, 10), round_capacity(normal * rng.uniform(0.4, 0.7))
        start = as_of + dt.timedelta(days=day)
        end = as_of + dt.timedelta(days=min(day + length - 1, horizon_days))
        events.append(HubCalendarEntry(hub.code, start, end, capacity))
        day += length + rng.randint(*GAP_DAYS)
    return events
