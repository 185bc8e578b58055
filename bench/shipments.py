"""Shipment events: recording a sheet of journeys, and the delivery views over many shipments.

Figures (SQLite file in a temporary folder, or PostgreSQL with --postgres URL), each with a
baseline measured in the same process:

- record: N shipments × 4 events (dispatch, receive, depart, deliver) recorded all or nothing
  in one unit of work, every rule checked and every row logged; baseline = the same shipment
  and event rows written with plain INSERTs, so the ratio is what checking and logging cost.
- views: in-transit, fulfilment and 30 days of hub stock over those shipments; baseline =
  merely loading the shipments from the database.

    .venv/bin/python bench/shipments.py [--shipments 2000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

from pledgeflow.adapters import migrations
from pledgeflow.adapters.db import make_engine
from pledgeflow.adapters.shipment_tables import shipment_events, shipments
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.service.deliveries import delivery_state, fulfilment, in_transit
from pledgeflow.service.hub_throughput import hub_days
from pledgeflow.service.shipments import record_events
from pledgeflow.service.unit_of_work import UnitOfWork

T = TypeVar("T")
DAY = dt.date(2026, 12, 1)
PER_REQUIREMENT = 10


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def dataset(count: int) -> Dataset:
    needs = count // PER_REQUIREMENT + 1
    return Dataset(
        parties=(Party("DON", "Donor", frozenset({Role.DONOR})),),
        items=(Item("BOX", "Box", SupplyClass.I, "box", Decimal(20)),),
        sites=(
            Site("DEPOT", "Depot", SiteKind.DEPOT, "POL"),
            Site("HUB", "Hub", SiteKind.HUB, "POL", Decimal(100_000)),
            Site("KYIV", "Kyiv", SiteKind.DELIVERY, "UKR"),
        ),
        lanes=(Lane("DEPOT", "HUB", 2), Lane("HUB", "KYIV", 1)),
        requirements=tuple(
            Requirement(f"R-{n}", "BOX", Decimal(1000), 1, DAY, "KYIV") for n in range(needs)
        ),
        pledges=tuple(
            Pledge(f"P-{n}", "DON", "BOX", Decimal(10), DAY, "DEPOT", PledgeStatus.COMMITTED)
            for n in range(count)
        ),
    )


def journeys(count: int) -> list[ShipmentEvent]:
    events = []
    steps = (EventKind.DISPATCHED, EventKind.RECEIVED_AT_HUB, EventKind.DEPARTED_HUB)
    for n in range(count):
        ref = AllocationRef(None, f"P-{n}", f"R-{n // PER_REQUIREMENT}", "HUB")
        last = steps if n % 3 else (*steps, EventKind.DELIVERED)
        for day, kind in enumerate(last):
            allocation = ref if kind is EventKind.DISPATCHED else None
            events.append(
                ShipmentEvent(
                    f"S-{n}-{day}",
                    f"S-{n}",
                    kind,
                    DAY + dt.timedelta(days=n % 20 + day),
                    Decimal(10),
                    allocation=allocation,
                )
            )
    return events


def plain_insert(engine: sa.Engine, events: list[ShipmentEvent]) -> None:
    heads = {}
    rows = []
    for seq, event in enumerate(events):
        if event.allocation is not None:
            ref = event.allocation
            heads[event.shipment] = {
                "id": event.shipment,
                "plan_id": None,
                "pledge": ref.pledge,
                "requirement": ref.requirement,
                "hub": ref.hub,
            }
        rows.append(
            {
                "id": event.id,
                "shipment": event.shipment,
                "seq": seq + 1,
                "kind": event.kind.value,
                "date": event.date,
                "site": None,
                "quantity": event.quantity,
                "note": None,
            }
        )
    with engine.begin() as connection:
        connection.execute(sa.insert(shipments), list(heads.values()))
        connection.execute(sa.insert(shipment_events), rows)


@contextmanager
def database(postgres: str | None) -> Iterator[sa.Engine]:
    if postgres is None:
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
            yield engine
            engine.dispose()
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(postgres)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(f"{postgres}?options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))


def seeded(engine: sa.Engine, count: int) -> None:
    migrations.upgrade(engine)
    with UnitOfWork(engine, "bench") as uow:
        uow.datasets.save(dataset(count))
        uow.commit("seed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipments", type=int, default=2000)
    parser.add_argument("--postgres", default=None)
    args = parser.parse_args()
    events = journeys(args.shipments)
    with database(args.postgres) as engine:
        seeded(engine, args.shipments)
        baseline, _ = timed(lambda: plain_insert(engine, events))
    with database(args.postgres) as engine:
        seeded(engine, args.shipments)
        recorded, _ = timed(lambda: record_events(UnitOfWork(engine, "bench"), events))
        print(
            f"record {len(events)} events of {args.shipments} shipments: {recorded:.2f} s "
            f"({len(events) / recorded:,.0f} events/s); plain inserts {baseline:.3f} s; "
            f"ratio {recorded / baseline:.1f}×"
        )
        views_baseline, _ = timed(lambda: delivery_state(UnitOfWork(engine, "bench")))

        def views() -> None:
            state = delivery_state(UnitOfWork(engine, "bench"))
            in_transit(UnitOfWork(engine, "bench"), DAY + dt.timedelta(days=10))
            fulfilment(state.dataset.requirements, state.plan, state.shipments)
            hub_days(state.shipments, state.dataset, DAY, DAY + dt.timedelta(days=29))

        seconds, _ = timed(views)
        print(
            f"views (in transit, fulfilment, 30 hub days): {seconds:.2f} s; loading the "
            f"shipments alone {views_baseline:.2f} s; ratio {seconds / views_baseline:.1f}×"
        )


if __name__ == "__main__":
    main()
