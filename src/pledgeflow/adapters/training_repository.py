"""Courses, training requirements, course offers and bookings in the database, journalled.

Like the other repositories it never commits, and every row it writes goes into the journal so
the audit log records it. Seats are taken by one conditional UPDATE per counter
(`seats_taken = seats_taken + n WHERE seats_taken + n <= seats`): the database applies it to
the row as it stands when the statement runs (PostgreSQL re-checks the condition after waiting
for a concurrent writer's row lock; SQLite's IMMEDIATE transaction serialises writers), so no
interleaving of confirmations can book more seats than an offer has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, update

from pledgeflow.adapters.training_tables import (
    TRAINING_TABLES,
    bookings,
    course_offers,
    courses,
    training_requirements,
)
from pledgeflow.audit.log import Operation, RowChange, RowKey, canonical_key, row_digest
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.training import Booking, Course, CourseOffer, Seat, TrainingRequirement

TrainingRecord = Course | TrainingRequirement | CourseOffer
_KEYS = {courses.name: "code", training_requirements.name: "id", course_offers.name: "id"}


def course_row(course: Course) -> dict[str, Any]:
    return {
        "code": course.code,
        "name": course.name,
        "duration_days": course.duration_days,
        "language": course.language,
        "prerequisite": course.prerequisite,
    }


def requirement_row(requirement: TrainingRequirement) -> dict[str, Any]:
    return {
        "id": requirement.id,
        "course": requirement.course,
        "trainees": requirement.trainees,
        "priority": requirement.priority,
        "must_finish_by": requirement.must_finish_by,
        "language": requirement.language,
        "after": requirement.after,
        "releasability": requirement.releasability.value,
        "booked": requirement.booked,
    }


def offer_row(offer: CourseOffer) -> dict[str, Any]:
    return {
        "id": offer.id,
        "trainer": offer.trainer,
        "course": offer.course,
        "site": offer.site,
        "start_date": offer.start_date,
        "seats": offer.seats,
        "language": offer.language,
        "seats_taken": offer.seats_taken,
        "releasability": offer.releasability.value,
    }


def _course(row: Any) -> Course:
    return Course(
        row["code"], row["name"], row["duration_days"], row["language"], row["prerequisite"]
    )


def _requirement(row: Any) -> TrainingRequirement:
    return TrainingRequirement(
        id=row["id"],
        course=row["course"],
        trainees=row["trainees"],
        priority=row["priority"],
        must_finish_by=row["must_finish_by"],
        language=row["language"],
        after=row["after"],
        releasability=Releasability(row["releasability"]),
        booked=row["booked"],
    )


def _offer(row: Any) -> CourseOffer:
    return CourseOffer(
        id=row["id"],
        trainer=row["trainer"],
        course=row["course"],
        site=row["site"],
        start_date=row["start_date"],
        seats=row["seats"],
        language=row["language"],
        seats_taken=row["seats_taken"],
        releasability=Releasability(row["releasability"]),
    )


class TrainingRepository:
    def __init__(self, connection: Connection, journal: list[RowChange]) -> None:
        self._conn = connection
        self._journal = journal

    def courses(self) -> list[Course]:
        query = select(courses).order_by(courses.c.code)
        return [_course(row) for row in self._conn.execute(query).mappings()]

    def requirements(self) -> list[TrainingRequirement]:
        query = select(training_requirements).order_by(training_requirements.c.id)
        return [_requirement(row) for row in self._conn.execute(query).mappings()]

    def offers(self) -> list[CourseOffer]:
        query = select(course_offers).order_by(course_offers.c.id)
        return [_offer(row) for row in self._conn.execute(query).mappings()]

    def bookings(self) -> list[Booking]:
        query = select(bookings).order_by(bookings.c.id)
        return [
            Booking(row["id"], row["offer"], row["requirement"], row["trainees"])
            for row in self._conn.execute(query).mappings()
        ]

    def course(self, code: str) -> Course | None:
        row = self._conn.execute(select(courses).where(courses.c.code == code)).mappings().first()
        return None if row is None else _course(row)

    def requirement(self, requirement_id: str) -> TrainingRequirement | None:
        table = training_requirements
        row = self._conn.execute(select(table).where(table.c.id == requirement_id)).mappings()
        found = row.first()
        return None if found is None else _requirement(found)

    def offer(self, offer_id: str) -> CourseOffer | None:
        query = select(course_offers).where(course_offers.c.id == offer_id)
        row = self._conn.execute(query).mappings().first()
        return None if row is None else _offer(row)

    def bookings_of(self, offer: str, requirement: str) -> int:
        """How many bookings already place `requirement` on `offer` (names the next one)."""
        query = (
            select(func.count())
            .select_from(bookings)
            .where(bookings.c.offer == offer, bookings.c.requirement == requirement)
        )
        return int(self._conn.execute(query).scalar_one())

    def seats_of(self, requirement_id: str) -> list[Seat]:
        """The confirmed sessions of a cohort: trainees, first and last day of each."""
        query = (
            select(bookings.c.trainees, course_offers.c.start_date, courses.c.duration_days)
            .join(course_offers, course_offers.c.id == bookings.c.offer)
            .join(courses, courses.c.code == course_offers.c.course)
            .where(bookings.c.requirement == requirement_id)
        )
        return [
            Seat(n, start, start + dt.timedelta(days=days - 1))
            for n, start, days in self._conn.execute(query)
        ]

    def save(self, records: Sequence[TrainingRecord]) -> tuple[int, int]:
        """Insert new records, update changed ones (counters kept as stored); (added, updated).

        Rows identical to what is stored are left alone, so a re-import logs nothing.
        """
        added = updated = 0
        for record in records:
            table, row = _table_row(record)
            key = _KEYS[table.name]
            stored = self._conn.execute(select(table).where(table.c[key] == row[key]))
            present = stored.mappings().first()
            if present is None:
                self._conn.execute(insert(table), row)
                self._journal.append(RowChange(table.name, (row[key],), Operation.INSERT, row))
                added += 1
                continue
            row = _with_counters(row, present)
            if row_digest(dict(present)) == row_digest(row):
                continue
            self._conn.execute(update(table).where(table.c[key] == row[key]).values(**row))
            self._journal.append(RowChange(table.name, (row[key],), Operation.UPDATE, row))
            updated += 1
        return added, updated

    def lock(self, offers: Sequence[str], requirements: Sequence[str]) -> None:
        """Hold the rows of `offers`, then of `requirements`, each in the order given, until
        commit (PostgreSQL); SQLite's IMMEDIATE transaction already serialises writers."""
        if self._conn.dialect.name != "postgresql":
            return
        for table, keys in ((course_offers, offers), (training_requirements, requirements)):
            for key in keys:
                self._conn.execute(select(table.c.id).where(table.c.id == key).with_for_update())

    def take_seats(self, offer_id: str, trainees: int) -> bool:
        """Atomically take `trainees` seats of the offer; False if they are not all free."""
        c = course_offers.c
        statement = (
            update(course_offers)
            .where(c.id == offer_id, c.seats_taken + trainees <= c.seats)
            .values(seats_taken=c.seats_taken + trainees)
            .returning(*course_offers.columns)
        )
        return self._counted(course_offers, self._conn.execute(statement).mappings().first())

    def book_trainees(self, requirement_id: str, trainees: int) -> bool:
        """Atomically count `trainees` more as booked; False if the requirement has fewer left."""
        c = training_requirements.c
        statement = (
            update(training_requirements)
            .where(c.id == requirement_id, c.booked + trainees <= c.trainees)
            .values(booked=c.booked + trainees)
            .returning(*training_requirements.columns)
        )
        found = self._conn.execute(statement).mappings().first()
        return self._counted(training_requirements, found)

    def add_booking(self, booking: Booking) -> None:
        row = {
            "id": booking.id,
            "offer": booking.offer,
            "requirement": booking.requirement,
            "trainees": booking.trainees,
        }
        self._conn.execute(insert(bookings), row)
        self._journal.append(RowChange("bookings", (booking.id,), Operation.INSERT, row))

    def audit_digests(self) -> dict[RowKey, str]:
        """The digest of every stored training row, for reconciliation with the log."""
        actual: dict[RowKey, str] = {}
        for table in TRAINING_TABLES:
            key = _KEYS.get(table.name, "id")
            for row in self._conn.execute(select(table)).mappings():
                actual[(table.name, canonical_key((row[key],)))] = row_digest(dict(row))
        return actual

    def _counted(self, table: Table, row: Any) -> bool:
        if row is None:
            return False
        stored = dict(row)
        key = _KEYS[table.name]
        self._journal.append(RowChange(table.name, (stored[key],), Operation.UPDATE, stored))
        return True


