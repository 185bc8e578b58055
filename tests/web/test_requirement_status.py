"""Requirement status at a glance, and the dashboard's alerts (issue 14, point 11)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from fastapi.testclient import TestClient

from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent
from pledgeflow.domain.sites import HubCalendarEntry
from pledgeflow.service.access import LOCAL_OPERATOR, Role
from pledgeflow.service.requirement_status import alerts, requirement_statuses, standing
from pledgeflow.service.shipments import record_events

Browse = Callable[[Role], tuple[TestClient, str]]
NOV = dt.date(2026, 11, 1)


def nov(day: int) -> dt.date:
    return NOV.replace(day=day)


def _events(container: Container) -> None:
    """S-1 carries P-POL-OPEN's 4 for R-OPEN: one is lost on the way to the hub, three leave the
    hub on a day its calendar closes it (over capacity). P-DEU-SECRET's line never leaves."""
    with container.uow() as uow:
        closed = HubCalendarEntry("HUB-RZE", nov(23), nov(23), Decimal(0))
        uow.datasets.save(Dataset(hub_calendar=(closed,)))
        uow.commit("import")
    ref = AllocationRef.parse("1/P-POL-OPEN/R-OPEN/HUB-RZE")
    steps = [
        ("E-1", EventKind.DISPATCHED, nov(20), 4, ref),
        ("E-2", EventKind.LOST, nov(21), 1, None),
        ("E-3", EventKind.RECEIVED_AT_HUB, nov(22), 3, None),
        ("E-4", EventKind.DEPARTED_HUB, nov(23), 3, None),
    ]
    events = [
        ShipmentEvent(i, "S-1", kind, day, Decimal(q), None, None, a)
        for i, kind, day, q, a in steps
    ]
    record_events(container.uow(), events)


def _planned_and_shipped(browse: Browse, container: Container) -> TestClient:
    client, csrf = browse(Role.COORDINATOR)
    client.post("/ui/plans", data={"csrf": csrf, "as_of": "2026-11-20", "horizon_days": "60"})
    client.post("/ui/plans/1/approve", data={"csrf": csrf})
    _events(container)
    return client


def test_each_requirement_says_planned_dispatched_delivered_late_and_why(
    browse: Browse, container: Container
) -> None:
    _planned_and_shipped(browse, container)
    now = standing(container.uow(), LOCAL_OPERATOR, nov(25))
    statuses = requirement_statuses(now)
    r_open = statuses["R-OPEN"]
    assert (r_open.planned, r_open.dispatched, r_open.delivered) == (14, 4, 0)
    assert r_open.state == "lost in part"
    assert r_open.reason == "no_supply"  # its 14 pledged units all serve it already
    odesa = statuses["R-ODESA"]
    assert (odesa.state, odesa.reason) == ("not planned", "no_route")
    kinds = [(a.kind, a.subject) for a in alerts(now)]
    assert ("lost", "1/P-POL-OPEN/R-OPEN/HUB-RZE") in kinds
    assert ("late", "1/P-DEU-SECRET/R-OPEN/HUB-RZE") in kinds
    assert ("over capacity", "HUB-RZE 2026-11-23") in kinds


def test_the_pages_show_status_and_alerts(browse: Browse, container: Container) -> None:
    client = _planned_and_shipped(browse, container)
    listing = client.get("/ui/requirements").text
    assert "<th>status</th>" in listing
    assert '<span class="tag reason" title="no lane path' in listing
    assert ">lost in part</span>" in listing
    dashboard = client.get("/ui/").text
    assert '<span class="tag alert lost">lost</span>' in dashboard
    assert '<span class="tag alert over-capacity">over capacity</span>' in dashboard
    assert "OVER by 0.5 t" in dashboard


def test_a_liaison_is_alerted_only_about_what_it_sees(browse: Browse, container: Container) -> None:
    _planned_and_shipped(browse, container)
    liaison, _ = browse(Role.DONOR_LIAISON)
    dashboard = liaison.get("/ui/").text
    assert "P-DEU-SECRET" not in dashboard
    assert "1/P-POL-OPEN/R-OPEN/HUB-RZE" in dashboard
