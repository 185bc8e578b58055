"""Import and export through the command line: all or nothing, every problem named."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook

from pledgeflow.adapters.db import make_engine
from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.tables import metadata
from tests.e2e.conftest import Run
from tests.integration.test_storage import small_dataset


def database_fingerprint(url: str) -> str:
    """Every row of every table, and for SQLite the file's bytes once every committed page is
    checkpointed into it (WAL mode keeps recent commits in the -wal file until then)."""
    engine = make_engine(url)
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            key = list(table.primary_key.columns)
            for row in conn.execute(sa.select(table).order_by(*key)):
                digest.update(repr(tuple(row)).encode())
    engine.dispose()
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        with closing(sqlite3.connect(path, isolation_level=None)) as raw:
            busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        assert busy == 0, "the checkpoint could not complete"
        digest.update(path.read_bytes())
    return digest.hexdigest()


def faulty_workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "pledges"
    sheet.append(["id", "donor", "item", "quantity", "available_from", "origin", "colour"])
    sheet.append(["P-9", "POL", "NO-SUCH-ITEM", 5, "2026-12-01", "DEP-POL", "red"])
    sheet.append(["P-10", "POL", "GEN-10", -3, "2026-12-01", "DEP-POL", "red"])
    sheet.append(["P-11", "POL", "GEN-10", 4, "first of May", "DEP-POL", "red"])
    sheet.append(["P-11", "POL", "GEN-10", 4, "2026-12-01", "NOWHERE", "red"])
    requirements = book.create_sheet("requirements")
    requirements.append(["id", "item", "quantity", "priority", "needed_by"])
    requirements.append(["R-9", "GEN-10", 2, 7, "2026-12-01"])
    book.save(path)
    return path


def test_a_workbook_with_many_mistakes_changes_nothing(
    cli: Run, database_url: str, tmp_path: Path
) -> None:
    write_dataset(small_dataset(), tmp_path / "good")
    assert cli("import", tmp_path / "good").exit_code == 0
    before = database_fingerprint(database_url)

    result = cli("import", faulty_workbook(tmp_path / "bad.xlsx"))

    assert result.exit_code == 1
    report = " ".join(result.output.split())
    for expected in (
        "NO-SUCH-ITEM",  # unknown item code
        "-3",  # negative quantity
        "first of May",  # bad date
        "NOWHERE",  # reference to a missing site
        "colour",  # unknown column
        "destination",  # missing required column
        "P-11",  # duplicate id
    ):
        assert expected in report, expected
    assert "nothing was imported" in report
    assert "Traceback" not in result.output
    assert database_fingerprint(database_url) == before


def test_importing_twice_is_already_present_unless_update(cli: Run, tmp_path: Path) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    again = cli("import", tmp_path / "data")
    assert again.exit_code == 1
    assert "already present" in again.output
    updated = cli("import", tmp_path / "data", "--update")
    assert updated.exit_code == 0, updated.output


def test_export_then_import_into_a_fresh_database_is_identical(
    cli: Run, tmp_path: Path, database_url: str
) -> None:
    write_dataset(small_dataset(), tmp_path / "in.xlsx")
    assert cli("import", tmp_path / "in.xlsx").exit_code == 0
    assert cli("export", tmp_path / "out").exit_code == 0
    assert cli("export", tmp_path / "out.xlsx").exit_code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [
        "hub_calendar.csv",
        "items.csv",
        "lanes.csv",
        "parties.csv",
        "pledges.csv",
        "requirements.csv",
        "sites.csv",
    ]
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    write_dataset(small_dataset(), tmp_path / "direct")
    assert first == {p.name: p.read_bytes() for p in (tmp_path / "direct").iterdir()}


def test_show_filters_and_rejects_unknown_columns(cli: Run, tmp_path: Path) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    cli("import", tmp_path / "data")
    shown = cli("show", "lanes", "-w", "from=DEP-POL")
    assert shown.exit_code == 0
    assert "HUB-RZE" in shown.output
    assert "lanes: 1 of 2 match, 1 shown" in shown.output
    bad = cli("show", "pledges", "-w", "colour=red")
    assert bad.exit_code == 1
    assert "colour" in bad.output


def test_commands_refuse_an_uninitialised_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from pledgeflow.cli.main import app

    result = CliRunner().invoke(
        app, ["--database-url", f"sqlite:///{tmp_path / 'new.db'}", "show", "items"]
    )
    assert result.exit_code == 1
    assert "pledgeflow init" in result.output


def test_version_and_help(cli: Run) -> None:
    assert "pledgeflow 0.1.0" in cli("--version").output
    for command in ("import", "export", "show", "demo", "init", "audit"):
        assert cli(command, "--help").exit_code == 0
