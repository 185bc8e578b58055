"""Export / import carry what they claim; the CLI output explains itself (issue 14.3, 14.8)."""

from __future__ import annotations

import csv
from pathlib import Path

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.cli.context import write_problems
from tests.e2e.conftest import Run
from tests.e2e.test_cli_backup import busy_database
from tests.e2e.test_cli_shipments import words
from tests.integration.test_storage import small_dataset


def test_a_delivered_pledge_is_not_imported_without_its_shipments(
    cli: Run, tmp_path: Path, database_url: str
) -> None:
    busy_database(cli, tmp_path)  # P-1 delivered through shipment S-1
    exported = cli("export", tmp_path / "out")
    assert exported.exit_code == 0, exported.output
    assert "pledgeflow backup" in words(exported.output)
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert cli("--database-url", fresh, "init").exit_code == 0
    refused = cli("--database-url", fresh, "import", tmp_path / "out")
    assert refused.exit_code == 1
    text = words(refused.output)
    assert "pledges 2 status delivered set by recorded shipments" in text
    assert "nothing was imported" in text
    assert "(0 shown of 0)" in cli("--database-url", fresh, "show", "pledges").output


def test_show_with_a_filter_says_how_many_match(cli: Run, tmp_path: Path) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    shown = cli("show", "sites", "-w", "kind=hub", "--limit", "0")
    assert shown.exit_code == 0, shown.output
    assert "sites: 1 of 3 match, 0 shown" in words(shown.output)


def test_a_refused_import_leads_with_its_summary_and_shows_at_most_50_problems(
    cli: Run, tmp_path: Path
) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    with (tmp_path / "data" / "requirements.csv").open("a", newline="") as out:
        writer = csv.writer(out)
        for n in range(70):
            writer.writerow([f"R-BAD-{n}", "NO-SUCH-ITEM", "1", "1", "2026-12-01", "DLV-KYIV"])
    refused = cli("import", tmp_path / "data")
    assert refused.exit_code == 1
    lines = [line for line in refused.output.splitlines() if line.strip()]
    assert lines[0].startswith("error: ")
    assert "70 problem(s) found; nothing was imported" in lines[0]
    assert sum("NO-SUCH-ITEM" in line for line in lines) == 50
    assert "50 of 70 problems shown; all of them are in" in words(refused.output)
    named = Path(words(refused.output).split("all of them are in ")[1].split()[0])
    with named.open(encoding="utf-8") as written:
        rows = list(csv.DictReader(written))
    assert len(rows) == 70
    assert {row["value"] for row in rows} == {"NO-SUCH-ITEM"}
    named.unlink()


def test_the_problem_file_opens_in_a_spreadsheet_without_running_formulas() -> None:
    problem = ImportProblem("requirements", 3, "item", "=HYPERLINK(1)", "unknown item")
    written = write_problems([problem])
    with written.open(encoding="utf-8") as opened:
        (row,) = list(csv.DictReader(opened))
    written.unlink()
    assert row == {
        "table": "requirements",
        "row": "3",
        "column": "item",
        "value": "'=HYPERLINK(1)",
        "reason": "unknown item",
    }
