"""The command starts fast, talks while it plans, and fails in one clear line (issue 14.7)."""

from __future__ import annotations

import datetime as dt
import io
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.cli import context
from pledgeflow.cli.main import app
from pledgeflow.cli.plan_progress import planning_progress
from pledgeflow.demo.generator import generate
from tests.e2e.conftest import Run

HEAVY = {"sqlalchemy", "fastapi", "argon2", "highspy", "scipy", "numpy", "pydantic", "openpyxl"}
VERSION_RUN = """
import sys
sys.argv = ["pledgeflow", "--version"]
from pledgeflow.cli.main import app
from pledgeflow.cli.plan_progress import planning_progress
try:
    app()
except SystemExit:
    pass
print(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1:] or HEAVY)))
"""


def _pledgeflow(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = "import sys; from pledgeflow.cli.main import app; sys.argv[0] = 'pledgeflow'; app()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
        timeout=600,
    )


def test_version_imports_neither_the_database_nor_the_web_nor_the_solver() -> None:
    code = VERSION_RUN.replace("set(sys.argv[1:] or HEAVY)", repr(HEAVY))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, loaded = done.stdout.strip().splitlines()
    assert first.startswith("pledgeflow ")
    assert loaded == "[]"


@pytest.fixture
def bare(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.setattr(context, "_settings_overrides", {})
    monkeypatch.setenv("PLEDGEFLOW_SIGNING_KEY_PATH", str(tmp_path / "signing.key"))
    return CliRunner()


@pytest.mark.parametrize("command", [[], ["plan"], ["demo"], ["ship", "status"], ["users", "add"]])
def test_flags_are_shown_without_a_bool_type(bare: CliRunner, command: list[str]) -> None:
    shown = bare.invoke(app, [*command, "--help"])
    assert shown.exit_code == 0, shown.output
    assert "<bool>" not in shown.output
    assert "--help" in shown.output


def test_a_missing_sqlite_database_is_named_and_not_created(
    bare: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "nowhere.db"
    monkeypatch.setenv("PLEDGEFLOW_DATABASE_URL", f"sqlite:///{path}")
    for command in (["show", "items"], ["plan", "show", "1"], ["audit", "verify"]):
        result = bare.invoke(app, command)
        assert result.exit_code == 1, result.output
        assert "pledgeflow init" in result.output
        assert not path.exists()


def test_an_unreachable_database_is_one_line(
    bare: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("PLEDGEFLOW_DATABASE_URL", f"postgresql://nobody@127.0.0.1:{port}/none")
    for command in (["show", "items"], ["init"]):
        result = bare.invoke(app, command)
        assert result.exit_code == 1
        assert result.output.strip().startswith("error: cannot use the database")
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_a_missing_folder_is_one_line(cli: Run, tmp_path: Path) -> None:
    for command in (["import", tmp_path / "absent"], ["ship", "import", tmp_path / "absent"]):
        result = cli(*command)
        assert result.exit_code == 1
        assert "absent" in result.output
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_demo_serve_refuses_a_busy_port_before_building(bare: CliRunner, tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = bare.invoke(
            app, ["demo", "--dir", str(tmp_path / "demo"), "--serve", "--port", str(port)]
        )
    assert result.exit_code == 1
    assert f"port {port}" in result.output
    assert "in use" in result.output
    assert not (tmp_path / "demo").exists()


def test_plan_reports_as_plain_lines_without_the_solver_banner(
    cli: Run, database_url: str, tmp_path: Path
) -> None:
    data = generate(
        requirements=150, pledges=150, hubs=3, horizon_days=60, seed=7, as_of=dt.date(2026, 11, 2)
    )
    write_dataset(data, tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    env = {
        "PLEDGEFLOW_DATABASE_URL": database_url,
        "PLEDGEFLOW_SIGNING_KEY_PATH": str(tmp_path / "signing.key"),
    }
    done = _pledgeflow("plan", "--as-of", "2026-11-02", "--horizon-days", "60", env=env)
    assert done.returncode == 0, done.stderr
    assert "Running HiGHS" not in done.stdout
    progress = [line for line in done.stdout.splitlines() if line.startswith("planning:")]
    assert progress, done.stdout
    assert "\x1b[" not in "".join(progress)


def test_progress_lines_carry_the_stage_bound_and_gap() -> None:
    """The planner's pricing rounds report objective, bound and gap; outside a terminal the
    latest report is written as a plain line (every 2 s, and when planning ends)."""
    out = io.StringIO()
    with planning_progress(Console(file=out, force_terminal=False)) as report:
        report("LP priority_1: objective -10, bound -12, gap 20.00%", 0.25)
    lines = out.getvalue().splitlines()
    assert lines[-1].startswith("planning: ")
    assert "LP priority_1: objective -10, bound -12, gap 20.00%" in lines[-1]
    assert "25%" in lines[-1]
