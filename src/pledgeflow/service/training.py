"""Training use cases: import the sheets, plan cohorts onto seats, confirm bookings, export.

A plan's bookings are proposals; only confirming one takes seats. Confirmation is safe under
concurrency: the repository takes seats with one conditional UPDATE (never more than the offer
has), counts the trainees the same way against the requirement, and only then writes the
booking, all in one unit of work with its audit entries. When several bookings are confirmed
together, their offer and requirement rows are locked first in a fixed order (PostgreSQL), so
two such confirmations can wait for each other but never deadlock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

from pledgeflow.adapters.exporters.sheets import write_sheets
from pledgeflow.adapters.exporters.training import CONFIRMED, PROPOSED, training_sheets
from pledgeflow.adapters.importers import UnreadableFile, read_tables
from pledgeflow.adapters.importers.training import read_training
from pledgeflow.adapters.importers.training_references import KnownRecords, reference_problems
from pledgeflow.adapters.training_repository import TrainingRecord, ordered_for_insert
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.training import Booking, check_booking, check_cohort_order
from pledgeflow.service.errors import NotFound, Rejected, ServiceError
from pledgeflow.service.training_planning import TrainingData, TrainingPlan, plan_training
from pledgeflow.service.unit_of_work import UnitOfWork


class FullyBooked(ServiceError):
    """The offer has fewer free seats, or the requirement fewer unbooked trainees, than asked."""


@dataclass(frozen=True)
class TrainingImport:
    added: int
    updated: int
    skipped: tuple[str, ...]


def import_training(uow: UnitOfWork, path: Path) -> TrainingImport:
    """Check every row and reference of the file, then write all of it or nothing."""
    try:
        rows = read_training(read_tables(path))
    except (UnreadableFile, FileNotFoundError) as error:
        raise ServiceError(str(error)) from error
    with uow:
        data = _load(uow)
        dataset = uow.datasets.load()
        known = KnownRecords(
            courses={c.code: c for c in data.courses},
            requirements={r.id: r for r in data.requirements},
            offers={o.id: o for o in data.offers},
            parties=frozenset(p.code for p in dataset.parties),
            sites=frozenset(s.code for s in dataset.sites),
        )
        problems = rows.problems + reference_problems(rows, known)
        if problems:
            count = len(problems)
            raise Rejected(f"{path}: {count} problem(s) found; nothing was imported", problems)
        added, updated = uow.training.save(ordered_for_insert(rows.records()))
        uow.commit("training_import")
    return TrainingImport(added, updated, tuple(rows.skipped))


def import_records(uow: UnitOfWork, reference: Dataset, records: TrainingData) -> int:
    """Save the parties and sites the training records need, then the records, in one unit of
    work (how the demo loads its training part); returns how many rows changed."""
    with uow:
        saved = uow.datasets.save(reference)
        listed: list[TrainingRecord] = [*records.courses, *records.requirements, *records.offers]
        added, updated = uow.training.save(ordered_for_insert(listed))
        uow.commit("training_import")
    return added + updated + sum(a + u for a, u in saved.values())


def _load(uow: UnitOfWork) -> TrainingData:
    repo = uow.training
    return TrainingData(tuple(repo.courses()), tuple(repo.requirements()), tuple(repo.offers()))


def load_training(uow: UnitOfWork) -> tuple[TrainingData, list[Booking]]:
    """Courses, requirements and offers (with their counters), and the confirmed bookings."""
    with uow.reading():
        return _load(uow), uow.training.bookings()


def plan(uow: UnitOfWork, as_of: dt.date, horizon_days: int | None = None) -> TrainingPlan:
    """Plan every open cohort; nothing is written (confirm the bookings to take seats)."""
    data, bookings = load_training(uow)
    data = replace(data, bookings=tuple(bookings))
    if not data.requirements:
        raise ServiceError("there are no training requirements: import some first")
    return plan_training(data, as_of, horizon_days)


def confirm(
    uow: UnitOfWork, offer: str, requirement: str, trainees: int, booking_id: str | None = None
) -> Booking:
    """Confirm one booking; raises FullyBooked when the seats or trainees are not all free."""
    with uow:
        booking = confirm_in(uow, offer, requirement, trainees, booking_id)
        uow.commit("training_confirm")
    return booking


def confirm_plan(uow: UnitOfWork, proposed: TrainingPlan) -> list[Booking]:
    """Confirm every proposed booking of a plan, all or none."""
    if not proposed.bookings:
        raise ServiceError("the plan proposes no booking")
    with uow:
        offers = sorted({b.offer for b in proposed.bookings})
        requirements = sorted({b.requirement for b in proposed.bookings})
        uow.training.lock(offers, requirements)
        confirmed = [
            confirm_in(uow, b.offer, b.requirement, b.trainees, None)
            for b in _prerequisites_first(uow, proposed.bookings)
        ]
        uow.commit("training_confirm_plan")
    return confirmed


def _prerequisites_first(uow: UnitOfWork, bookings: tuple[Booking, ...]) -> list[Booking]:
    """Bookings of a cohort's earlier courses before those of its later ones, so that each
    confirmation finds the prerequisite sessions it relies on already booked."""
    after = {r.id: r.after for r in uow.training.requirements()}

    def depth(requirement: str | None) -> int:
        steps = 0
        while requirement is not None and steps <= len(after):
            requirement, steps = after.get(requirement), steps + 1
        return steps

    return sorted(bookings, key=lambda b: (depth(b.requirement), b.offer, b.requirement))


def confirm_in(
    uow: UnitOfWork, offer_id: str, requirement_id: str, trainees: int, booking_id: str | None
) -> Booking:
    """Confirm inside an open unit of work (the caller commits)."""
    repo = uow.training
    offer, requirement = repo.offer(offer_id), repo.requirement(requirement_id)
    if offer is None:
        raise NotFound(f"course offer {offer_id!r} does not exist")
    if requirement is None:
        raise NotFound(f"training requirement {requirement_id!r} does not exist")
    course = repo.course(requirement.course)
    assert course is not None, "a foreign key guards the requirement's course"
    draft = Booking(
        booking_id or f"{requirement_id}@{offer_id}", offer_id, requirement_id, trainees
    )
    try:
        check_booking(draft, offer, requirement, course)
    except DomainError as error:
        raise ServiceError(str(error)) from error
    if not repo.take_seats(offer_id, trainees):
        free = _free_seats(uow, offer_id)
        raise FullyBooked(f"course offer {offer_id!r}: {trainees} seat(s) asked, {free} free")
    if not repo.book_trainees(requirement_id, trainees):
        raise FullyBooked(
            f"training requirement {requirement_id!r}: fewer than {trainees} trainee(s) unbooked"
        )
    if booking_id is None:
        # Named only now, with the offer's row held, so two confirmations never pick one name.
        count = repo.bookings_of(offer_id, requirement_id)
        draft = Booking(f"{draft.id}#{count + 1}", offer_id, requirement_id, trainees)
    repo.add_booking(draft)
    if requirement.after is not None:
        _check_order(uow, requirement_id, requirement.after)
    return draft


def _check_order(uow: UnitOfWork, requirement_id: str, after: str) -> None:
    """Checked with the cohort's row held (book_trainees), so its bookings cannot change
    meanwhile; the earlier cohort's can only grow, which never breaks the rule."""
    repo = uow.training
    try:
        check_cohort_order(requirement_id, repo.seats_of(requirement_id), repo.seats_of(after))
    except DomainError as error:
        raise ServiceError(str(error)) from error


def _free_seats(uow: UnitOfWork, offer_id: str) -> int:
    current = uow.training.offer(offer_id)
    return 0 if current is None else current.seats_free


def export_training(uow: UnitOfWork, path: Path, proposed: TrainingPlan | None = None) -> int:
    """Write courses, requirements, offers and bookings (confirmed, and a plan's proposals);
    returns how many bookings were written."""
    data, confirmed = load_training(uow)
    bookings = [(b, CONFIRMED) for b in confirmed]
    if proposed is not None:
        bookings += [(b, PROPOSED) for b in proposed.bookings]
    sheets = training_sheets(data.courses, data.requirements, data.offers, bookings)
    try:
        write_sheets(sheets, path)
    except (OSError, ValueError) as error:
        raise ServiceError(f"{path}: {error}") from error
    return len(bookings)
