"""The audit log in a real database: append-only, verifiable, and reconciled with the tables."""

from __future__ import annotations

import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from tests.integration.test_storage import small_dataset

from pledgeflow.adapters.db import make_engine
from pledgeflow.audit.checkpoints import load_verifier_key
from pledgeflow.bootstrap import Container
from pledgeflow.config import Settings
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party, Role
from pledgeflow.service import audit
from pledgeflow.service.audit import KeptCheckpoint
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.unit_of_work import UnitOfWork


def save(engine: Engine, dataset: Dataset) -> None:
    with UnitOfWork(engine, "test") as uow:
        uow.datasets.save(dataset)
        uow.commit("import")


@pytest.fixture
def logged(container: Container) -> Container:
    audit.ensure_signing_key(container.settings)
    save(container.engine, small_dataset())
    return container


def test_every_written_row_is_one_entry(logged: Container) -> None:
    entries = audit.show(logged.uow(), 0, 100)
    assert len(entries) == sum(small_dataset().counts().values())
    assert [e["seq"] for e in entries] == list(range(len(entries)))
    assert {e["command"] for e in entries} == {"import"}
    assert audit.verify_log(logged.uow(), logged.settings).ok


def test_reimporting_identical_rows_logs_nothing(logged: Container) -> None:
    before = len(audit.show(logged.uow(), 0, 1000))
    save(logged.engine, small_dataset())
    assert len(audit.show(logged.uow(), 0, 1000)) == before


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"])
def test_the_database_refuses_to_change_the_log(logged: Container, statement: str) -> None:
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), logged.engine.begin() as conn:
        conn.execute(sa.text(statement))
    assert audit.verify_log(logged.uow(), logged.settings).ok


def test_a_quantity_changed_in_sql_is_named(logged: Container) -> None:
    with logged.engine.begin() as conn:
        conn.execute(sa.text("UPDATE pledges SET quantity = '999' WHERE id = 'P-1'"))
    report = audit.verify_log(logged.uow(), logged.settings)
    assert not report.ok
    assert [str(f) for f in report.row_findings] == ['pledges ["P-1"]: changed outside pledgeflow']


def test_a_row_deleted_in_sql_is_named(logged: Container) -> None:
    with logged.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM hub_calendar"))
    report = audit.verify_log(logged.uow(), logged.settings)
    assert [str(f) for f in report.row_findings] == [
        'hub_calendar ["HUB-RZE","2026-12-24","2026-12-26"]: missing: deleted outside pledgeflow'
    ]


def test_a_row_inserted_in_sql_is_named(logged: Container) -> None:
    with logged.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO parties (code, name, roles) VALUES ('XXX', 'Ghost', 'donor')")
        )
    report = audit.verify_log(logged.uow(), logged.settings)
    assert [str(f) for f in report.row_findings] == [
        'parties ["XXX"]: not in the log: written outside pledgeflow'
    ]


def test_a_proof_bundle_verifies_offline(logged: Container) -> None:
    bundle = audit.prove(logged.uow(), logged.settings, 3)
    verifier = load_verifier_key(audit.verifier_key_path(logged.settings))
    assert audit.check_proof(bundle, verifier).size == bundle["tree_size"]
    bundle["entry"] = bundle["entry"].replace('"import"', '"forged"')
    with pytest.raises(ServiceError, match="does not verify"):
        audit.check_proof(bundle, verifier)


def test_a_changed_checkpoint_fails_its_signature(logged: Container) -> None:
    note = audit.make_checkpoint(logged.uow(), logged.settings)
    lines = note.split("\n")
    lines[1] = str(int(lines[1]) + 1)
    report = audit.verify_log(
        logged.uow(), logged.settings, [KeptCheckpoint("edited", "\n".join(lines))]
    )
    assert not report.ok
    assert report.checkpoint_findings[0].startswith("edited:")


# Tamper trials: a DBA who drops the guards and edits the log directly.

TRIALS = 50
LOG_SIZE = 1000


def _unguard(conn: sa.Connection) -> None:
    conn.execute(sa.text("DROP TRIGGER audit_log_no_update"))
    conn.execute(sa.text("DROP TRIGGER audit_log_no_delete"))


def _flip_byte(conn: sa.Connection, rng: random.Random) -> None:
    seq = rng.randrange(LOG_SIZE)
    entry = conn.execute(
        sa.text("SELECT entry FROM audit_log WHERE seq = :s"), {"s": seq}
    ).scalar_one()
    at = rng.randrange(len(entry))
    flipped = chr(ord(entry[at]) ^ (1 << rng.randrange(6)))
    conn.execute(
        sa.text("UPDATE audit_log SET entry = :e WHERE seq = :s"),
        {"e": entry[:at] + flipped + entry[at + 1 :], "s": seq},
    )


