"""Audit use cases: signed checkpoints, full verification, inclusion proofs, the log itself.

Verification trusts nothing stored: it re-hashes every entry from its text, rebuilds the tree,
checks each checkpoint a partner kept against the rebuilt roots, and replays the log against
the business tables, naming the first bad entry and every row that differs.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pledgeflow.adapters.rows import MAPPERS
from pledgeflow.audit.checkpoints import (
    Checkpoint,
    load_signer_key,
    load_verifier_key,
    sign_checkpoint,
    verify_checkpoint,
    write_key_pair,
)
from pledgeflow.audit.log import (
    RowFinding,
    RowKey,
    canonical_key,
    canonical_value,
    reconcile,
    replay,
    row_digest,
)
from pledgeflow.audit.merkle import CompactRange, leaf_hash
from pledgeflow.audit.notes import CheckpointError, VerifierKey
from pledgeflow.audit.proofs import InvalidProof, inclusion_proof, verify_inclusion
from pledgeflow.config import Settings
from pledgeflow.service.errors import NotFound, ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork


def verifier_key_path(settings: Settings) -> Path:
    return settings.signing_key_path.with_name(settings.signing_key_path.name + ".pub")


def ensure_signing_key(settings: Settings) -> tuple[Path, bool]:
    """Create the log's Ed25519 key beside (never inside) the database if there is none yet."""
    path = settings.signing_key_path
    if path.exists():
        return verifier_key_path(settings), False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_key_pair(settings.log_origin, path, verifier_key_path(settings))
    return verifier_key_path(settings), True


def make_checkpoint(uow: UnitOfWork, settings: Settings) -> str:
    """A signed checkpoint of the log as it stands, in C2SP tlog-checkpoint form."""
    if not settings.signing_key_path.exists():
        raise ServiceError(
            f"no signing key at {settings.signing_key_path}: run `pledgeflow init` to create it"
        )
    with uow.reading():
        size, root = uow.audit.head()
    signer = load_signer_key(settings.log_origin, settings.signing_key_path)
    return sign_checkpoint(Checkpoint(settings.log_origin, size, root), signer)


@dataclass
class AuditReport:
    size: int = 0
    root: bytes = b""
    first_bad_entry: int | None = None
    entry_findings: list[str] = field(default_factory=list)
    checkpoint_findings: list[str] = field(default_factory=list)
    checkpoints_ok: list[str] = field(default_factory=list)
    row_findings: list[RowFinding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.entry_findings or self.checkpoint_findings or self.row_findings)


@dataclass(frozen=True)
class KeptCheckpoint:
    name: str
    note: str


def verify_log(
    uow: UnitOfWork, settings: Settings, kept: Sequence[KeptCheckpoint] = ()
) -> AuditReport:
    verifier = load_verifier_key(verifier_key_path(settings)) if kept else None
    report = AuditReport()
    wanted = _checked_checkpoints(kept, verifier, settings, report)
    with uow.reading():
        roots, expected = _rebuild(uow, report, {c.size for _, c in wanted})
        _check_head(uow, report)
        report.row_findings = reconcile(expected, _actual_digests(uow))
    for name, checkpoint in wanted:
        if checkpoint.size > report.size:
            report.checkpoint_findings.append(
                f"{name}: the log has {report.size} entries, fewer than the "
                f"{checkpoint.size} this checkpoint signed: entries were removed"
            )
        elif roots.get(checkpoint.size) != checkpoint.root:
            report.checkpoint_findings.append(
                f"{name}: the first {checkpoint.size} entries no longer hash to the signed "
                "root: the record was rewritten"
            )
        else:
            report.checkpoints_ok.append(name)
    return report


def _checked_checkpoints(
    kept: Sequence[KeptCheckpoint],
    verifier: VerifierKey | None,
    settings: Settings,
    report: AuditReport,
) -> list[tuple[str, Checkpoint]]:
    wanted = []
    for item in kept:
        try:
            assert verifier is not None
            checkpoint = verify_checkpoint(item.note, verifier, origin=settings.log_origin)
        except CheckpointError as error:
            report.checkpoint_findings.append(f"{item.name}: {error}")
            continue
        wanted.append((item.name, checkpoint))
    return wanted


def _rebuild(
    uow: UnitOfWork, report: AuditReport, sizes: set[int]
) -> tuple[dict[int, bytes], dict[RowKey, str | None]]:
    """One pass over the log: re-hash every entry from its stored text, remember the root at
    each checkpoint size, and replay the row changes into what the tables must hold."""
    edge = CompactRange()
    roots: dict[int, bytes] = {0: edge.root()} if 0 in sizes else {}
    expected: dict[RowKey, str | None] = {}
    for row in uow.audit.rows():
        hashed = leaf_hash(row.entry.encode())
        problem, change = _entry_problem(row, edge.size, hashed)
        if problem:
            report.entry_findings.append(problem)
            if report.first_bad_entry is None:
                report.first_bad_entry = edge.size
        if change is not None:
            replay(expected, change)
        edge.append(hashed)
        if edge.size in sizes:
            roots[edge.size] = edge.root()
    report.size, report.root = edge.size, edge.root()
    return roots, expected


