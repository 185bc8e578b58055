"""The training sheets: every problem of a file at once, and what export writes reads back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pledgeflow.adapters.exporters.sheets import write_sheets
from pledgeflow.adapters.exporters.training import CONFIRMED, training_sheets
from pledgeflow.adapters.importers import read_tables
from pledgeflow.adapters.importers.training import read_training
from pledgeflow.adapters.importers.training_references import KnownRecords, reference_problems
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.training import Booking, Course, CourseOffer, TrainingRequirement

COURSES = (
    Course("DEM-1", "demining basic", 10, "en"),
    Course("DEM-2", "demining advanced", 15, "en", prerequisite="DEM-1"),
)
REQUIREMENTS = (
    TrainingRequirement("T-1", "DEM-1", 12, 1, dt.date(2027, 5, 1), booked=2),
    TrainingRequirement(
        "T-2", "DEM-2", 12, 2, dt.date(2027, 8, 1), "fr", "T-1", Releasability.RESTRICTED
    ),
)
OFFERS = (CourseOffer("O-1", "FRA", "DEM-1", "S-FRA", dt.date(2027, 3, 1), 8, "fr", 2),)
KNOWN = KnownRecords({}, {}, {}, frozenset({"FRA"}), frozenset({"S-FRA"}))


def _write(folder: Path, text: dict[str, str]) -> Path:
    folder.mkdir()
    for name, body in text.items():
        (folder / f"{name}.csv").write_text(body, encoding="utf-8")
    return folder


def test_export_reads_back_and_skips_bookings(tmp_path: Path) -> None:
    bookings = [(Booking("T-1@O-1#1", "O-1", "T-1", 2), CONFIRMED)]
    write_sheets(training_sheets(COURSES, REQUIREMENTS, OFFERS, bookings), tmp_path / "out")
    rows = read_training(read_tables(tmp_path / "out"))
    assert rows.problems == []
    assert len(rows.skipped) == 1
    assert [c for _, c in rows.courses.values()] == list(COURSES)
    read_back = [r for _, r in rows.requirements.values()]
    # Counters belong to bookings: an import never carries them.
    assert read_back == [
        TrainingRequirement("T-1", "DEM-1", 12, 1, dt.date(2027, 5, 1)),
        REQUIREMENTS[1],
    ]
    assert [o.seats_taken for _, o in rows.offers.values()] == [0]
    assert reference_problems(rows, KNOWN) == []


def test_every_problem_of_the_file_is_reported(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "bad",
        {
            "courses": "code,name,duration_days,language,colour\n"
            "A,alpha,0,en,red\nA,alpha again,3,en,\nB,beta,3,en,\n",
            "training_requirements": "id,course,trainees,priority,must_finish_by\n"
            "T,A,1.5,9,2027-13-01\n",
            "course_offers": "id,trainer,course,site,start_date,seats,language\n"
            "O,XXX,B,S-FRA,2027-03-01,4,en\n",
            "shipments": "id\n1\n",
        },
    )
    rows = read_training(read_tables(folder))
    found = {(p.table, p.row, p.column) for p in rows.problems}
    assert found == {
        ("courses", 1, "colour"),
        ("courses", 2, "duration_days"),
        ("courses", 3, "code"),
        ("training_requirements", 2, "trainees"),
        ("training_requirements", 2, "priority"),
        ("training_requirements", 2, "must_finish_by"),
        ("shipments", None, None),
    }
    [reference] = reference_problems(rows, KNOWN)
    assert (reference.table, reference.row, reference.column) == ("course_offers", 2, "trainer")


def test_a_cohort_must_follow_the_requirement_of_its_prerequisite_course(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "cohort",
        {
            "training_requirements": "id,course,trainees,priority,must_finish_by,after\n"
            "T-2,DEM-2,5,1,2027-09-01,T-3\nT-3,DEM-2,5,1,2027-09-01,\n",
        },
    )
    rows = read_training(read_tables(folder))
    known = KnownRecords({c.code: c for c in COURSES}, {}, {}, frozenset(), frozenset())
    [problem] = reference_problems(rows, known)
    assert (problem.row, problem.column) == (2, "after")
    assert "prerequisite DEM-1" in problem.reason