def _table_row(record: TrainingRecord) -> tuple[Table, dict[str, Any]]:
    if isinstance(record, Course):
        return courses, course_row(record)
    if isinstance(record, TrainingRequirement):
        return training_requirements, requirement_row(record)
    return course_offers, offer_row(record)


def _with_counters(row: dict[str, Any], present: Any) -> dict[str, Any]:
    """Counters belong to confirmed bookings, never to an import: keep the stored ones."""
    kept = dict(row)
    for counter in ("seats_taken", "booked"):
        if counter in kept:
            kept[counter] = present[counter]
    return kept


def ordered_for_insert(records: Iterable[TrainingRecord]) -> list[TrainingRecord]:
    """Courses before requirements before offers, and prerequisites / earlier cohorts first,
    so every foreign key points at a row already written."""
    listed = list(records)
    course_list = _dependency_order(
        [r for r in listed if isinstance(r, Course)], lambda c: c.code, lambda c: c.prerequisite
    )
    reqs = _dependency_order(
        [r for r in listed if isinstance(r, TrainingRequirement)], lambda r: r.id, lambda r: r.after
    )
    offers = [r for r in listed if isinstance(r, CourseOffer)]
    return [*course_list, *reqs, *offers]


def _dependency_order(records: list[Any], key: Any, parent: Any) -> list[Any]:
    by_key = {key(record): record for record in records}
    placed: dict[str, Any] = {}

    def place(record: Any, seen: frozenset[str]) -> None:
        name = key(record)
        if name in placed or name in seen:
            return
        up = parent(record)
        if up in by_key:
            place(by_key[up], seen | {name})
        placed[name] = record

    for record in records:
        place(record, frozenset())
    return list(placed.values())
