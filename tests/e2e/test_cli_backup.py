"""`pledgeflow backup` / `restore`: every table into one file and back into an empty database,
which then verifies clean and plans exactly as the original (issue 14.3)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from pledgeflow.bootstrap import bootstrap
from pledgeflow.config import Settings
from pledgeflow.service import plans, users
from tests.databases import PostgresTemplates
from tests.e2e.conftest import Run
from tests.e2e.test_cli_shipments import planned

PASSWORD = "correct horse battery"


@pytest.fixture
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same kind of server as the test's own."""
    if request.node.callspec.params["database_url"] == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    templates: PostgresTemplates = request.getfixturevalue("postgres_templates")
    name = templates.copy()
    try:
        yield templates.url_of(name)
    finally:
        templates.drop(name)


def busy_database(cli: Run, tmp_path: Path) -> None:
    """Records, an approved plan, a delivered shipment and a user."""
    planned(cli, tmp_path)
    ref = "1/P-1/R-1/HUB-RZE"
    for command, *options in [
        ("dispatch", "--allocation", ref, "-q", "10", "--date", "2026-11-25"),
        ("receive", "-q", "10", "--date", "2026-11-27"),
        ("depart", "-q", "10", "--date", "2026-11-28"),
        ("deliver", "-q", "10", "--date", "2026-11-29"),
    ]:
        assert cli("ship", command, "S-1", *options).exit_code == 0
    added = cli("users", "add", "ada", "--role", "auditor", "--password", PASSWORD)
    assert added.exit_code == 0, added.output


def test_a_restored_database_verifies_and_plans_as_the_original(
    cli: Run, database_url: str, target_url: str, tmp_path: Path
) -> None:
    busy_database(cli, tmp_path)
    archive = tmp_path / "backup.zip"
    made = cli("backup", archive)
    assert made.exit_code == 0, made.output
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    tables = manifest["tables"]
    for name in ("pledges", "plans", "plan_allocations", "shipments", "shipment_events"):
        assert tables[name]["rows"] > 0, name
    for name in ("users", "audit_log", "audit_head", "courses", "bookings"):
        assert name in tables
    assert "tokens" not in tables
    assert manifest["audit"]["checkpoint"]

    restored = cli("--database-url", target_url, "restore", archive)
    assert restored.exit_code == 0, restored.output
    assert "Audit log verified" in restored.output
    assert cli("--database-url", target_url, "audit", "verify").exit_code == 0
    assert cli("--database-url", target_url, "ship", "show", "S-1").exit_code == 0

    for url in (database_url, target_url):
        again = cli("--database-url", url, "plan", "--as-of", "2026-11-28")
        assert again.exit_code == 0, again.output
    original = bootstrap(Settings(database_url=database_url))
    copy = bootstrap(Settings(database_url=target_url))
    first = plans.get_plan(original.uow(), 2)
    second = plans.get_plan(copy.uow(), 2)
    assert first.allocations == second.allocations
    assert first.shortfalls == second.shortfalls
    original.engine.dispose()
    copy.engine.dispose()


def test_users_restored_without_hashes_need_a_new_password(
    cli: Run, target_url: str, tmp_path: Path
) -> None:
    busy_database(cli, tmp_path)
    assert cli("backup", tmp_path / "b.zip").exit_code == 0
    with zipfile.ZipFile(tmp_path / "b.zip") as opened:
        assert "$argon2" not in opened.read("tables/users.jsonl").decode()
    assert cli("backup", tmp_path / "with.zip", "--with-password-hashes").exit_code == 0
    with zipfile.ZipFile(tmp_path / "with.zip") as opened:
        assert "$argon2" in opened.read("tables/users.jsonl").decode()

    restored = cli("--database-url", target_url, "restore", tmp_path / "b.zip")
    assert restored.exit_code == 0, restored.output
    assert "users password" in restored.output
    copy = bootstrap(Settings(database_url=target_url))
    with pytest.raises(users.LoginRefused):
        users.login(copy.uow(), users.LoginThrottle(), "ada", PASSWORD)
    reset = cli("--database-url", target_url, "users", "password", "ada", "--password", PASSWORD)
    assert reset.exit_code == 0, reset.output
    _, who = users.login(copy.uow(), users.LoginThrottle(), "ada", PASSWORD)
    assert who.name == "ada"
    assert cli("--database-url", target_url, "audit", "verify").exit_code == 0
    copy.engine.dispose()


def test_restore_refuses_a_database_that_holds_rows_and_a_damaged_file(
    cli: Run, target_url: str, tmp_path: Path
) -> None:
    busy_database(cli, tmp_path)
    archive = tmp_path / "backup.zip"
    assert cli("backup", archive).exit_code == 0
    again = cli("backup", archive)
    assert again.exit_code == 1
    assert "already exists" in again.output

    into_itself = cli("restore", archive)
    assert into_itself.exit_code == 1
    assert "restore needs an empty database" in " ".join(into_itself.output.split())

    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as out:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "tables/pledges.jsonl":
                data = data.replace(b'"quantity"', b'"quantity" ', 1)
            out.writestr(item, data)
    refused = cli("--database-url", target_url, "restore", damaged)
    assert refused.exit_code == 1
    assert "table pledges: its file does not match the manifest" in refused.output
    shown = cli("--database-url", target_url, "show", "pledges")  # nothing was written
    assert shown.exit_code == 1 or "(0 shown of 0)" in shown.output
