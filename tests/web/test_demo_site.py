"""`demo --serve` accounts: one per role, scoped to the demo's records, all able to sign in."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container
from pledgeflow.web.demo_site import demo_accounts
from tests.web.conftest import mission


def test_every_demo_account_signs_in_with_the_printed_password(container: Container) -> None:
    with container.uow() as uow:
        uow.datasets.save(mission())
        uow.commit("import")
    password, accounts = demo_accounts(container)
    assert len(password) >= 16
    assert set(accounts) == {"coordinator", "liaison-pol", "recipient", "hub-hub-rze", "auditor"}
    client = TestClient(create_app(container), base_url="https://testserver")
    for name in accounts:
        answer = client.post("/ui/login", data={"name": name, "password": password})
        assert answer.status_code == 200
        assert f"<strong>{name}</strong>, " in answer.text
    liaison = client.post("/ui/login", data={"name": "liaison-pol", "password": password})
    assert "P-DEU-SECRET" not in client.get("/ui/pledges").text
    assert liaison.status_code == 200
