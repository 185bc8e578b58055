"""Restricted records stay inside their scope: absent (404) outside it, never listed, never
counted in public totals; on PostgreSQL row-level security holds with the API filter off."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from pledgeflow.domain.summaries import summarise
from pledgeflow.service.access import Principal, Role, bind_settings

from .conftest import mission

Roles = dict[Role, dict[str, str]]


def _ids(client: TestClient, path: str, headers: dict[str, str], **query: str) -> set[str]:
    answer = client.get(path, headers=headers, params=query)
    assert answer.status_code == 200, answer.text
    return {row["id"] for row in answer.json()["items"]}


def test_a_donor_never_reads_or_lists_another_nations_restricted_pledge(
    client: TestClient, as_role: Roles
) -> None:
    donor = as_role[Role.DONOR_LIAISON]
    assert client.get("/pledges/P-DEU-SECRET", headers=donor).status_code == 404
    assert _ids(client, "/pledges", donor) == {"P-POL-OPEN", "P-POL-SECRET"}
    assert _ids(client, "/pledges", donor, donor="DEU") == set()
    assert client.get("/pledges/P-POL-SECRET", headers=donor).status_code == 200


def test_a_hidden_record_answers_exactly_like_a_missing_one(
    client: TestClient, as_role: Roles
) -> None:
    donor = as_role[Role.DONOR_LIAISON]
    hidden = client.get("/pledges/P-DEU-SECRET", headers=donor)
    missing = client.get("/pledges/P-NOWHERE", headers=donor)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["detail"].replace("P-DEU-SECRET", "X") == missing.json()["detail"].replace(
        "P-NOWHERE", "X"
    )
    patch = client.patch(
        "/pledges/P-DEU-SECRET", headers=donor | {"If-Match": '"x"'}, json={"quantity": "1"}
    )
    assert patch.status_code == 404


def test_restricted_requirements_show_to_recipient_coordinator_auditor_only(
    client: TestClient, as_role: Roles
) -> None:
    seen = {
        role: client.get("/requirements/R-SECRET", headers=headers).status_code
        for role, headers in as_role.items()
        if role is not Role.PUBLIC
    }
    assert seen == {
        Role.COORDINATOR: 200,
        Role.AUDITOR: 200,
        Role.RECIPIENT_OFFICER: 200,
        Role.DONOR_LIAISON: 404,
        Role.HUB_OPERATOR: 404,
        Role.FINANCE_OFFICER: 404,
    }


def test_a_hidden_record_cannot_be_referenced(client: TestClient, as_role: Roles) -> None:
    pledge = {
        "id": "P-NEW",
        "donor": "POL",
        "item": "GEN-10",
        "quantity": "1",
        "available_from": "2026-12-01",
        "origin": "DEP-POL",
        "earmark": "R-SECRET",
    }
    answer = client.post("/pledges", headers=as_role[Role.DONOR_LIAISON], json=pledge)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "earmark"


def test_public_totals_count_public_records_only(client: TestClient) -> None:
    data = mission()
    public = type(data)(
        parties=data.parties,
        items=data.items,
        sites=data.sites,
        lanes=data.lanes,
        requirements=tuple(r for r in data.requirements if r.releasability == "public"),
        pledges=tuple(p for p in data.pledges if p.releasability == "public"),
    )
    answer = client.get("/public/summary").json()
    expected = summarise(public)
    assert [d["donor"] for d in answer["by_donor"]] == [d.donor for d in expected.by_donor]
    assert [d["donor"] for d in answer["by_donor"]] == ["POL"]
    assert answer["by_donor"][0]["pledges"] == 1
    assert [p["requirements"] for p in answer["by_priority"]] == [1]


@pytest.fixture
def app_role(engine: Engine) -> str:
    """A login-less PostgreSQL role with the grants the API needs and no ownership."""
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


def _rows_as(engine: Engine, role: str, principal: Principal, table: str) -> set[str]:
    """What the application role reads with a bare SELECT: no application filter at all."""
    with engine.begin() as connection:
        connection.execute(text(f'SET LOCAL ROLE "{role}"'))
        for name, value in bind_settings(principal).items():
            connection.execute(text("select set_config(:n, :v, true)"), {"n": name, "v": value})
        return set(connection.execute(text(f"select id from {table}")).scalars())


@pytest.mark.usefixtures("app")
def test_row_level_security_holds_without_the_application_filter(
    engine: Engine, app_role: str
) -> None:
    donor = Principal("pol", Role.DONOR_LIAISON, party="POL")
    hub = Principal("rze", Role.HUB_OPERATOR, hub="HUB-RZE")
    auditor = Principal("aud", Role.AUDITOR)
    assert _rows_as(engine, app_role, donor, "pledges") == {"P-POL-OPEN", "P-POL-SECRET"}
    assert _rows_as(engine, app_role, donor, "requirements") == {"R-OPEN"}
    assert _rows_as(engine, app_role, hub, "pledges") == {"P-POL-OPEN"}
    assert "P-DEU-SECRET" in _rows_as(engine, app_role, auditor, "pledges")
