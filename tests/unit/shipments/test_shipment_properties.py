"""Any sequence of events, valid or not, leaves a shipment whose stages are never negative and
whose totals keep delivered ≤ departed ≤ received ≤ dispatched; refused events change nothing,
and replaying the accepted events gives the same shipment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.shipments import (
    AllocationRef,
    EventKind,
    Shipment,
    ShipmentEvent,
    Stage,
)

REF = AllocationRef(None, "P", "R", "HUB")
SITES = st.none() | st.sampled_from(["DEPOT", "HUB", "KYIV", "ELSEWHERE"])
STEPS = st.lists(
    st.tuples(
        st.sampled_from(list(EventKind)),
        st.integers(min_value=1, max_value=20_000).map(lambda n: Decimal(n) / 1000),
        st.integers(min_value=-1, max_value=3),
        SITES,
    ),
    max_size=25,
)


@given(STEPS)
def test_random_events_keep_every_stage_whole(
    steps: list[tuple[EventKind, Decimal, int, str | None]],
) -> None:
    shipment = Shipment("S", REF, "DEPOT", "KYIV")
    day = dt.date(2026, 12, 1)
    accepted = []
    refusals: list[tuple[int, str]] = []
    for number, (kind, quantity, shift, site) in enumerate(steps):
        day += dt.timedelta(days=shift)
        event = ShipmentEvent(f"e{number}", "S", kind, day, quantity, site, allocation=REF)
        try:
            after = shipment.record(event)
        except DomainError as error:
            refusals.append((number, error.record))
            continue
        assert after.events == (*shipment.events, event)
        shipment = after
        accepted.append(event)
        tally = shipment.tally()
        assert all(tally.held(stage) >= 0 for stage in Stage)
        assert tally.delivered <= tally.departed <= tally.received <= tally.dispatched
        assert tally.delivered + tally.moving + tally.written_off == tally.dispatched
        assert shipment.record(event) is shipment
    replayed = Shipment("S", REF, "DEPOT", "KYIV")
    for event in accepted:
        replayed = replayed.record(event)
    assert replayed == shipment
    assert all(record == f"shipment 'S', event 'e{n}'" for n, record in refusals)
