"""Request bodies take JSON integers and booleans only, as the OpenAPI document says: lax
coercion made `"horizon_days": true` a one-day plan (found by schemathesis)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from pledgeflow.service.access import Role as AccessRole
from tests.api.conftest import Headers


@pytest.mark.parametrize("days", [True, 1.5, "30"])
def test_a_plan_horizon_that_is_not_a_json_integer_is_refused(
    client: TestClient, as_role: dict[AccessRole, Headers], days: object
) -> None:
    body = {"as_of": "2026-11-21", "horizon_days": days}
    answer = client.post("/plans", json=body, headers=as_role[AccessRole.COORDINATOR])
    assert answer.status_code == 422, answer.text
    assert "horizon_days" in answer.text


@pytest.mark.parametrize("divisible", [1, "yes", "true"])
def test_an_item_flag_that_is_not_a_json_boolean_is_refused(
    client: TestClient, as_role: dict[AccessRole, Headers], divisible: object
) -> None:
    body = {
        "code": "WATER",
        "name": "Water",
        "supply_class": "I",
        "unit": "l",
        "unit_mass_kg": "1",
        "divisible": divisible,
    }
    answer = client.post("/items", json=body, headers=as_role[AccessRole.COORDINATOR])
    assert answer.status_code == 422, answer.text
    assert "divisible" in answer.text


def test_a_plan_horizon_written_as_an_integer_is_taken(
    client: TestClient, as_role: dict[AccessRole, Headers]
) -> None:
    body = {"as_of": "2026-11-21", "horizon_days": 30}
    coordinator = as_role[AccessRole.COORDINATOR]
    answer = client.post("/plans", json=body, headers=coordinator)
    assert answer.status_code == 202, answer.text
    job = client.get(answer.headers["Location"], headers=coordinator).json()
    plan = client.get(f"/plans/{job['plan_id']}", headers=coordinator).json()
    assert plan["horizon_end"] == "2026-12-21"


def test_an_item_flag_written_as_a_boolean_is_taken(
    client: TestClient, as_role: dict[AccessRole, Headers]
) -> None:
    body = {"code": "WATER", "name": "Water", "supply_class": "I", "unit": "l"}
    body |= {"unit_mass_kg": "1", "divisible": False}
    answer = client.post("/items", json=body, headers=as_role[AccessRole.COORDINATOR])
    assert answer.status_code == 201, answer.text
    assert answer.json()["divisible"] is False
