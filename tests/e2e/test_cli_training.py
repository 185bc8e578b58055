"""`pledgeflow training …` end to end: import the sheets, plan, confirm, show, export, and the
demo's training part; mistakes end with one clear line and exit code 1."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.cli import context
from tests.e2e.conftest import Run
from tests.integration.test_storage import small_dataset

SHEETS = {
    "courses": "code,name,duration_days,language,prerequisite\n"
    "MED,combat medic,5,en,\nTRM,trauma care,5,en,MED\n",
    "training_requirements": "id,course,trainees,priority,must_finish_by,after,language\n"
    "C-MED,MED,12,2,2027-03-31,,\nC-TRM,TRM,8,1,2027-03-31,C-MED,\nC-FR,MED,4,1,2027-03-31,,fr\n",
    "course_offers": "id,trainer,course,site,start_date,seats,language\n"
    "M-1,POL,MED,DEP-POL,2027-02-01,10,en\nT-1,POL,TRM,DEP-POL,2027-02-10,10,en\n",
}


@pytest.fixture(autouse=True)
def wide_console() -> Iterator[None]:
    width = context.console.width
    context.console.width = 200
    yield
    context.console.width = width


def words(text: str) -> str:
    return " ".join(text.replace("│", " ").replace("┃", " ").split())


def imported(cli: Run, tmp_path: Path) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    folder = tmp_path / "training"
    folder.mkdir()
    for name, text in SHEETS.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    result = cli("training", "import", folder)
    assert result.exit_code == 0, result.output
    assert "7 added, 0 updated" in result.output


def test_plan_confirm_show_and_export(cli: Run, tmp_path: Path) -> None:
    """M-1 (days 0-4 of February) holds 10 seats: C-MED (priority 2) gets them all, since only
    trainees who finished MED may start TRM on 10 February, and C-TRM (priority 1) needs 8."""
    imported(cli, tmp_path)
    result = cli("training", "plan", "--as-of", "2027-01-15", "--confirm")
    assert result.exit_code == 0, result.output
    text = words(result.output)
    assert "C-MED@M-1 C-MED M-1 10" in text
    assert "C-TRM@T-1 C-TRM T-1 8" in text
    assert "C-FR 4 no_supply no offer of MED taught in fr has free seats" in text
    assert "C-MED 2 no_seats every session of MED ending by 2027-03-31 is full" in text
    assert "18 trainee(s) placed in 2 booking(s), 6 unplaced; verified" in text
    assert "Confirmed 2 booking(s)" in text

    shown = words(cli("training", "show").output)
    assert "M-1 POL MED DEP-POL 2027-02-01 en 10 10" in shown
    assert "C-TRM@T-1#1 C-TRM T-1 8" in shown

    full = cli("training", "confirm", "M-1", "C-MED", "-n", "1")
    assert full.exit_code == 1
    assert "course offer 'M-1': 1 seat(s) asked, 0 free" in words(full.output)

    assert cli("training", "export", tmp_path / "out").exit_code == 0
    with (tmp_path / "out" / "bookings.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {(r["id"], r["trainees"], r["status"]) for r in rows} == {
        ("C-MED@M-1#1", "10", "confirmed"),
        ("C-TRM@T-1#1", "8", "confirmed"),
    }
    again = cli("training", "import", tmp_path / "out")
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated" in again.output


def test_a_bad_sheet_is_refused_whole(cli: Run, tmp_path: Path) -> None:
    write_dataset(small_dataset(), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "courses.csv").write_text("code,name,duration_days,language\nX,x,0,en\n")
    (folder / "course_offers.csv").write_text(
        "id,trainer,course,site,start_date,seats,language\nO,POL,NOPE,DEP-POL,2027-02-01,4,en\n"
    )
    result = cli("training", "import", folder)
    assert result.exit_code == 1
    text = words(result.output)
    assert "2 problem(s) found; nothing was imported" in text
    assert "courses 2 duration_days 0 must be from 1 to 3650" in text
    assert "course_offers 2 course NOPE course 'NOPE' does not exist" in text
    assert "no training requirements" in words(cli("training", "plan").output)


def test_the_demo_shows_the_training_plan_and_its_shortfalls(cli: Run, tmp_path: Path) -> None:
    result = cli("training", "demo", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    text = words(result.output)
    assert "Training demo: 20 courses, 60 cohorts" in text
    assert "80 sessions" in text
    for reason in ("no_supply", "taken_by_higher_priority"):
        assert reason in text
    assert "verified" in text
    assert (tmp_path / "out" / "bookings.csv").exists()
