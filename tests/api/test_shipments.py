"""Shipments through the API: a dispatch opens one, later events move it; a shipment shows
only to those who see both its pledge and its requirement (and its hub, for operators)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pledgeflow.service.access import Role

Roles = dict[Role, dict[str, str]]


def _dispatch(client: TestClient, headers: dict[str, str], shipment: str, ref: str) -> int:
    event = {
        "id": f"{shipment}-d",
        "kind": "dispatched",
        "date": "2026-12-02",
        "quantity": "1",
        "allocation": ref,
    }
    answer = client.post(f"/shipments/{shipment}/events", headers=headers, json=event)
    return answer.status_code


def test_a_shipment_of_a_restricted_pledge_is_absent_for_everyone_outside_its_scope(
    client: TestClient, as_role: Roles
) -> None:
    coordinator = as_role[Role.COORDINATOR]
    assert _dispatch(client, coordinator, "S-1", "unplanned/P-DEU-SECRET/R-OPEN/HUB-RZE") == 201
    seen = {
        role: client.get("/shipments/S-1", headers=headers).status_code
        for role, headers in as_role.items()
        if role is not Role.PUBLIC
    }
    assert seen == {
        Role.COORDINATOR: 200,
        Role.AUDITOR: 200,
        Role.DONOR_LIAISON: 404,
        Role.RECIPIENT_OFFICER: 404,
        Role.HUB_OPERATOR: 404,
        Role.FINANCE_OFFICER: 404,
    }
    listed = client.get("/shipments", headers=as_role[Role.DONOR_LIAISON]).json()
    assert listed["items"] == []
    assert listed["total"] == 0


def test_events_move_a_shipment_and_a_repeated_event_changes_nothing(
    client: TestClient, as_role: Roles
) -> None:
    coordinator = as_role[Role.COORDINATOR]
    assert _dispatch(client, coordinator, "S-2", "unplanned/P-DEU-SECRET/R-OPEN/HUB-RZE") == 201
    arrival = {"id": "S-2-r", "kind": "received_at_hub", "date": "2026-12-05", "quantity": "1"}
    first = client.post("/shipments/S-2/events", headers=coordinator, json=arrival)
    again = client.post("/shipments/S-2/events", headers=coordinator, json=arrival)
    assert first.status_code == again.status_code == 201
    assert [e["kind"] for e in again.json()["events"]] == ["dispatched", "received_at_hub"]


def test_a_hub_operator_cannot_dispatch_through_another_hub_nor_name_hidden_records(
    client: TestClient, as_role: Roles
) -> None:
    operator = as_role[Role.HUB_OPERATOR]
    hidden = _dispatch(client, operator, "S-3", "unplanned/P-DEU-SECRET/R-OPEN/HUB-RZE")
    assert hidden == 422
    assert _dispatch(client, operator, "S-4", "unplanned/P-POL-OPEN/R-OPEN/HUB-XXX") == 403
