"""Users and their tokens, read and written through the unit of work's connection.

User rows are business records, so every write is journalled (and so audited). The audit
copy of a user row carries a digest of the password hash, never the hash itself: the log is
shown to partners, and a hash there could be attacked offline. Tokens are credentials, not
records of the mission; they are stored as digests and not logged.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from pledgeflow.adapters.access_tables import tokens, users
from pledgeflow.audit.log import Operation, RowChange


@dataclass(frozen=True, slots=True)
class UserRecord:
    name: str
    password_hash: str
    role: str
    party: str | None
    hub: str | None
    disabled: bool


def audit_row(row: dict[str, Any]) -> dict[str, Any]:
    digest = hashlib.sha256(row["password_hash"].encode()).hexdigest()
    return {k: v for k, v in row.items() if k != "password_hash"} | {"password_digest": digest}


class UserRepository:
    def __init__(self, connection: Connection, journal: list[RowChange]) -> None:
        self._conn = connection
        self._journal = journal

    def get(self, name: str) -> UserRecord | None:
        row = self._conn.execute(select(users).where(users.c.name == name)).mappings().first()
        return None if row is None else UserRecord(**row)

    def list(self) -> list[UserRecord]:
        rows = self._conn.execute(select(users).order_by(users.c.name)).mappings()
        return [UserRecord(**row) for row in rows]

    def add(self, user: UserRecord) -> None:
        row = _row(user)
        self._conn.execute(insert(users), row)
        self._journal.append(RowChange("users", (user.name,), Operation.INSERT, audit_row(row)))

    def replace(self, user: UserRecord) -> None:
        row = _row(user)
        self._conn.execute(update(users).where(users.c.name == user.name).values(**row))
        self._journal.append(RowChange("users", (user.name,), Operation.UPDATE, audit_row(row)))

    def audit_rows(self) -> dict[str, dict[str, Any]]:
        """Every user as the audit log records it, for reconciliation."""
        rows = self._conn.execute(select(users).order_by(users.c.name)).mappings()
        return {row["name"]: audit_row(dict(row)) for row in rows}

    def add_token(
        self, digest: str, user: str, kind: str, label: str, now: dt.datetime, ttl: dt.timedelta
    ) -> None:
        expires = None if kind == "api" else now + ttl
        self._conn.execute(
            insert(tokens),
            {"digest": digest, "user_name": user, "kind": kind, "label": label}
            | {"created_at": now, "expires_at": expires, "revoked": False},
        )

    def token_user(self, digest: str, now: dt.datetime) -> UserRecord | None:
        """The enabled user a live (unrevoked, unexpired) token belongs to."""
        query = (
            select(users, tokens.c.expires_at)
            .join(tokens, tokens.c.user_name == users.c.name)
            .where(tokens.c.digest == digest, tokens.c.revoked.is_(False))
            .where(users.c.disabled.is_(False))
        )
        row = self._conn.execute(query).mappings().first()
        if row is None or (row["expires_at"] is not None and _aware(row["expires_at"]) <= now):
            return None
        return UserRecord(**{k: v for k, v in row.items() if k != "expires_at"})

    def revoke(self, digest: str) -> None:
        self._conn.execute(update(tokens).where(tokens.c.digest == digest).values(revoked=True))


def _row(user: UserRecord) -> dict[str, Any]:
    return {
        "name": user.name,
        "password_hash": user.password_hash,
        "role": user.role,
        "party": user.party,
        "hub": user.hub,
        "disabled": user.disabled,
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every stored moment is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
