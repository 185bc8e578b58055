"""Hub stock and throughput per day, from shipment events, against each hub's capacity.

Capacity limits the mass leaving a hub each day (DESIGN §5), so utilisation is departures over
that day's capacity (the hub's own, or its calendar's override). Stock at the end of a day is
everything received up to then, less what departed or was written off in the hub.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.shipments import ZERO, Shipment, Stage

_KG_PER_T = Decimal(1000)


@dataclass(frozen=True)
class HubDay:
    hub: str
    day: dt.date
    received_t: Decimal
    departed_t: Decimal
    written_off_t: Decimal
    stock_t: Decimal
    capacity_t: Decimal

    @property
    def utilisation(self) -> Decimal | None:
        """Departures over capacity; None on a closed day (capacity 0)."""
        return self.departed_t / self.capacity_t if self.capacity_t else None

    @property
    def over_capacity(self) -> bool:
        return self.departed_t > self.capacity_t


def capacity_on(dataset: Dataset, hub: str, day: dt.date) -> Decimal:
    for entry in dataset.hub_calendar:
        if entry.hub == hub and entry.covers(day):
            return entry.capacity_t_per_day
    site = next(s for s in dataset.sites if s.code == hub)
    return site.capacity_t_per_day or ZERO


def _hub_moves(
    shipments: Iterable[Shipment], dataset: Dataset
) -> dict[str, list[tuple[dt.date, str, Decimal]]]:
    """Per hub: (day, 'in'/'out'/'off', tonnes) for every flow into or out of the hub."""
    unit_t = {i.code: i.unit_mass_kg / _KG_PER_T for i in dataset.items}
    item_of = {p.id: p.item for p in dataset.pledges}
    moves: dict[str, list[tuple[dt.date, str, Decimal]]] = defaultdict(list)
    for shipment in shipments:
        mass = unit_t[item_of[shipment.pledge]]
        for flow in shipment.flows():
            tonnes = flow.event.quantity * mass
            if flow.target is Stage.AT_HUB:
                moves[shipment.hub].append((flow.event.date, "in", tonnes))
            elif flow.source is Stage.AT_HUB:
                kind = "out" if flow.target is Stage.TO_DESTINATION else "off"
                moves[shipment.hub].append((flow.event.date, kind, tonnes))
    return moves


def hub_days(
    shipments: Iterable[Shipment], dataset: Dataset, start: dt.date, end: dt.date
) -> list[HubDay]:
    """One row per hub and day from `start` to `end` inclusive, hubs in code order."""
    moves = _hub_moves(shipments, dataset)
    rows = []
    for site in sorted((s for s in dataset.sites if s.is_hub), key=lambda s: s.code):
        daily: dict[dt.date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        stock = ZERO
        for day, kind, tonnes in moves.get(site.code, []):
            if day < start:
                stock += tonnes if kind == "in" else -tonnes
            else:
                daily[day][kind] += tonnes
        day = start
        while day <= end:
            totals = daily.get(day, {})
            received, departed, off = (totals.get(k, ZERO) for k in ("in", "out", "off"))
            stock += received - departed - off
            rows.append(
                HubDay(
                    site.code,
                    day,
                    received,
                    departed,
                    off,
                    stock,
                    capacity_on(dataset, site.code, day),
                )
            )
            day += dt.timedelta(days=1)
    return rows


def hub_stock(
    shipments: Iterable[Shipment], dataset: Dataset, as_of: dt.date
) -> dict[str, Decimal]:
    """Tonnes in each hub at the end of `as_of`."""
    return {row.hub: row.stock_t for row in hub_days(shipments, dataset, as_of, as_of)}


def over_capacity_days(
    shipments: Iterable[Shipment], dataset: Dataset, start: dt.date, end: dt.date
) -> list[HubDay]:
    """The hub-days from `start` to `end` whose recorded departures exceeded that day's
    capacity: what happened, which a plan never allows, flagged wherever hubs are shown."""
    return [row for row in hub_days(shipments, dataset, start, end) if row.over_capacity]


def over_capacity_text(row: HubDay) -> str:
    if not row.over_capacity:
        return ""
    return f"OVER by {row.departed_t - row.capacity_t:,.1f} t"
