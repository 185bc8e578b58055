"""The audit log's entries and what they say about the business tables.

Every row a command writes becomes one entry: who, when, which command, and the row as it now
stands (or its deletion). Entries are encoded as canonical JSON (sorted keys, no spaces,
decimals without trailing zeros, ISO dates) so the same change always hashes the same, on any
database and any machine. Replaying the entries in order gives, for each row key, the content
the tables must hold now; anything else in the tables was written behind the log's back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

RowKey = tuple[str, str]  # (table, canonical key)


class Operation(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


def canonical_value(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime):
        # SQLite hands back naive datetimes; every time pledgeflow stores is UTC.
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return value


def canonical_row(row: Mapping[Any, object]) -> dict[str, object]:
    return {str(name): canonical_value(value) for name, value in row.items()}


def canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def row_digest(row: Mapping[Any, object]) -> str:
    return hashlib.sha256(canonical_json(canonical_row(row))).hexdigest()


def key_text(key: Iterable[object]) -> str:
    return canonical_json([canonical_value(v) for v in key]).decode()


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row written by a command; `row` is None for a deletion."""

    table: str
    key: tuple[object, ...]
    operation: Operation
    row: Mapping[str, object] | None

    def as_change(self) -> dict[str, object]:
        change: dict[str, object] = {
            "table": self.table,
            "key": [canonical_value(v) for v in self.key],
            "op": self.operation.value,
        }
        if self.row is not None:
            change["row"] = canonical_row(self.row)
            change["digest"] = row_digest(self.row)
        return change


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    recorded_at: dt.datetime
    actor: str
    command: str
    change: Mapping[str, Any]

    def encode(self) -> bytes:
        """The exact bytes that are hashed into the Merkle tree."""
        return canonical_json(
            {
                "seq": self.seq,
                "at": canonical_value(self.recorded_at),
                "actor": self.actor,
                "command": self.command,
                "change": self.change,
            }
        )


def expected_digests(changes: Iterable[Mapping[str, Any]]) -> dict[RowKey, str | None]:
    """Replay row changes in log order: the digest each row must have now, None if deleted."""
    state: dict[RowKey, str | None] = {}
    for change in changes:
        if "table" not in change:
            continue
        key = (str(change["table"]), canonical_json(change["key"]).decode())
        state[key] = change.get("digest") if change["op"] != Operation.DELETE else None
    return state


@dataclass(frozen=True, slots=True)
class RowFinding:
    table: str
    key: str
    problem: str

    def __str__(self) -> str:
        return f"{self.table} {self.key}: {self.problem}"


def reconcile(
    expected: Mapping[RowKey, str | None], actual: Mapping[RowKey, str]
) -> list[RowFinding]:
    """Every row whose current content differs from what the log says it must be."""
    findings = []
    for (table, key), digest in expected.items():
        now = actual.get((table, key))
        if digest is None and now is not None:
            findings.append(RowFinding(table, key, "present, but the log says it was deleted"))
        elif digest is not None and now is None:
            findings.append(RowFinding(table, key, "missing: deleted outside pledgeflow"))
        elif digest is not None and now != digest:
            findings.append(RowFinding(table, key, "changed outside pledgeflow"))
    for table, key in actual.keys() - expected.keys():
        findings.append(RowFinding(table, key, "not in the log: written outside pledgeflow"))
    return sorted(findings, key=lambda f: (f.table, f.key))
