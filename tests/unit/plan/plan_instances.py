"""Tiny canonical instances whose optimal plans are derived by hand in the tests that use them.

Every instance shares one map: depots DEP and DEP2, hubs HA (fast) and HB (slow), destinations
D1 and D2. Lanes: DEP→HA 1 day, DEP→HB 2 days, HA→D1 1, HB→D1 3, HA→D2 2, DEP2→HB 2 (so DEP2
cannot reach D2). Plans are dated AS_OF.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind

AS_OF = dt.date(2026, 1, 1)


def day(offset: int) -> dt.date:
    return AS_OF + dt.timedelta(days=offset)


def item(
    code: str,
    mass_kg: str = "1000",
    *,
    group: str | None = None,
    penalty: str | None = None,
    divisible: bool = True,
) -> Item:
    return Item(
        code=code,
        name=code,
        supply_class=SupplyClass.V,
        unit="each",
        unit_mass_kg=Decimal(mass_kg),
        divisible=divisible,
        substitution_group=group,
        substitution_penalty=None if penalty is None else Decimal(penalty),
    )


def sites(
    capacity_a: str = "100", capacity_b: str = "100", handling_b: int = 0
) -> tuple[Site, ...]:
    return (
        Site("DEP", "Depot", SiteKind.DEPOT, "PL"),
        Site("DEP2", "Depot 2", SiteKind.DEPOT, "DE"),
        Site("HA", "Hub A", SiteKind.HUB, "PL", Decimal(capacity_a), 0),
        Site("HB", "Hub B", SiteKind.HUB, "PL", Decimal(capacity_b), handling_b),
        Site("D1", "Dest 1", SiteKind.DELIVERY, "UA"),
        Site("D2", "Dest 2", SiteKind.DELIVERY, "UA"),
    )


LANES = (
    Lane("DEP", "HA", 1),
    Lane("DEP", "HB", 2),
    Lane("HA", "D1", 1),
    Lane("HB", "D1", 3),
    Lane("HA", "D2", 2),
    Lane("DEP2", "HB", 2),
)


def need(
    req_id: str, code: str, quantity: str, priority: int, by: int, dest: str = "D1"
) -> Requirement:
    return Requirement(req_id, code, Decimal(quantity), priority, day(by), dest)


def offer(
    pledge_id: str,
    code: str,
    quantity: str,
    available: int = 0,
    *,
    origin: str = "DEP",
    earmark: str | None = None,
    status: PledgeStatus = PledgeStatus.COMMITTED,
) -> Pledge:
    return Pledge(
        pledge_id, "XX", code, Decimal(quantity), day(available), origin, status, earmark=earmark
    )


def dataset(
    items: tuple[Item, ...],
    requirements: tuple[Requirement, ...],
    pledges: tuple[Pledge, ...],
    *,
    site_list: tuple[Site, ...] | None = None,
    lanes: tuple[Lane, ...] = LANES,
    calendar: tuple[HubCalendarEntry, ...] = (),
) -> Dataset:
    return Dataset(
        items=items,
        sites=site_list or sites(),
        lanes=lanes,
        hub_calendar=calendar,
        requirements=requirements,
        pledges=pledges,
    )


def one_busy_hub() -> Dataset:
    """Horizon 3: HA can send 5 t on days 1 and 2 (10 of R1's 20 units); HB is closed and too
    slow anyway."""
    closed = HubCalendarEntry("HB", day(0), day(3), Decimal(0))
    return dataset(
        (item("A"),),
        (need("R1", "A", "20", 1, 2),),
        (offer("P1", "A", "20"),),
        site_list=sites(capacity_a="5"),
        calendar=(closed,),
    )
