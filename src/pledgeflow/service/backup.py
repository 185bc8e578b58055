"""Backup and restore: every table, as it stands, into one file and back into an empty database.

A backup is read in one snapshot (REPEATABLE READ on PostgreSQL, one read transaction on
SQLite), so its tables and its audit log agree. Password hashes stay out unless asked for: a
backup travels further than the database, and a hash is something to attack offline. Users
restored without them get a hash no password matches, recorded in the audit log, and need a
new password (`pledgeflow users password NAME`). A restore writes everything in one
transaction into an empty database at the backup's schema revision, after checking every
table against the manifest, and checks the restored log's head against the manifest's root.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from pledgeflow.adapters import migrations
from pledgeflow.adapters.audit_store import AuditStore
from pledgeflow.adapters.backup_archive import BackupReader, BackupWriter, DamagedBackup
from pledgeflow.adapters.backup_store import (
    carried_tables,
    continue_sequences,
    insert_rows,
    table_rows,
    tables_holding_rows,
)
from pledgeflow.audit.checkpoints import Checkpoint, load_signer_key, sign_checkpoint
from pledgeflow.config import Settings
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork

UNUSABLE_HASH = "!restored-without-password-hash"
"""Not an Argon2 hash, so no password verifies against it."""


@dataclass(frozen=True)
class BackupSummary:
    tables: dict[str, int]
    audit_size: int
    audit_root: str
    with_password_hashes: bool
    checkpoint: str | None = None


def backup(
    engine: Engine, settings: Settings, path: Path, *, with_password_hashes: bool = False
) -> BackupSummary:
    """Write every carried table to `path` (a new file), with a manifest and, when the signing
    key is at hand, a checkpoint signed for the log as backed up."""
    if path.exists():
        raise ServiceError(f"{path} already exists: a backup is written to a new file")
    revision = migrations.current_revision(engine)
    partial = path.with_name(path.name + ".partial")
    writer = BackupWriter(partial)
    try:
        with _snapshot(engine) as connection:
            for table in carried_tables(connection):
                rows = table_rows(connection, table)
                if table.name == "users" and not with_password_hashes:
                    rows = _replace_hashes(rows, "")
                writer.write_table(table.name, rows)
            size, root = AuditStore(connection).head()
        checkpoint = _checkpoint(settings, size, root)
        writer.finish(
            {
                "schema_revision": revision,
                "created_at": dt.datetime.now(dt.UTC).isoformat(),
                "with_password_hashes": with_password_hashes,
                "audit": {"size": size, "root": root.hex(), "checkpoint": checkpoint},
            }
        )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(path)
    counts = {name: listed["rows"] for name, listed in writer.tables.items()}
    return BackupSummary(counts, size, root.hex(), with_password_hashes, checkpoint)


def restore(engine: Engine, settings: Settings, path: Path) -> BackupSummary:
    """Restore `path` into this database, which must be empty (it is initialised if new)."""
    if not path.is_file():
        raise ServiceError(f"{path}: no such backup file")
    try:
        reader = BackupReader(path)
        reader.check()
    except DamagedBackup as error:
        raise ServiceError(str(error)) from error
    manifest = reader.manifest
    if migrations.current_revision(engine) is None:
        migrations.upgrade(engine)
    if manifest["schema_revision"] != migrations.head_revision():
        raise ServiceError(
            f"the backup is at schema revision {manifest['schema_revision']}, this pledgeflow "
            f"at {migrations.head_revision()}: restore it with the pledgeflow that made it"
        )
    try:
        with UnitOfWork(engine, settings.actor) as uow:
            _write_tables(uow, reader)
            uow.commit("restore")
    finally:
        reader.close()
    audit = manifest["audit"]
    counts = {name: listed["rows"] for name, listed in manifest["tables"].items()}
    hashes = bool(manifest["with_password_hashes"])
    return BackupSummary(counts, audit["size"], audit["root"], hashes, audit["checkpoint"])


def _write_tables(uow: UnitOfWork, reader: BackupReader) -> None:
    connection = uow.connection
    tables = carried_tables(connection)
    listed = reader.manifest["tables"]
    unknown = sorted(set(listed) - {t.name for t in tables})
    if unknown:
        raise ServiceError(f"the backup holds tables this database lacks: {', '.join(unknown)}")
    holding = tables_holding_rows(connection, tables)
    if holding:
        raise ServiceError(
            f"restore needs an empty database; these tables hold rows: {', '.join(holding)}"
        )
    hashes = bool(reader.manifest["with_password_hashes"])
    for table in tables:
        if table.name in listed:
            rows = reader.rows(table.name)
            if table.name == "users" and not hashes:
                rows = _replace_hashes(rows, UNUSABLE_HASH)
            insert_rows(connection, table, rows)
    continue_sequences(connection, tables)
    size, root = uow.audit.head()
    audit = reader.manifest["audit"]
    if (size, root.hex()) != (audit["size"], audit["root"]):
        raise ServiceError("the restored audit log does not match the backup's manifest")
    if not hashes:
        for user in uow.users.list():
            uow.users.replace(dataclasses.replace(user, password_hash=UNUSABLE_HASH))


def _replace_hashes(rows: Iterable[dict[str, Any]], value: str) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {**row, "password_hash": value}


def _checkpoint(settings: Settings, size: int, root: bytes) -> str | None:
    if not settings.signing_key_path.exists():
        return None
    signer = load_signer_key(settings.log_origin, settings.signing_key_path)
    return sign_checkpoint(Checkpoint(settings.log_origin, size, root), signer)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction that sees the database as it stood when it began."""
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    with engine.connect().execution_options(**options) as connection, connection.begin():
        yield connection
