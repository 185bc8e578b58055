"""Tables for transparency: the stated value of a course seat, and fair-share targets.

A course's value per seat lives beside the course rather than in it, so the training records
and their import stay as they are; a course without a row here has no stated value.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table

from pledgeflow.adapters.tables import metadata
from pledgeflow.adapters.training_tables import courses
from pledgeflow.adapters.types import ExactDecimal, money

course_values = Table(
    "course_values",
    metadata,
    Column("course", String(64), ForeignKey(courses.c.code), primary_key=True),
    Column("value_per_seat_eur", money(), nullable=False),
)

fair_share_targets = Table(
    "fair_share_targets",
    metadata,
    Column("period", String(32), primary_key=True),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date, nullable=False),
    Column("amount_eur", money()),
    Column("gdp_share", ExactDecimal(12, 8)),
    Column("stage", String(16), nullable=False),
    CheckConstraint("start_date <= end_date", name="period_ordered"),
    CheckConstraint("(amount_eur IS NULL) <> (gdp_share IS NULL)", name="amount_or_gdp_share"),
)

TRANSPARENCY_TABLES = (course_values, fair_share_targets)
