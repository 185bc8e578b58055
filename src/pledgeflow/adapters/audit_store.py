"""The audit log in the database: appending entries, reading them back, and its head.

Appends are serialised by locking the single head row (SELECT … FOR UPDATE on PostgreSQL; the
IMMEDIATE transaction already holds SQLite's write lock), so sequence numbers have no gaps and
the stored right edge of the Merkle tree always matches the entries before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update

from pledgeflow.adapters.tables import audit_head, audit_log
from pledgeflow.audit.log import Entry
from pledgeflow.audit.merkle import CompactRange, leaf_hash

_CHUNK = 2000


class AuditStore:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def _locked_edge(self) -> CompactRange:
        query = select(audit_head.c.compact_range).where(audit_head.c.id == 1)
        if self._conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return CompactRange.from_bytes(self._conn.execute(query).scalar_one())

    def append(
        self,
        actor: str,
        command: str,
        changes: Sequence[Mapping[str, Any]],
        now: dt.datetime,
    ) -> list[Entry]:
        """Append one entry per change, in order, and move the head; O(log n) per entry."""
        edge = self._locked_edge()
        entries = [
            Entry(edge.size + offset, now, actor, command, change)
            for offset, change in enumerate(changes)
        ]
        rows = []
        for entry in entries:
            encoded = entry.encode()
            hashed = leaf_hash(encoded)
            edge.append(hashed)
            rows.append(
                {
                    "seq": entry.seq,
                    "recorded_at": now,
                    "actor": actor,
                    "command": command,
                    "entry": encoded.decode(),
                    "leaf_hash": hashed,
                }
            )
        for start in range(0, len(rows), _CHUNK):
            self._conn.execute(insert(audit_log), rows[start : start + _CHUNK])
        self._conn.execute(
            update(audit_head)
            .where(audit_head.c.id == 1)
            .values(size=edge.size, compact_range=edge.to_bytes(), root=edge.root())
        )
        return entries

    def hold(self) -> None:
        """Lock the log's head until this transaction ends, as `append` does: no command can
        log an entry meanwhile (on SQLite the IMMEDIATE transaction already excludes them)."""
        self._locked_edge()

    def newest_seq(self, excluding: Sequence[str] = ()) -> int:
        """The sequence number of the newest entry whose command is not in `excluding`; -1 if
        none. Read backwards from the end, so it costs a few rows, not the whole log."""
        query = select(audit_log.c.seq).order_by(audit_log.c.seq.desc()).limit(1)
        if excluding:
            query = query.where(audit_log.c.command.not_in(list(excluding)))
        seq = self._conn.execute(query).scalar_one_or_none()
        return -1 if seq is None else int(seq)

    def head(self) -> tuple[int, bytes]:
        row = self._conn.execute(
            select(audit_head.c.size, audit_head.c.root).where(audit_head.c.id == 1)
        ).one()
        return int(row.size), bytes(row.root)

    def leaf_hashes(self, start: int, end: int) -> Sequence[bytes]:
        """Stored leaf hashes of entries start … end-1 (a LeafHashSource for proofs)."""
        query = (
            select(audit_log.c.leaf_hash)
            .where(audit_log.c.seq >= start, audit_log.c.seq < end)
            .order_by(audit_log.c.seq)
        )
        return [bytes(h) for h in self._conn.execute(query).scalars()]

    def rows(self, since: int = 0, limit: int | None = None) -> Iterator[Any]:
        """Log rows in sequence order, streamed so a million entries never sit in memory."""
        query = select(audit_log).where(audit_log.c.seq >= since).order_by(audit_log.c.seq)
        if limit is not None:
            query = query.limit(limit)
        result = self._conn.execution_options(yield_per=_CHUNK).execute(query)
        yield from result
