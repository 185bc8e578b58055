"""Help and output that explain themselves (issue 14.8)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from pledgeflow.cli import context
from pledgeflow.cli.main import LAZY_COMMANDS, app
from tests.e2e.conftest import Run
from tests.e2e.test_cli_backup import busy_database
from tests.e2e.test_cli_shipments import words


@pytest.fixture(autouse=True)
def wide_console() -> Iterator[None]:
    width = context.console.width
    context.console.width = 200
    yield
    context.console.width = width


def every_help() -> Iterator[tuple[str, str]]:
    runner = CliRunner()
    groups = [name for name, (_, attribute, _) in LAZY_COMMANDS.items() if attribute == "app"]
    commands = [[], ["init"], *([name] for name in LAZY_COMMANDS)]
    for group in groups:
        module, attribute, _ = LAZY_COMMANDS[group]
        typer_app = getattr(importlib.import_module(module), attribute)
        names = sorted(getattr(typer.main.get_command(typer_app), "commands", {}))
        assert names, group
        commands += [[group, name] for name in names]
    for command in commands:
        shown = runner.invoke(app, [*command, "--help"], terminal_width=200)
        assert shown.exit_code == 0, (command, shown.output)
        yield " ".join(command), words(shown.output)


def test_help_names_no_spec_section_and_says_what_dates_and_passwords_mean() -> None:
    helps = dict(every_help())
    for command, text in helps.items():
        assert "§" not in text, command
        assert "<bool>" not in text, command
    assert "counts as done" in helps["plan"]
    assert "as they stood at the end of this day" in helps["ship status"]
    assert "The day the event happened" in helps["ship deliver"]
    assert "no cohort is placed on a course offer starting before it" in helps["training plan"]
    assert "At least 8 characters" in helps["users add"]
    assert "At least 8 characters" in helps["users password"]


def test_audit_show_track_and_diff_speak_plainly(cli: Run, tmp_path: Path) -> None:
    busy_database(cli, tmp_path)
    shown = words(cli("audit", "show").output)
    assert "insert pledges P-1" in shown
    assert "['" not in shown
    assert "('" not in shown

    track = cli("ship", "track", "--as-of", "2026-11-30")
    assert track.exit_code == 0, track.output
    text = words(track.output)
    assert "pledge requirement hub track" in text
    assert "P-1 R-1 HUB-RZE delivered" in text

    assert cli("plan", "--as-of", "2026-11-25").exit_code == 0
    assert cli("plan", "--as-of", "2026-11-28").exit_code == 0
    same_day = words(cli("plan", "diff", "1", "2").output)
    assert same_day.startswith("What plan 2 changes against plan 1, per priority tier")
    assert "warning" not in same_day
    later = cli("plan", "diff", "1", "3")
    assert later.exit_code == 0, later.output
    text = words(later.output)
    assert text.startswith(
        "warning: plan 1 is as of 2026-11-25, plan 3 as of 2026-11-28: deliveries between"
    )
    assert "priority mean fill before after change requirements short before after" in text
    assert text.index("per priority tier") < text.index("changed lines")
