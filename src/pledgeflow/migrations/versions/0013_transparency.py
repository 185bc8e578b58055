"""Transparency: the stated value of a course seat, and fair-share targets per period.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pledgeflow.adapters.types import ExactDecimal, money

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "course_values",
        sa.Column("course", sa.String(64), nullable=False),
        sa.Column("value_per_seat_eur", money(), nullable=False),
        sa.ForeignKeyConstraint(
            ["course"], ["courses.code"], name="fk_course_values_course_courses"
        ),
        sa.PrimaryKeyConstraint("course", name="pk_course_values"),
    )
    op.create_table(
        "fair_share_targets",
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("amount_eur", money()),
        sa.Column("gdp_share", ExactDecimal(12, 8)),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.CheckConstraint("start_date <= end_date", name="ck_fair_share_targets_period_ordered"),
        sa.CheckConstraint(
            "(amount_eur IS NULL) <> (gdp_share IS NULL)",
            name="ck_fair_share_targets_amount_or_gdp_share",
        ),
        sa.PrimaryKeyConstraint("period", name="pk_fair_share_targets"),
    )


def downgrade() -> None:
    op.drop_table("fair_share_targets")
    op.drop_table("course_values")
