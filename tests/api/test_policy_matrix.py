"""Every route of the OpenAPI document, for every role, answers as the policy table says."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from pledgeflow.service.access import POLICY, SUPPORTED, Action, Resource, Role

# Keys inside each scoped role's reach, so an allowed call is never refused for scope.
PATH_VALUES = {
    "/parties/{code}": {"code": "POL"},
    "/items/{code}": {"code": "GEN-10"},
    "/sites/{code}": {"code": "HUB-RZE"},
    "/lanes/{from_site}/{to_site}": {"from_site": "DEP-POL", "to_site": "HUB-RZE"},
    "/requirements/{id}": {"id": "R-OPEN"},
    "/pledges/{id}": {"id": "P-POL-OPEN"},
}


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    document = client.get("/openapi.json").json()
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


def _url(path: str) -> str:
    values = PATH_VALUES.get(path, {})
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> tuple[int, str]:
    body = {} if method in ("post", "patch") and path not in _NO_BODY else None
    client.cookies.clear()
    answer = client.request(method.upper(), _url(path), headers=headers, json=body)
    detail = (
        answer.json().get("detail", "") if "json" in answer.headers.get("content-type", "") else ""
    )
    return answer.status_code, str(detail)


_NO_BODY = {"/plans/{plan_id}/approve", "/auth/logout"}


def test_every_route_declares_a_supported_policy_cell(client: TestClient) -> None:
    cells = set()
    for method, path, operation in _operations(client):
        access = operation.get("x-access")
        assert access is not None, f"{method} {path} has no x-access"
        action, resource = Action(access["action"]), Resource(access["resource"])
        assert action in SUPPORTED[resource], f"{method} {path}: {action} {resource}"
        cells.add((action, resource))
    supported = {(a, r) for r, actions in SUPPORTED.items() for a in actions}
    assert cells == supported, "a supported cell has no route, or a route no cell"


def test_every_route_for_every_role_matches_the_policy(
    client: TestClient,
    sign_in: Callable[[Role], dict[str, str]],
    as_role: dict[Role, dict[str, str]],
) -> None:
    """Each call carries only its role's bearer token (the cookie jar is cleared); logout gets a
    fresh session of its own, since it revokes the token it is sent with."""
    mismatches = []
    for role in Role:
        for method, path, operation in _operations(client):
            access = operation["x-access"]
            cell = (role, Action(access["action"]), Resource(access["resource"]))
            headers = sign_in(role) if path == "/auth/logout" else as_role[role]
            status, detail = _call(client, method, path, headers)
            refused = status == 401 or (status == 403 and "may not" in detail)
            expected_refusal = 401 if role is Role.PUBLIC else 403
            if (cell in POLICY) == refused or (refused and status != expected_refusal):
                mismatches.append(f"{role} {method.upper()} {path}: {status} {detail}")
    assert mismatches == []
