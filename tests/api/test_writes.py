"""Updates need the current ETag; keyed POSTs have one effect, whatever the retries."""

from __future__ import annotations

import threading
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from pledgeflow.adapters.tables import audit_log, plans
from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party
from pledgeflow.domain.parties import Role as PartyRole
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.idempotency import KeyInFlight, Reply, RequestUnitOfWork, run_post

Roles = dict[Role, dict[str, str]]
PLEDGE = {
    "id": "P-NEW",
    "donor": "POL",
    "item": "GEN-10",
    "quantity": "2.5",
    "available_from": "2026-12-01",
    "origin": "DEP-POL",
}


def _log_size(container: Container) -> int:
    with container.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(audit_log)).scalar_one())


def test_a_stale_if_match_is_refused_and_the_row_is_unchanged(
    client: TestClient, as_role: Roles
) -> None:
    headers = as_role[Role.COORDINATOR]
    first = client.get("/requirements/R-OPEN", headers=headers)
    version = first.headers["ETag"]
    changed = client.patch(
        "/requirements/R-OPEN", headers=headers | {"If-Match": version}, json={"priority": 4}
    )
    assert changed.status_code == 200
    assert changed.json()["priority"] == 4
    assert changed.headers["ETag"] != version
    stale = client.patch(
        "/requirements/R-OPEN", headers=headers | {"If-Match": version}, json={"priority": 5}
    )
    assert stale.status_code == 412
    assert stale.headers["content-type"] == "application/problem+json"
    assert client.get("/requirements/R-OPEN", headers=headers).json()["priority"] == 4


def test_an_update_without_if_match_is_refused(client: TestClient, as_role: Roles) -> None:
    answer = client.patch(
        "/requirements/R-OPEN", headers=as_role[Role.COORDINATOR], json={"priority": 4}
    )
    assert answer.status_code == 428


def test_a_pledge_status_moves_only_along_its_lifecycle(client: TestClient, as_role: Roles) -> None:
    headers = as_role[Role.DONOR_LIAISON]
    version = client.get("/pledges/P-POL-OPEN", headers=headers).headers["ETag"]
    jump = client.patch(
        "/pledges/P-POL-OPEN", headers=headers | {"If-Match": version}, json={"status": "shipped"}
    )
    assert jump.status_code == 422
    assert jump.json()["errors"] == [
        {"field": "status", "reason": jump.json()["errors"][0]["reason"]}
    ]
    step = client.patch(
        "/pledges/P-POL-OPEN", headers=headers | {"If-Match": version}, json={"status": "committed"}
    )
    assert step.status_code == 200
    assert step.json()["status"] == "committed"


def test_unknown_fields_are_refused_naming_the_field(client: TestClient, as_role: Roles) -> None:
    answer = client.post(
        "/pledges", headers=as_role[Role.COORDINATOR], json=PLEDGE | {"status_override": "x"}
    )
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "status_override"


def test_same_key_same_body_gives_the_same_response_and_one_effect(
    client: TestClient, as_role: Roles, container: Container
) -> None:
    headers = as_role[Role.DONOR_LIAISON] | {"Idempotency-Key": "pledge-new-1"}
    first = client.post("/pledges", headers=headers, json=PLEDGE)
    size = _log_size(container)
    again = client.post("/pledges", headers=headers, json=PLEDGE)
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert first.headers["ETag"] == again.headers["ETag"]
    assert _log_size(container) == size
    other = client.post("/pledges", headers=headers, json=PLEDGE | {"quantity": "3"})
    assert other.status_code == 422


def test_a_keyed_plan_request_queues_one_job_and_runs_the_planner_once(
    client: TestClient, as_role: Roles, container: Container
) -> None:
    headers = as_role[Role.COORDINATOR] | {"Idempotency-Key": "plan-2026-11-21"}
    body = {"as_of": "2026-11-21"}
    first = client.post("/plans", headers=headers, json=body)
    again = client.post("/plans", headers=headers, json=body)
    assert first.status_code == again.status_code == 202
    assert first.json() == again.json()
    assert first.headers["Location"] == again.headers["Location"] == f"/jobs/{first.json()['id']}"
    with container.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(plans)).scalar_one() == 2


def test_concurrent_requests_with_one_key_commit_once_and_the_other_gets_409(
    container: Container,
) -> None:
    """A holds its transaction open until B has passed the key look-up; B then waits for A's
    write (SQLite's lock, or PostgreSQL's unique index) and fails on the key."""
    who = Principal("coordinator", Role.COORDINATOR)
    a_ready, b_started, release = threading.Event(), threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def effect(code: str, hold: bool) -> object:
        def run(uow: RequestUnitOfWork) -> None:
            if not hold:
                b_started.set()
            with uow:
                party = Party(code, code, frozenset({PartyRole.DONOR}), Decimal(1))
                uow.datasets.save(Dataset(parties=(party,)))
                if hold:
                    a_ready.set()
                    release.wait()
                uow.commit("create_parties")

        return run

    def request(name: str, code: str, hold: bool) -> None:
        try:
            reply = run_post(
                container.engine,
                who,
                ("same-key", "digest"),
                effect(code, hold),
                lambda _: Reply(201, {"code": code}),
            )
            outcome[name] = reply.body
        except KeyInFlight as error:
            outcome[name] = error

    a = threading.Thread(target=request, args=("a", "AAA", True))
    a.start()
    a_ready.wait()
    b = threading.Thread(target=request, args=("b", "BBB", False))
    b.start()
    b_started.wait()
    release.set()
    a.join()
    b.join()
    assert outcome["a"] == {"code": "AAA"}
    assert isinstance(outcome["b"], KeyInFlight)
    with container.uow() as uow:
        codes = {p.code for p in uow.datasets.load().parties}
    assert "AAA" in codes
    assert "BBB" not in codes
