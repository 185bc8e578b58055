"""The login throttle's store: counting and reserving attempts under a per-key lock.

Counting and reserving happen in one transaction that holds the lock of both keys (the name
and the client), so two concurrent guesses can never both see the last free slot. SQLite's
IMMEDIATE transaction already holds its single write lock; PostgreSQL takes transaction-level
advisory locks, in a fixed order so that two attempts never wait on each other.
"""

from __future__ import annotations

import datetime as dt
import zlib
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, text
from sqlalchemy.sql.elements import ColumnElement

from pledgeflow.adapters.access_tables import login_attempts as attempts


@dataclass(frozen=True, slots=True)
class Counts:
    """Unresolved attempts in the window: for this name from this client, from this client
    for any name, and for this name from any client."""

    pair: int
    client: int
    name: int


class LoginAttempts:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def lock(self, name: str, client: str) -> None:
        if self._conn.dialect.name != "postgresql":
            return
        for key in sorted({f"name:{name}", f"client:{client}"}):
            number = zlib.crc32(key.encode()) - 2**31
            self._conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": number})

    def counts(self, name: str, client: str, since: dt.datetime) -> Counts:
        recent = attempts.c.at > since
        return Counts(
            pair=self._count(recent, attempts.c.name == name, attempts.c.client == client),
            client=self._count(recent, attempts.c.client == client),
            name=self._count(recent, attempts.c.name == name),
        )

    def _count(self, *where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(attempts).where(*where)
        return int(self._conn.execute(query).scalar_one())

    def reserve(self, name: str, client: str, now: dt.datetime) -> int:
        row = {"name": name, "client": client, "at": now}
        result = self._conn.execute(insert(attempts).returning(attempts.c.id), row)
        return int(result.scalar_one())

    def proven_good(self, attempt: int) -> None:
        self._conn.execute(delete(attempts).where(attempts.c.id == attempt))

    def forget_before(self, moment: dt.datetime) -> None:
        """Attempts older than every window count for nothing; dropping them keeps the table
        as small as the last window's traffic."""
        self._conn.execute(delete(attempts).where(attempts.c.at <= moment))