def _entry_problem(row: Any, position: int, hashed: bytes) -> tuple[str | None, Any]:
    """What is wrong with one stored entry, if anything, and the row change it records."""
    if row.seq != position:
        return f"entry {position}: missing (the next stored entry is {row.seq})", None
    try:
        body = json.loads(row.entry)
        change = body["change"]
    except (ValueError, KeyError, TypeError):
        return f"entry {row.seq}: its content is not a valid entry", None
    if hashed != bytes(row.leaf_hash):
        return f"entry {row.seq}: its content no longer matches its recorded hash", change
    if body.get("seq") != row.seq:
        return f"entry {row.seq}: it holds the content of entry {body.get('seq')}", change
    return _column_problem(row, body), change


_SHOWN_COLUMNS = (("actor", "actor"), ("command", "command"), ("recorded_at", "at"))
"""Columns a command displays, and the hashed field each must equal."""


def _column_problem(row: Any, body: dict[str, Any]) -> str | None:
    """The columns beside the hashed text are a copy for queries; one that differs from the
    hashed content was edited behind the log's back."""
    for column, hashed_field in _SHOWN_COLUMNS:
        stored = canonical_value(getattr(row, column))
        if stored != body.get(hashed_field):
            return (
                f"entry {row.seq}: its {column} column ({stored!r}) differs from the hashed "
                f"entry ({body.get(hashed_field)!r})"
            )
    return None


def _check_head(uow: UnitOfWork, report: AuditReport) -> None:
    size, root = uow.audit.head()
    if (size, root) != (report.size, report.root):
        report.entry_findings.append(
            f"log head says {size} entries, the entries rebuild to {report.size} with another root"
        )


def _actual_digests(uow: UnitOfWork) -> dict[RowKey, str]:
    actual: dict[RowKey, str] = {}
    for mapper in MAPPERS:
        names = [c.name for c in mapper.table.columns]
        positions = [names.index(k) for k in mapper.key_columns]
        table = mapper.table.name
        for values in uow.connection.execute(mapper.table.select()):
            key = canonical_key(values[p] for p in positions)
            actual[(table, key)] = row_digest(dict(zip(names, values, strict=True)))
    for plan_id, plan_row in uow.plans.audit_rows().items():
        actual[("plans", (plan_id,))] = row_digest(plan_row)
    actual.update(uow.shipments.audit_digests())
    actual.update(uow.training.audit_digests())
    actual.update(uow.finance.audit_digests())
    actual.update(uow.scenarios.audit_digests())
    actual.update(uow.transparency.audit_digests())
    for name, user_row in uow.users.audit_rows().items():
        actual[("users", (name,))] = row_digest(user_row)
    return actual


def prove(uow: UnitOfWork, settings: Settings, seq: int) -> dict[str, Any]:
    """An inclusion proof bundle for entry `seq` that a partner can check with the public key
    alone: the entry, its proof, and a checkpoint signed for the same tree size."""
    checkpoint_note = make_checkpoint(uow, settings)
    checkpoint = verify_checkpoint(checkpoint_note, load_verifier_key(verifier_key_path(settings)))
    with uow.reading():
        rows = list(uow.audit.rows(since=seq, limit=1))
        if not rows or rows[0].seq != seq or seq >= checkpoint.size:
            raise NotFound(f"audit entry {seq} does not exist (the log has {checkpoint.size})")
        proof = inclusion_proof(uow.audit, seq, checkpoint.size)
    return {
        "seq": seq,
        "tree_size": checkpoint.size,
        "entry": rows[0].entry,
        "proof": [base64.b64encode(h).decode() for h in proof],
        "checkpoint": checkpoint_note,
    }


def check_proof(bundle: dict[str, Any], verifier: VerifierKey) -> Checkpoint:
    """Offline check of a `prove` bundle; raises ServiceError naming what fails."""
    try:
        checkpoint = verify_checkpoint(bundle["checkpoint"], verifier)
        if checkpoint.size != bundle["tree_size"]:
            raise ServiceError("the bundle's tree size differs from its checkpoint's")
        proof = [base64.b64decode(h, validate=True) for h in bundle["proof"]]
        hashed = leaf_hash(bundle["entry"].encode())
        verify_inclusion(hashed, bundle["seq"], checkpoint.size, proof, checkpoint.root)
    except (CheckpointError, InvalidProof, KeyError, TypeError, ValueError) as error:
        raise ServiceError(f"the proof does not verify: {error}") from error
    return checkpoint


def show(uow: UnitOfWork, since: int, limit: int) -> list[dict[str, Any]]:
    """Entries as their hashed text says, never from the columns beside it, so what is shown
    is what `verify` checked: an edited column changes nothing here and is named there."""
    with uow.reading():
        return [_shown(row) for row in uow.audit.rows(since=since, limit=limit)]


def _shown(row: Any) -> dict[str, Any]:
    try:
        body = json.loads(row.entry)
        at = dt.datetime.fromisoformat(body["at"])
        return {
            "seq": body["seq"],
            "recorded_at": at,
            "actor": str(body["actor"]),
            "command": str(body["command"]),
            "change": body["change"],
        }
    except (ValueError, KeyError, TypeError):
        unreadable = "(unreadable entry: run audit verify)"
        return {
            "seq": row.seq,
            "recorded_at": None,
            "actor": unreadable,
            "command": "",
            "change": {},
        }
