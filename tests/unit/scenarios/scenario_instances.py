"""Tiny instances for the scenario tests; every outcome in the tests is derived by hand.

Map: depots DEP (USA's) and DEP2 (DEU's), hubs HA (fast) and HB (slow), destination D1.
Lanes: DEP→HA 1 day, DEP→HB 2, DEP2→HA 1, HA→D1 1, HB→D1 3. Hubs take 100 t/day, handling 0.
Items weigh 1 t. Plans are dated AS_OF with a 30-day horizon.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.scenario_diffs import Case, ScenarioDiff, compare
from pledgeflow.domain.scenarios import ScenarioChange, Snapshot
from pledgeflow.domain.shipments import Shipment
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.service.scenario_runs import ScenarioTask, run_task

AS_OF = dt.date(2027, 1, 4)
HORIZON = 30


def day(offset: int) -> dt.date:
    return AS_OF + dt.timedelta(days=offset)


def item(code: str, group: str | None = None) -> Item:
    return Item(code, code, SupplyClass.V, "each", Decimal(1000), substitution_group=group)


PARTIES = (
    Party("USA", "United States", frozenset({Role.DONOR})),
    Party("DEU", "Germany", frozenset({Role.DONOR})),
    Party("UKR", "Ukraine", frozenset({Role.RECIPIENT})),
)
SITES = (
    Site("DEP", "Depot", SiteKind.DEPOT, "US"),
    Site("DEP2", "Depot 2", SiteKind.DEPOT, "DE"),
    Site("HA", "Hub A", SiteKind.HUB, "PL", Decimal(100), 0),
    Site("HB", "Hub B", SiteKind.HUB, "PL", Decimal(100), 0),
    Site("D1", "Dest 1", SiteKind.DELIVERY, "UA"),
)
LANES = (
    Lane("DEP", "HA", 1),
    Lane("DEP", "HB", 2),
    Lane("DEP2", "HA", 1),
    Lane("HA", "D1", 1),
    Lane("HB", "D1", 3),
)


def need(req_id: str, code: str, quantity: int, priority: int, by: int) -> Requirement:
    return Requirement(req_id, code, Decimal(quantity), priority, day(by), "D1")


def offer(
    pledge_id: str,
    donor: str,
    code: str,
    quantity: int,
    available: int = 0,
    status: PledgeStatus = PledgeStatus.COMMITTED,
) -> Pledge:
    origin = "DEP" if donor == "USA" else "DEP2"
    return Pledge(pledge_id, donor, code, Decimal(quantity), day(available), origin, status)


def snapshot(
    items: tuple[Item, ...],
    needs: tuple[Requirement, ...],
    pledges: tuple[Pledge, ...],
    shipments: tuple[Shipment, ...] = (),
) -> Snapshot:
    data = Dataset(PARTIES, items, SITES, LANES, (), needs, pledges)
    return Snapshot(data, shipments, AS_OF, HORIZON)


def case(base: Snapshot, *changes: ScenarioChange) -> Case:
    return run_task(ScenarioTask("scenario" if changes else "baseline", base, changes, None))


def diff(base: Snapshot, *changes: ScenarioChange) -> tuple[Case, Case, ScenarioDiff]:
    before, after = case(base), case(base, *changes)
    return before, after, compare(before, after)
