"""Training against real SQLite and PostgreSQL: import all or nothing, confirmation under
concurrency (never a seat booked twice), planning from stored rows, and the audit log."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.integration.test_storage import small_dataset

from pledgeflow.adapters.exporters.sheets import write_sheets
from pledgeflow.adapters.exporters.training import training_sheets
from pledgeflow.bootstrap import Container
from pledgeflow.domain.training import Course, CourseOffer, TrainingRequirement
from pledgeflow.service import audit, training
from pledgeflow.service.errors import Rejected, ServiceError
from pledgeflow.service.training import FullyBooked
from pledgeflow.service.unit_of_work import UnitOfWork

START = dt.date(2027, 2, 1)
FINISH = dt.date(2027, 6, 30)


def _sheets(
    seats: int = 20, trainees: int = 150
) -> dict[str, tuple[list[str], list[list[object]]]]:
    courses = [
        Course("BASIC", "combat medic basic", 5, "en"),
        Course("ADV", "combat medic advanced", 10, "en", prerequisite="BASIC"),
    ]
    requirements = [
        TrainingRequirement("T-B", "BASIC", trainees, 2, FINISH),
        TrainingRequirement("T-A", "ADV", 10, 1, FINISH, after="T-B"),
    ]
    offers = [
        CourseOffer("O-B", "POL", "BASIC", "DEP-POL", START, seats, "en"),
        CourseOffer("O-A", "POL", "ADV", "DEP-POL", START + dt.timedelta(days=7), 8, "en"),
    ]
    return training_sheets(courses, requirements, offers, [])


@pytest.fixture
def loaded(container: Container, tmp_path: Path) -> Container:
    with container.uow() as uow:
        uow.datasets.save(small_dataset())
        uow.commit("import")
    folder = tmp_path / "training"
    sheets = _sheets()
    del sheets["bookings"]
    write_sheets(sheets, folder)
    result = training.import_training(container.uow(), folder)
    assert (result.added, result.updated) == (6, 0)
    return container


def test_import_is_all_or_nothing_and_names_every_bad_reference(
    container: Container, tmp_path: Path
) -> None:
    with container.uow() as uow:
        uow.datasets.save(small_dataset())
        uow.commit("import")
    sheets = _sheets()
    sheets["course_offers"][1][0][1] = "NOPE"
    sheets["training_requirements"][1][1][6] = "T-MISSING"
    write_sheets(sheets, tmp_path / "bad")
    with pytest.raises(Rejected) as raised:
        training.import_training(container.uow(), tmp_path / "bad")
    columns = sorted((p.table, p.column) for p in raised.value.problems)
    assert columns == [("course_offers", "trainer"), ("training_requirements", "after")]
    data, bookings = training.load_training(container.uow())
    assert data.courses == ()
    assert bookings == []


def test_reimport_keeps_counters_and_logs_nothing_new(loaded: Container, tmp_path: Path) -> None:
    training.confirm(loaded.uow(), "O-B", "T-B", 3)
    training.export_training(loaded.uow(), tmp_path / "out")
    again = training.import_training(loaded.uow(), tmp_path / "out")
    assert (again.added, again.updated) == (0, 0)
    assert again.skipped
    data, _ = training.load_training(loaded.uow())
    assert {o.id: o.seats_taken for o in data.offers} == {"O-A": 0, "O-B": 3}


def test_seats_cannot_shrink_below_confirmed_bookings(loaded: Container, tmp_path: Path) -> None:
    training.confirm(loaded.uow(), "O-B", "T-B", 5)
    sheets = _sheets(seats=4)
    del sheets["bookings"]
    write_sheets(sheets, tmp_path / "smaller")
    with pytest.raises(Rejected) as raised:
        training.import_training(loaded.uow(), tmp_path / "smaller")
    [problem] = raised.value.problems
    assert (problem.table, problem.column) == ("course_offers", "seats")


def test_a_booking_must_fit_course_language_and_finish_date(loaded: Container) -> None:
    with pytest.raises(ServiceError, match="runs 'ADV'"):
        training.confirm(loaded.uow(), "O-A", "T-B", 1)
    with pytest.raises(FullyBooked, match="21 seat"):
        training.confirm(loaded.uow(), "O-B", "T-B", 21)


def _confirm_one(engine: Engine, outcomes: list[str], barrier: threading.Barrier) -> None:
    barrier.wait()
    try:
        training.confirm(UnitOfWork(engine, "clerk"), "O-B", "T-B", 1)
        outcomes.append("confirmed")
    except FullyBooked:
        outcomes.append("full")


def test_100_concurrent_confirmations_against_20_seats_confirm_exactly_20(
    loaded: Container,
) -> None:
    outcomes: list[str] = []
    barrier = threading.Barrier(100)
    threads = [
        threading.Thread(target=_confirm_one, args=(loaded.engine, outcomes, barrier))
        for _ in range(100)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes).count("confirmed") == 20
    assert outcomes.count("full") == 80
    data, bookings = training.load_training(loaded.uow())
    assert sum(b.trainees for b in bookings if b.offer == "O-B") == 20
    assert len({b.id for b in bookings}) == 20
    [offer] = [o for o in data.offers if o.id == "O-B"]
    assert offer.seats_taken == 20
    assert audit.verify_log(loaded.uow(), loaded.settings).ok


def test_plan_from_storage_then_confirm_it_whole(loaded: Container) -> None:
    """O-B (days 0-4) takes 20 of T-B, so all 8 seats of O-A (day 7) can go to T-A."""
    proposed = training.plan(loaded.uow(), START - dt.timedelta(days=10))
    assert proposed.report.ok
    assert {(b.requirement, b.offer): b.trainees for b in proposed.bookings} == {
        ("T-B", "O-B"): 20,
        ("T-A", "O-A"): 8,
    }
    confirmed = training.confirm_plan(loaded.uow(), proposed)
    assert [b.trainees for b in confirmed] == [20, 8] or [b.trainees for b in confirmed] == [8, 20]
    again = training.plan(loaded.uow(), START - dt.timedelta(days=10))
    assert again.bookings == ()
    assert {s.requirement: s.quantity for s in again.shortfalls} == {"T-A": 2, "T-B": 130}
    assert audit.verify_log(loaded.uow(), loaded.settings).ok


def test_a_cohort_cannot_start_a_course_before_finishing_its_prerequisite(
    loaded: Container,
) -> None:
    with pytest.raises(ServiceError, match="only 0 finished the prerequisite"):
        training.confirm(loaded.uow(), "O-A", "T-A", 1)
    training.confirm(loaded.uow(), "O-B", "T-B", 5)
    training.confirm(loaded.uow(), "O-A", "T-A", 3)
    with pytest.raises(ServiceError, match="6 trainee"):
        training.confirm(loaded.uow(), "O-A", "T-A", 3)
    data, bookings = training.load_training(loaded.uow())
    assert sorted(b.trainees for b in bookings) == [3, 5]
    assert {o.id: o.seats_taken for o in data.offers} == {"O-A": 3, "O-B": 5}