def _delete_one(conn: sa.Connection, rng: random.Random) -> None:
    conn.execute(sa.text("DELETE FROM audit_log WHERE seq = :s"), {"s": rng.randrange(LOG_SIZE)})


def _swap_two(conn: sa.Connection, rng: random.Random) -> None:
    a, b = rng.sample(range(LOG_SIZE), 2)
    rows = {
        r.seq: r
        for r in conn.execute(
            sa.text("SELECT seq, entry, leaf_hash FROM audit_log WHERE seq IN (:a, :b)"),
            {"a": a, "b": b},
        )
    }
    for target, source in ((a, b), (b, a)):
        conn.execute(
            sa.text("UPDATE audit_log SET entry = :e, leaf_hash = :h WHERE seq = :s"),
            {"e": rows[source].entry, "h": rows[source].leaf_hash, "s": target},
        )


def _insert_one(conn: sa.Connection, rng: random.Random) -> None:
    """Shift every later entry up by one and put a forged entry in the gap, hashes and all."""
    at = rng.randrange(LOG_SIZE)
    conn.execute(sa.text("UPDATE audit_log SET seq = -seq - 2 WHERE seq >= :a"), {"a": at})
    conn.execute(sa.text("UPDATE audit_log SET seq = -seq - 1 WHERE seq < 0"))
    template = conn.execute(
        sa.text(
            "SELECT recorded_at, actor, command, entry, leaf_hash FROM audit_log WHERE seq = :s"
        ),
        {"s": at + 1},
    ).one()
    conn.execute(
        sa.text(
            "INSERT INTO audit_log (seq, recorded_at, actor, command, entry, leaf_hash) "
            "VALUES (:s, :r, :a, :c, :e, :h)"
        ),
        {
            "s": at,
            "r": template.recorded_at,
            "a": template.actor,
            "c": template.command,
            "e": template.entry,
            "h": template.leaf_hash,
        },
    )


def _forge_column(column: str, value: str) -> object:
    """Edit one displayed column of one entry, leaving its hashed text alone."""

    def forge(conn: sa.Connection, rng: random.Random) -> None:
        conn.execute(
            sa.text(f"UPDATE audit_log SET {column} = :v WHERE seq = :s"),
            {"v": value, "s": rng.randrange(LOG_SIZE)},
        )

    forge.__name__ = f"_forge_{column}"
    return forge


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Settings, str]:
    """A 1,000-entry SQLite log and a checkpoint a partner saved of it."""
    from pledgeflow.adapters import migrations

    folder = tmp_path_factory.mktemp("big-log")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'log.db'}", signing_key_path=folder / "signing.key"
    )
    engine = make_engine(settings.database_url)
    migrations.upgrade(engine)
    audit.ensure_signing_key(settings)
    parties = tuple(
        Party(f"P{i:04d}", f"Party {i}", frozenset({Role.DONOR}), Decimal(i))
        for i in range(LOG_SIZE)
    )
    save(engine, Dataset(parties=parties))
    note = audit.make_checkpoint(UnitOfWork(engine, "test"), settings)
    engine.dispose()
    return folder / "log.db", settings, note


@pytest.mark.parametrize(
    "tamper",
    [
        _flip_byte,
        _delete_one,
        _swap_two,
        _insert_one,
        _forge_column("actor", "mallory"),
        _forge_column("command", "approve_plan"),
        _forge_column("recorded_at", "2020-01-01 00:00:00.000000"),
    ],
)
def test_every_tampering_is_detected(
    big_log: tuple[Path, Settings, str], tmp_path: Path, tamper: object
) -> None:
    database, settings, note = big_log
    engine = make_engine(settings.database_url)
    untouched = audit.verify_log(UnitOfWork(engine, "t"), settings, [KeptCheckpoint("kept", note)])
    engine.dispose()
    assert untouched.ok
    assert untouched.size == LOG_SIZE
    rng = random.Random(f"tamper-{tamper.__name__}")  # type: ignore[attr-defined]
    detected = 0
    for trial in range(TRIALS):
        copy = tmp_path / f"trial-{trial}.db"
        shutil.copy(database, copy)
        trial_settings = settings.model_copy(update={"database_url": f"sqlite:///{copy}"})
        engine = make_engine(trial_settings.database_url)
        with engine.begin() as conn:
            _unguard(conn)
            tamper(conn, rng)  # type: ignore[operator]
        report = audit.verify_log(
            UnitOfWork(engine, "t"), trial_settings, [KeptCheckpoint("kept", note)]
        )
        engine.dispose()
        detected += not report.ok
    assert detected == TRIALS
