"""Login, cookies and bearer tokens, logout, disabled users, throttling, API tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient

from pledgeflow.bootstrap import Container
from pledgeflow.service import users
from pledgeflow.service.access import Role
from pledgeflow.service.audit import verify_log

from .conftest import PASSWORD


def _login(client: TestClient, name: str, password: str) -> tuple[int, dict[str, object]]:
    answer = client.post("/auth/login", json={"name": name, "password": password})
    return answer.status_code, answer.json()


def test_unknown_user_and_wrong_password_get_the_same_answer(client: TestClient) -> None:
    unknown = _login(client, "nobody", PASSWORD)
    wrong = _login(client, "coordinator", "not the password")
    assert unknown == wrong
    assert unknown[0] == 401


def test_login_sets_a_strict_http_only_cookie_that_authenticates(client: TestClient) -> None:
    answer = client.post("/auth/login", json={"name": "auditor", "password": PASSWORD})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert "secure" in cookie
    me = client.get("/auth/me")
    assert me.status_code == 200
    assert me.json()["role"] == "auditor"


def test_logout_revokes_the_token(client: TestClient) -> None:
    token = client.post("/auth/login", json={"name": "auditor", "password": PASSWORD}).json()
    client.cookies.clear()
    headers = {"Authorization": f"Bearer {token['token']}"}
    assert client.post("/auth/logout", headers=headers).status_code == 204
    assert client.get("/auth/me", headers=headers).status_code == 401


def test_a_disabled_users_tokens_stop_working(client: TestClient, container: Container) -> None:
    token = users.issue_api_token(container.uow(), "hub_operator", "scanner")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/auth/me", headers=headers).json()["name"] == "hub_operator"
    users.disable_user(container.uow(), "hub_operator")
    assert client.get("/auth/me", headers=headers).status_code == 401
    assert _login(client, "hub_operator", PASSWORD)[0] == 401


def test_failed_logins_are_throttled_per_name_whether_it_exists_or_not(
    client: TestClient,
) -> None:
    for name in ("coordinator", "nobody"):
        statuses = [_login(client, name, "wrong password")[0] for _ in range(6)]
        assert statuses == [401] * 5 + [429]
    assert _login(client, "coordinator", PASSWORD)[0] == 429
    assert _login(client, "auditor", PASSWORD)[0] == 200


def test_a_malformed_or_unknown_bearer_token_is_401(client: TestClient) -> None:
    assert client.get("/auth/me", headers={"Authorization": "Basic abc"}).status_code == 401
    unknown = {"Authorization": "Bearer " + "x" * 43}
    assert client.get("/auth/me", headers=unknown).status_code == 401


def test_user_changes_are_audited_without_the_password_hash(container: Container) -> None:
    users.add_user(container.uow(), "second", PASSWORD, Role.AUDITOR)
    with container.uow() as uow:
        entries = [row.entry for row in uow.audit.rows()]
    added = [e for e in entries if '"users"' in e and '"second"' in e]
    assert len(added) == 1
    assert "argon2" not in added[0]
    assert "password_digest" in added[0]
    users.disable_user(container.uow(), "second")
    assert verify_log(container.uow(), container.settings).ok
