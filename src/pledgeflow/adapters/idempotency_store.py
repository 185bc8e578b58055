"""Idempotency records: the response a keyed POST gave, stored with the effect it had.

The primary key (user, key) is the lock: two concurrent requests with one key both try to
insert, and the database lets exactly one commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from pledgeflow.adapters.access_tables import idempotency_keys


@dataclass(frozen=True, slots=True)
class StoredResponse:
    request_digest: str
    status_code: int
    body: str


class IdempotencyStore:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def find(self, user: str, key: str) -> StoredResponse | None:
        query = select(
            idempotency_keys.c.request_digest,
            idempotency_keys.c.status_code,
            idempotency_keys.c.body,
        ).where(idempotency_keys.c.user_name == user, idempotency_keys.c.key == key)
        row = self._conn.execute(query).mappings().first()
        return None if row is None else StoredResponse(**row)

    def add(self, user: str, key: str, response: StoredResponse, now: dt.datetime) -> None:
        self._conn.execute(
            insert(idempotency_keys),
            {"user_name": user, "key": key, "request_digest": response.request_digest}
            | {"status_code": response.status_code, "body": response.body, "created_at": now},
        )
