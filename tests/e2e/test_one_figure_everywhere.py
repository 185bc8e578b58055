"""One figure, one value (issue 14, point 2): the same plan's figures read the same on every
surface: the UI's plan page (its table and its chart) and dashboard, the API's plan summary,
`pledgeflow plan show` and report.html; for a first plan and for a re-plan made after
deliveries, which the re-plan no longer allocates but which still fill their requirements."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from pledgeflow.adapters.reports import documents
from pledgeflow.adapters.reports.sections import plan_section
from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container
from pledgeflow.cli import context
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.shipments import AllocationRef, EventKind, ShipmentEvent
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.service import plans, users
from pledgeflow.service.access import LOCAL_OPERATOR
from pledgeflow.service.access import Role as AccessRole
from pledgeflow.service.plan_figures import plan_figures
from pledgeflow.service.shipments import record_events
from tests.e2e.conftest import Run

AS_OF = dt.date(2026, 11, 20)
PASSWORD = "correct horse battery"
Fills = dict[int, str]


def mission() -> Dataset:
    """R-1 (priority 1) is met in full by P-1; R-2 (priority 2) gets P-2's 4 of its 8 litres."""
    day = dt.date(2026, 12, 20)
    committed = PledgeStatus.COMMITTED
    return Dataset(
        parties=(
            Party("POL", "Poland", frozenset({Role.DONOR})),
            Party("UKR", "Ukraine", frozenset({Role.RECIPIENT})),
        ),
        items=(
            Item("GEN", "Generator", SupplyClass.VII, "each", Decimal(180), divisible=False),
            Item("FUEL", "Diesel", SupplyClass.III, "l", Decimal("0.85")),
        ),
        sites=(
            Site("DEP", "Depot", SiteKind.DEPOT, "POL"),
            Site("HUB", "Hub", SiteKind.HUB, "POL", Decimal(100), 1),
            Site("KYIV", "Kyiv", SiteKind.DELIVERY, "UKR"),
        ),
        lanes=(Lane("DEP", "HUB", 1), Lane("HUB", "KYIV", 1)),
        requirements=(
            Requirement("R-1", "GEN", Decimal(10), 1, day, "KYIV"),
            Requirement("R-2", "FUEL", Decimal(8), 2, day, "KYIV"),
        ),
        pledges=(
            Pledge("P-1", "POL", "GEN", Decimal(10), AS_OF, "DEP", committed),
            Pledge("P-2", "POL", "FUEL", Decimal(4), AS_OF, "DEP", committed),
        ),
    )


def _deliver_r1(container: Container, plan_id: int) -> None:
    """R-1's 10 delivered; R-2's 4 litres dispatched on the plan date and still under way.
    Neither may count twice in the first plan's figures: its own lines already hold them."""
    ref = AllocationRef.parse(f"{plan_id}/P-1/R-1/HUB")
    steps = [
        (EventKind.DISPATCHED, 0, None, ref),
        (EventKind.RECEIVED_AT_HUB, 1, "HUB", None),
        (EventKind.DEPARTED_HUB, 2, "HUB", None),
        (EventKind.DELIVERED, 3, "KYIV", None),
    ]
    events = [
        ShipmentEvent(
            f"E-{n}", "S-1", kind, AS_OF + dt.timedelta(days=d), Decimal(10), site, None, a
        )
        for n, (kind, d, site, a) in enumerate(steps)
    ]
    fuel = AllocationRef.parse(f"{plan_id}/P-2/R-2/HUB")
    under_way = ShipmentEvent(
        "E-F", "S-2", EventKind.DISPATCHED, AS_OF, Decimal(4), None, None, fuel
    )
    record_events(container.uow(), [*events, under_way])


@pytest.fixture
def two_plans(container: Container, cli: Run) -> tuple[int, int]:
    """A first plan, approved and delivered for R-1, then a re-plan ten days later."""
    with container.uow() as uow:
        uow.datasets.save(mission())
        uow.commit("import")
    users.add_user(container.uow(), "coordinator", PASSWORD, AccessRole.COORDINATOR)
    first = plans.create_plan(container.uow(), as_of=AS_OF, horizon_days=60)
    plans.approve_plan(container.uow(), first.id)
    _deliver_r1(container, first.id)
    second = plans.create_plan(container.uow(), as_of=AS_OF + dt.timedelta(days=10))
    assert not any(a.requirement == "R-1" for a in second.plan.allocations)
    return first.id, second.id


