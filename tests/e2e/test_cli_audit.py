"""The audit commands end to end: checkpoint, verify (exit codes), prove and check offline."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from pledgeflow.adapters.db import make_engine
from pledgeflow.adapters.exporters import write_dataset
from tests.e2e.conftest import Run
from tests.integration.test_storage import small_dataset


def test_checkpoint_verify_prove(cli: Run, tmp_path: Path, database_url: str) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    saved = tmp_path / "kept.checkpoint"
    assert cli("audit", "checkpoint", "--out", saved).exit_code == 0
    assert saved.read_text().startswith("pledgeflow.example/log\n")

    verified = cli("audit", "verify", "--checkpoint", saved)
    assert verified.exit_code == 0, verified.output
    assert "tables agree" in verified.output

    proof = tmp_path / "proof.json"
    assert cli("audit", "prove", "2", "--out", proof).exit_code == 0
    assert json.loads(proof.read_text())["seq"] == 2
    key = Path(str(tmp_path / "signing.key") + ".pub")
    checked = cli("audit", "check-proof", proof, "--key", key)
    assert checked.exit_code == 0, checked.output

    shown = cli("audit", "show", "--since", "0", "--limit", "3")
    assert shown.exit_code == 0
    assert "insert parties" in " ".join(shown.output.split())

    engine = make_engine(database_url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE pledges SET quantity = '11' WHERE id = 'P-1'"))
    engine.dispose()
    tampered = cli("audit", "verify", "--checkpoint", saved)
    assert tampered.exit_code == 1
    assert "P-1" in tampered.output
    assert "changed outside pledgeflow" in tampered.output


def test_prove_an_entry_that_does_not_exist(cli: Run) -> None:
    result = cli("audit", "prove", "99")
    assert result.exit_code == 1
    assert "does not exist" in result.output
