"""Tables for training: courses, training requirements, course offers and bookings.

`course_offers.seats_taken` and `training_requirements.booked` are counters moved only by a
conditional UPDATE (`… WHERE seats_taken + n <= seats`), which both databases apply atomically
to the current row, so concurrent confirmations can never book a seat twice; the CHECK
constraints hold the same rule again at the storage level.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table

from pledgeflow.adapters.tables import metadata

courses = Table(
    "courses",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("duration_days", Integer, nullable=False),
    Column("language", String(32), nullable=False),
    Column("prerequisite", String(64), ForeignKey("courses.code")),
    CheckConstraint("duration_days >= 1", name="duration_positive"),
)

training_requirements = Table(
    "training_requirements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("course", String(64), ForeignKey("courses.code"), nullable=False, index=True),
    Column("trainees", Integer, nullable=False),
    Column("priority", Integer, nullable=False),
    Column("must_finish_by", Date, nullable=False),
    Column("language", String(32)),
    Column("after", String(64), ForeignKey("training_requirements.id")),
    Column("releasability", String(16), nullable=False),
    Column("booked", Integer, nullable=False),
    CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
    CheckConstraint("booked >= 0 AND booked <= trainees", name="booked_within_trainees"),
)

course_offers = Table(
    "course_offers",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("trainer", String(32), ForeignKey("parties.code"), nullable=False),
    Column("course", String(64), ForeignKey("courses.code"), nullable=False, index=True),
    Column("site", String(64), ForeignKey("sites.code"), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("seats", Integer, nullable=False),
    Column("language", String(32), nullable=False),
    Column("seats_taken", Integer, nullable=False),
    Column("releasability", String(16), nullable=False),
    CheckConstraint("seats_taken >= 0 AND seats_taken <= seats", name="taken_within_seats"),
)

bookings = Table(
    "bookings",
    metadata,
    Column("id", String(160), primary_key=True),
    Column("offer", String(64), ForeignKey("course_offers.id"), nullable=False, index=True),
    Column(
        "requirement",
        String(64),
        ForeignKey("training_requirements.id"),
        nullable=False,
        index=True,
    ),
    Column("trainees", Integer, nullable=False),
    CheckConstraint("trainees >= 1", name="trainees_positive"),
)

TRAINING_TABLES = (courses, training_requirements, course_offers, bookings)