@pytest.fixture(autouse=True)
def wide_console() -> Iterator[None]:
    width = context.console.width
    context.console.width = 200
    yield
    context.console.width = width


_PERCENT = r"([0-9][0-9,.]* %)"


def _from_cli(cli: Run, plan_id: int) -> Fills:
    shown = cli("plan", "show", str(plan_id))
    assert shown.exit_code == 0, shown.output
    rows = re.findall(r"│\s*([1-5])\s*│\s*[0-9,]+\s*│\s*[0-9,]+\s*│\s*" + _PERCENT, shown.output)
    return {int(p): fill for p, fill in rows}


def _from_page(html: str) -> Fills:
    rows = re.findall(
        r'<tr><td class="num">([1-5])</td>.*?<td class="num fill">' + _PERCENT + "</td>", html
    )
    return {int(p): fill for p, fill in rows}


def _from_chart(html: str) -> Fills:
    """The fill chart's bars, in the chart's own label format, as the table writes them."""
    chart = html[html.index('aria-label="Fill by priority') :]
    chart = chart[: chart.index("</svg>")]
    bars = re.findall(r"<title>priority ([1-5]) \([^)<]*\) · fill: ([0-9.,]+) %</title>", chart)
    return {int(p): f"{float(v.replace(',', '')):,.1f} %" for p, v in bars}


def _from_report(container: Container, plan_id: int) -> Fills:
    plan = plans.get_plan(container.uow(), plan_id)
    figures = plan_figures(container.uow(), LOCAL_OPERATOR, replace(plan, id=plan_id))
    html = documents.render(documents.Report("t", "s", [plan_section(plan_id, figures)]))
    rows = re.findall(
        r'<tr><td class="num">([1-5])</td><td class="num">[0-9,]+</td>'
        r'<td class="num">[0-9,]+</td><td class="num">' + _PERCENT,
        html,
    )
    return {int(p): fill for p, fill in rows}


def test_every_surface_gives_the_same_fill_for_a_plan_and_its_replan(
    container: Container, cli: Run, two_plans: tuple[int, int]
) -> None:
    client = TestClient(create_app(container), base_url="https://testserver")
    login = client.post("/ui/login", data={"name": "coordinator", "password": PASSWORD})
    assert login.status_code == 200
    expected = {
        two_plans[0]: {1: "100.0 %", 2: "50.0 %"},
        two_plans[1]: {1: "100.0 %", 2: "50.0 %"},
    }
    for plan_id in two_plans:
        api = client.get(f"/plans/{plan_id}/summary").json()
        page = client.get(f"/ui/plans/{plan_id}").text
        surfaces = {
            "api": {t["priority"]: t["fill"] for t in api["tiers"]},
            "ui table": _from_page(page),
            "ui chart": _from_chart(page),
            "cli": _from_cli(cli, plan_id),
            "report": _from_report(container, plan_id),
        }
        for name, fills in surfaces.items():
            assert fills == expected[plan_id], (plan_id, name, fills)
    # The dashboard shows the approved plan: the first one here.
    dashboard = client.get("/ui/").text
    assert _from_chart(dashboard) == expected[two_plans[0]]


def test_quantities_carry_their_units_and_indivisible_items_are_whole(
    container: Container, cli: Run, two_plans: tuple[int, int]
) -> None:
    client = TestClient(create_app(container), base_url="https://testserver")
    client.post("/ui/login", data={"name": "coordinator", "password": PASSWORD})
    first = client.get(f"/ui/plans/{two_plans[0]}").text
    assert '<td class="num">10 each</td>' in first
    assert '<td class="num">4 l</td>' in first
    assert 'R-2</td><td class="num">4 l</td>' in first
    shown = cli("plan", "show", str(two_plans[0])).output
    assert "R-2" in shown
    assert "4 l" in shown
    api = client.get(f"/plans/{two_plans[0]}/summary").json()
    assert api["verdict"] in ("proven optimal",) or api["verdict"].startswith("within ")
