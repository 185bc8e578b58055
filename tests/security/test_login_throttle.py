"""Point 1: the login throttle holds under concurrency, in the database, per name and client.

30 concurrent wrong passwords for one name were all checked before; now at most the limit
are, whatever the concurrency, because each guess reserves its slot in the database before
its hash is checked. Two app instances over one database stand for two server processes.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container
from pledgeflow.service import users
from tests.api.conftest import PASSWORD


def _guess(client: TestClient, name: str, password: str) -> int:
    body = {"name": name, "password": password}
    return client.post("/auth/login", json=body).status_code


def _checked(statuses: list[int]) -> int:
    """Guesses whose password was checked: refused as wrong (401) or accepted (200)."""
    return sum(1 for s in statuses if s in (200, 401))


def test_concurrent_wrong_passwords_check_at_most_the_limit(
    client: TestClient, container: Container
) -> None:
    second = TestClient(create_app(container), base_url="https://testserver")
    clients = [client, second] * 15
    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(lambda c: _guess(c, "coordinator", "wrong guess"), clients))
    counted = Counter(statuses)
    assert _checked(statuses) <= 5, counted
    assert counted[429] >= 25, counted
    assert set(counted) <= {401, 429}, counted


def test_the_owner_from_another_address_is_not_locked_out(
    app: FastAPI, container: Container
) -> None:
    throttle = users.LoginThrottle()
    for _ in range(5):
        with contextlib.suppress(users.LoginRefused):
            users.login(container.uow(), throttle, "coordinator", "wrong guess", "203.0.113.9")
    attacker_again = None
    try:
        users.login(container.uow(), throttle, "coordinator", PASSWORD, "203.0.113.9")
    except users.Throttled as refused:
        attacker_again = refused
    assert attacker_again is not None
    token, who = users.login(container.uow(), throttle, "coordinator", PASSWORD, "198.51.100.7")
    assert token
    assert who.name == "coordinator"


def test_a_wrong_password_from_a_fresh_address_counts_against_the_name(
    app: FastAPI, container: Container
) -> None:
    throttle = users.LoginThrottle()
    for _ in range(5):
        with contextlib.suppress(users.LoginRefused):
            users.login(container.uow(), throttle, "auditor", "wrong guess", "203.0.113.9")
    refused = []
    for address in ("198.51.100.1", "198.51.100.2"):
        for _ in range(2):
            try:
                users.login(container.uow(), throttle, "auditor", "wrong guess", address)
            except (users.LoginRefused, users.Throttled) as error:
                refused.append(type(error).__name__)
    assert refused == ["LoginRefused", "Throttled", "LoginRefused", "Throttled"]


def test_a_client_guessing_many_names_is_throttled(container: Container) -> None:
    throttle = users.LoginThrottle(client_limit=6)
    outcomes = []
    for number in range(8):
        try:
            users.login(container.uow(), throttle, f"name-{number}", "wrong guess", "192.0.2.1")
        except (users.LoginRefused, users.Throttled) as error:
            outcomes.append(type(error).__name__)
    assert outcomes == ["LoginRefused"] * 6 + ["Throttled"] * 2
