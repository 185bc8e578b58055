"""`pledgeflow users …` end to end, in-process, against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pledgeflow.bootstrap import Container
from pledgeflow.cli import context
from pledgeflow.cli.main import app
from pledgeflow.service import users


@pytest.fixture
def run(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PLEDGEFLOW_DATABASE_URL", database_url)
    monkeypatch.setenv("PLEDGEFLOW_SIGNING_KEY_PATH", str(tmp_path / "signing.key"))
    monkeypatch.setattr(context, "_settings_overrides", {})
    runner = CliRunner()
    assert runner.invoke(app, ["init"]).exit_code == 0
    return runner


def test_add_list_token_disable(run: CliRunner, container: Container) -> None:
    added = run.invoke(app, ["users", "add", "ana", "--role", "auditor", "--password", "s3cret-pw"])
    assert added.exit_code == 0, added.output
    listed = run.invoke(app, ["users", "list"])
    assert "ana" in listed.output
    assert "auditor" in listed.output
    issued = run.invoke(app, ["users", "token", "ana", "--label", "reporting"])
    token = issued.output.strip()
    assert users.authenticate(container.uow(), token) is not None
    assert run.invoke(app, ["users", "disable", "ana"]).exit_code == 0
    assert users.authenticate(container.uow(), token) is None
    assert "disabled" in run.invoke(app, ["users", "list"]).output


def test_a_scoped_role_needs_a_valid_scope(run: CliRunner) -> None:
    unscoped = run.invoke(
        app, ["users", "add", "bo", "--role", "donor_liaison", "--password", "pw-123456"]
    )
    assert unscoped.exit_code == 1
    assert "scope" in unscoped.output
    unknown = run.invoke(
        app,
        [
            "users",
            "add",
            "bo",
            "--role",
            "donor_liaison",
            "--scope",
            "XXX",
            "--password",
            "pw-123456",
        ],
    )
    assert unknown.exit_code == 1
