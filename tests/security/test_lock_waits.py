"""Point 2: reads never take the write lock, and a write that waits too long is a 503.

Before, every unit of work began with BEGIN IMMEDIATE, so while one writer held SQLite's lock
even `GET /auth/me` waited for it and ended as a 500 "database is locked".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from pledgeflow.bootstrap import Container
from pledgeflow.service.access import Role


@contextmanager
def write_lock_held(engine: Engine) -> Iterator[None]:
    """Another writer in the middle of a command: SQLite's write lock, or the audit head row
    every command's commit must lock on PostgreSQL."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection = connection.execution_options(sqlite_begin="IMMEDIATE")
        with connection.begin():
            connection.execute(text("UPDATE audit_head SET size = size WHERE id = 1"))
            yield


def test_reads_and_logins_answer_while_a_writer_holds_the_lock(
    client: TestClient, container: Container, sign_in: Callable[[Role], dict[str, str]]
) -> None:
    coordinator = sign_in(Role.COORDINATOR)
    with write_lock_held(container.engine):
        assert client.get("/auth/me", headers=coordinator).status_code == 200
        assert client.get("/pledges", headers=coordinator).status_code == 200
        wrong = {"name": "coordinator", "password": "not the password"}
        assert client.post("/auth/login", json=wrong).status_code in (401, 503)


def test_a_write_that_waits_too_long_is_503_with_retry_after(
    client: TestClient, container: Container, sign_in: Callable[[Role], dict[str, str]]
) -> None:
    coordinator = sign_in(Role.COORDINATOR)
    party = {"code": "FRA", "name": "France", "roles": ["donor"]}
    with write_lock_held(container.engine):
        answer = client.post("/parties", json=party, headers=coordinator)
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert int(answer.headers["retry-after"]) > 0
    assert client.post("/parties", json=party, headers=coordinator).status_code == 201
