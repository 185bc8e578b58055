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

RowKey = tuple[str, tuple[object, ...]]  # (table, canonical key values)


class Operation(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


_PLAIN = (str, int, bool, type(None))


def canonical_value(value: object) -> object:
    if type(value) in _PLAIN:
        return value
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
    return _digest_of_canonical(canonical_row(row))


def _digest_of_canonical(row: Mapping[str, object]) -> str:
    return hashlib.sha256(canonical_json(row)).hexdigest()


def canonical_key(key: Iterable[object]) -> tuple[object, ...]:
    return tuple(canonical_value(v) for v in key)


def key_text(key: Iterable[object]) -> str:
    return canonical_json(list(key)).decode()


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
            canonical = canonical_row(self.row)
            change["row"] = canonical
            change["digest"] = _digest_of_canonical(canonical)
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


def replay(state: dict[RowKey, str | None], change: Mapping[str, Any]) -> None:
    """Apply one logged row change: `state` maps each row to the digest it must have now,
    None once deleted. Replaying every entry in order gives what the tables must hold."""
    key = (str(change["table"]), tuple(change["key"]))
    state[key] = change.get("digest") if change["op"] != Operation.DELETE else None


@dataclass(frozen=True, slots=True)
class RowFinding:
    table: str
    key: str
    problem: str

    def __str__(self) -> str:
        return f"{self.table} {self.key}: {self.problem}"


def _finding(key: RowKey, problem: str) -> RowFinding:
    return RowFinding(key[0], key_text(key[1]), problem)


def reconcile(
    expected: Mapping[RowKey, str | None], actual: Mapping[RowKey, str]
) -> list[RowFinding]:
    """Every row whose current content differs from what the log says it must be."""
    findings = []
    for key, digest in expected.items():
        now = actual.get(key)
        if digest is None and now is not None:
            findings.append(_finding(key, "present, but the log says it was deleted"))
        elif digest is not None and now is None:
            findings.append(_finding(key, "missing: deleted outside pledgeflow"))
        elif digest is not None and now != digest:
            findings.append(_finding(key, "changed outside pledgeflow"))
    for key in actual.keys() - expected.keys():
        findings.append(_finding(key, "not in the log: written outside pledgeflow"))
    return sorted(findings, key=lambda f: (f.table, f.key))
