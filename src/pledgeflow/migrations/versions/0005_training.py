"""Training: courses, training requirements, course offers and bookings.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _fk(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{column}_{referred}")


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=f"ck_{table}_{name}")


def upgrade() -> None:
    _courses()
    _requirements()
    _offers()
    _bookings()


def _courses() -> None:
    op.create_table(
        "courses",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("duration_days", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(32), nullable=False),
        sa.Column("prerequisite", sa.String(64)),
        _check("courses", "duration_positive", "duration_days >= 1"),
        _fk("prerequisite", "courses.code", "courses"),
        sa.PrimaryKeyConstraint("code", name="pk_courses"),
    )


def _requirements() -> None:
    op.create_table(
        "training_requirements",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("course", sa.String(64), nullable=False),
        sa.Column("trainees", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("must_finish_by", sa.Date(), nullable=False),
        sa.Column("language", sa.String(32)),
        sa.Column("after", sa.String(64)),
        sa.Column("releasability", sa.String(16), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        _check("training_requirements", "priority_range", "priority BETWEEN 1 AND 5"),
        _check(
            "training_requirements", "booked_within_trainees", "booked >= 0 AND booked <= trainees"
        ),
        _fk("course", "courses.code", "training_requirements"),
        _fk("after", "training_requirements.id", "training_requirements"),
        sa.PrimaryKeyConstraint("id", name="pk_training_requirements"),
    )
    op.create_index("ix_training_requirements_course", "training_requirements", ["course"])


def _offers() -> None:
    op.create_table(
        "course_offers",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("trainer", sa.String(32), nullable=False),
        sa.Column("course", sa.String(64), nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(32), nullable=False),
        sa.Column("seats_taken", sa.Integer(), nullable=False),
        sa.Column("releasability", sa.String(16), nullable=False),
        _check("course_offers", "taken_within_seats", "seats_taken >= 0 AND seats_taken <= seats"),
        _fk("trainer", "parties.code", "course_offers"),
        _fk("course", "courses.code", "course_offers"),
        _fk("site", "sites.code", "course_offers"),
        sa.PrimaryKeyConstraint("id", name="pk_course_offers"),
    )
    op.create_index("ix_course_offers_course", "course_offers", ["course"])


def _bookings() -> None:
    op.create_table(
        "bookings",
        sa.Column("id", sa.String(160), nullable=False),
        sa.Column("offer", sa.String(64), nullable=False),
        sa.Column("requirement", sa.String(64), nullable=False),
        sa.Column("trainees", sa.Integer(), nullable=False),
        _check("bookings", "trainees_positive", "trainees >= 1"),
        _fk("offer", "course_offers.id", "bookings"),
        _fk("requirement", "training_requirements.id", "bookings"),
        sa.PrimaryKeyConstraint("id", name="pk_bookings"),
    )
    op.create_index("ix_bookings_offer", "bookings", ["offer"])
    op.create_index("ix_bookings_requirement", "bookings", ["requirement"])


def downgrade() -> None:
    op.drop_index("ix_bookings_requirement", table_name="bookings")
    op.drop_index("ix_bookings_offer", table_name="bookings")
    op.drop_table("bookings")
    op.drop_index("ix_course_offers_course", table_name="course_offers")
    op.drop_table("course_offers")
    op.drop_index("ix_training_requirements_course", table_name="training_requirements")
    op.drop_table("training_requirements")
    op.drop_table("courses")
