"""Running the real `pledgeflow` command in-process against a real database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from pledgeflow.cli import context
from pledgeflow.cli.main import app

Run = Callable[..., Result]


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("PLEDGEFLOW_DATABASE_URL", database_url)
    monkeypatch.setenv("PLEDGEFLOW_SIGNING_KEY_PATH", str(tmp_path / "signing.key"))
    monkeypatch.setattr(context, "_settings_overrides", {})
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    result = run("init")
    assert result.exit_code == 0, result.output
    return run
