"""`pledgeflow scenario …` end to end: a one-off withdrawal with its CSV files, a stored
scenario from a `scenario_changes` sheet, the sweep, and mistakes as one clear line."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import func, select

from pledgeflow.adapters.db import make_engine
from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.job_tables import jobs
from pledgeflow.adapters.scenario_tables import scenario_runs
from tests.e2e.conftest import Run
from tests.integration.test_replanning import two_needs

WHEN = ("--as-of", "2026-11-25", "--horizon-days", "60")


def _seeded(cli: Run, tmp_path: Path) -> None:
    write_dataset(two_needs(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0


def test_a_one_off_withdrawal_writes_the_diff_and_the_asks(cli: Run, tmp_path: Path) -> None:
    _seeded(cli, tmp_path)
    result = cli("scenario", "run", "--withdraw", "POL", *WHEN, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Weighted fill lost (16/8/4/2/1): 24.000" in result.output
    with (tmp_path / "out" / "scenario_diff.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [
        (r["requirement"], r["fill_before"], r["fill_after"], r["reason_after"]) for r in rows
    ] == [
        ("R-1", "1", "0", "no_supply"),
        ("R-2", "1", "0", "no_supply"),
    ]
    with (tmp_path / "out" / "asks.csv").open(encoding="utf-8") as file:
        asks = [r for r in csv.DictReader(file) if r["plan"] == "scenario"]
    assert [(a["item"], a["priority"], a["unmet_quantity"]) for a in asks] == [
        ("GEN-10", "1", "12"),
        ("GEN-10", "2", "8"),
    ]


def test_a_sheet_of_scenarios_is_stored_run_and_exported(cli: Run, tmp_path: Path) -> None:
    _seeded(cli, tmp_path)
    sheet = tmp_path / "scenario_changes.csv"
    sheet.write_text(
        "scenario,kind,subject,from,to,value\n"
        "rze-shut,close_hub,HUB-RZE,2026-11-25,2026-12-10,\n"
        "late-pol,delay,POL,,,20\n",
        encoding="utf-8",
    )
    result = cli("scenario", "import", sheet)
    assert result.exit_code == 0, result.output
    assert "2 scenario(s) stored: rze-shut, late-pol" in result.output
    run = cli("scenario", "run", "rze-shut", *WHEN)
    assert run.exit_code == 0, run.output
    assert "Scenario: close HUB-RZE 2026-11-25 2026-12-10" in run.output
    assert cli("scenario", "export", tmp_path / "back").exit_code == 0
    back = (tmp_path / "back" / "scenario_changes.csv").read_text(encoding="utf-8")
    assert "late-pol,delay,POL,,,20" in back
    assert cli("scenario", "delete", "late-pol").exit_code == 0
    assert "late-pol" not in cli("scenario", "list").output


def test_the_sweep_ranks_the_only_donor(cli: Run, tmp_path: Path) -> None:
    _seeded(cli, tmp_path)
    result = cli("scenario", "sweep", "--each-donor", *WHEN, "--out", tmp_path / "sweep")
    assert result.exit_code == 0, result.output
    assert "│ 1    │ POL   │ 24.000" in result.output
    assert (
        (tmp_path / "sweep" / "exposure.csv")
        .read_text(encoding="utf-8")
        .startswith("rank,donor,weighted_loss")
    )


def test_mistakes_end_with_one_line(cli: Run, tmp_path: Path) -> None:
    _seeded(cli, tmp_path)
    result = cli("scenario", "run", "-c", "cut POL half", *WHEN)
    assert result.exit_code == 1
    assert "change 1 (cut POL half): value: 'half' is not a number" in result.output
    (tmp_path / "bad").mkdir()
    bad = tmp_path / "bad" / "scenario_changes.csv"
    bad.write_text("scenario,kind,subject,colour\nx,withdraw,POL,red\n", encoding="utf-8")
    result = cli("scenario", "import", bad)
    assert result.exit_code == 1
    assert "unknown column" in result.output.replace("\n", " ")


def test_an_xlsx_out_is_one_workbook_with_both_sheets(cli: Run, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _seeded(cli, tmp_path)
    book = tmp_path / "what-if.xlsx"
    assert cli("scenario", "run", "--withdraw", "POL", *WHEN, "--out", book).exit_code == 0
    assert load_workbook(book).sheetnames == ["scenario_diff", "asks"]


def test_the_sweep_queued_stores_a_sweep_job_and_plans_nothing(
    cli: Run, tmp_path: Path, database_url: str
) -> None:
    _seeded(cli, tmp_path)
    queued = cli("scenario", "sweep", "--each-donor", "--queue", *WHEN)
    assert queued.exit_code == 0, queued.output
    assert "Sweep job 1 queued" in queued.output
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(jobs.c.kind, jobs.c.state, jobs.c.params)).one()
            runs = connection.execute(select(func.count()).select_from(scenario_runs))
            assert runs.scalar_one() == 0
    finally:
        engine.dispose()
    assert (row.kind, row.state) == ("sweep", "queued")
    assert '"as_of": "2026-11-25"' in row.params
