"""The issue's "also observed" list, each decided and tested (docs/security.md says why).

- a donor liaison may pledge only from its own nation's depots;
- a new pledge starts as announced or committed: later statuses follow the lifecycle;
- the importer warns of closed hubs (capacity 0), 0-day lanes and hub ↔ hub lanes;
- PostgreSQL row-level security denies restricted rows when `pledgeflow.role` is unset;
- the server shuts down within 10 s with an abandoned POST /plans (bench/shutdown.py runs
  the real server; here the setting that bounds it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from pledgeflow.adapters.importers import read_tables, validate
from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.service.access import LOCAL_OPERATOR, Role
from pledgeflow.service.plan_figures import figures_of
from tests.api.conftest import mission, stored_plan

Headers = Callable[[Role], dict[str, str]]


def _pledge(**changes: str) -> dict[str, str]:
    return {
        "id": f"P-NEW-{uuid.uuid4().hex[:6]}",
        "donor": "POL",
        "item": "GEN-10",
        "quantity": "2",
        "available_from": "2026-12-01",
        "origin": "DEP-POL",
    } | changes


def test_a_liaison_cannot_pledge_from_another_nations_depot(
    client: TestClient, sign_in: Headers
) -> None:
    liaison = sign_in(Role.DONOR_LIAISON)
    answer = client.post("/pledges", json=_pledge(origin="DEP-DEU"), headers=liaison)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "origin"
    assert client.post("/pledges", json=_pledge(), headers=liaison).status_code == 201
    coordinator = sign_in(Role.COORDINATOR)
    abroad = _pledge(origin="DEP-DEU")
    assert client.post("/pledges", json=abroad, headers=coordinator).status_code == 201


def test_a_liaison_cannot_move_its_pledge_to_another_nations_depot(
    client: TestClient, sign_in: Headers
) -> None:
    liaison = sign_in(Role.DONOR_LIAISON)
    current = client.get("/pledges/P-POL-OPEN", headers=liaison)
    answer = client.patch(
        "/pledges/P-POL-OPEN",
        json={"origin": "DEP-DEU"},
        headers=liaison | {"If-Match": current.headers["etag"]},
    )
    assert answer.status_code == 422


@pytest.mark.parametrize("status", ["allocated", "shipped", "delivered", "withdrawn"])
def test_a_new_pledge_cannot_start_past_the_lifecycle(
    client: TestClient, sign_in: Headers, status: str
) -> None:
    answer = client.post("/pledges", json=_pledge(status=status), headers=sign_in(Role.COORDINATOR))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "status"


@pytest.mark.parametrize("status", ["announced", "committed"])
def test_a_new_pledge_may_start_announced_or_committed(
    client: TestClient, sign_in: Headers, status: str
) -> None:
    answer = client.post("/pledges", json=_pledge(status=status), headers=sign_in(Role.COORDINATOR))
    assert answer.status_code == 201


def test_the_importer_warns_of_closed_hubs_zero_day_lanes_and_hub_to_hub_lanes(
    tmp_path: Path,
) -> None:
    (tmp_path / "sites.csv").write_text(
        "code,name,kind,country,capacity_t_per_day\n"
        "HUB-A,Hub A,hub,POL,0\nHUB-B,Hub B,hub,POL,10\nDEP,Depot,depot,POL,\n"
    )
    (tmp_path / "lanes.csv").write_text("from,to,days\nHUB-A,HUB-B,1\nHUB-B,HUB-A,1\nDEP,HUB-B,0\n")
    result = validate(read_tables(tmp_path), Dataset(), update=False)
    assert result.ok
    found = {(w.table, w.column, w.value) for w in result.warnings}
    assert found == {
        ("sites", "capacity_t_per_day", "HUB-A"),
        ("lanes", "to", "HUB-A → HUB-B"),
        ("lanes", "to", "HUB-B → HUB-A"),
        ("lanes", "days", "DEP → HUB-B"),
    }


@pytest.fixture
def app_role(engine: Engine) -> Iterator[str]:
    """A role like the API's: the grants it needs, owning nothing, so the policies bind it."""
    if engine.dialect.name != "postgresql":
        pytest.skip("row-level security is a PostgreSQL feature")
    name = f"pledgeflow_app_{uuid.uuid4().hex[:8]}"
    with engine.begin() as connection:
        schema = connection.execute(text("select current_schema()")).scalar_one()
        connection.execute(text(f'CREATE ROLE "{name}" NOLOGIN'))
        connection.execute(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{name}"'))
        connection.execute(text(f'GRANT SELECT ON pledges, requirements TO "{name}"'))
    yield name
    with engine.begin() as connection:
        connection.execute(text(f'DROP OWNED BY "{name}"'))
        connection.execute(text(f'DROP ROLE "{name}"'))


@pytest.mark.usefixtures("app")
def test_a_connection_that_forgot_the_role_sees_no_restricted_row(
    engine: Engine, app_role: str
) -> None:
    with engine.begin() as connection:
        connection.execute(text(f'SET LOCAL ROLE "{app_role}"'))
        pledges = set(connection.execute(text("select id from pledges")).scalars())
        needs = set(connection.execute(text("select id from requirements")).scalars())
    assert pledges == {"P-POL-OPEN"}
    assert needs == {"R-OPEN"}


def test_the_server_bounds_its_graceful_shutdown(container: Container) -> None:
    assert container.settings.shutdown_grace_s <= 10


def test_a_plan_says_which_hubs_it_took_as_closed() -> None:
    """A hub with capacity 0 imports with a warning; the plan's figures say it again, on every
    surface (CLI, page, API summary and report read `PlanFigures.notices`)."""
    dataset = mission()
    hubs = [s for s in dataset.sites if s.kind.value == "hub"]
    assert hubs
    closed = replace(hubs[0], capacity_t_per_day=Decimal(0))
    sites = tuple(closed if s.code == closed.code else s for s in dataset.sites)
    plan = stored_plan()
    open_figures = figures_of(plan, dataset, [], LOCAL_OPERATOR)
    assert open_figures.notices == []
    figures = figures_of(plan, replace(dataset, sites=sites), [], LOCAL_OPERATOR)
    assert figures.closed_hubs == (closed.code,)
    assert len(figures.notices) == 1
    assert f"Hub {closed.code} has a capacity of 0 t/day" in figures.notices[0]
