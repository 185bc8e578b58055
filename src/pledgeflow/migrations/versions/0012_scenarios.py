"""What-if scenarios: named scenarios, their changes, and the record of their runs.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_OPTIONAL = (
    "from_date",
    "to_date",
    "value",
    "supply_class",
    "item",
    "quantity",
    "priority",
    "needed_by",
    "destination",
)


def upgrade() -> None:
    op.create_table(
        "scenarios",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_scenarios"),
    )
    op.create_table(
        "scenario_changes",
        sa.Column("scenario", sa.String(100), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(200), nullable=False),
        *(sa.Column(name, sa.String(64)) for name in _OPTIONAL),
        sa.ForeignKeyConstraint(
            ["scenario"], ["scenarios.name"], name="fk_scenario_changes_scenario_scenarios"
        ),
        sa.PrimaryKeyConstraint("scenario", "seq", name="pk_scenario_changes"),
    )
    op.create_table(
        "scenario_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scenario", sa.String(100)),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("run_by", sa.String(100), nullable=False),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("weighted_loss", sa.Float(), nullable=False),
        sa.Column("tiers", sa.Text(), nullable=False),
        sa.Column("proven_optimal", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_scenario_runs"),
    )


def downgrade() -> None:
    op.drop_table("scenario_runs")
    op.drop_table("scenario_changes")
    op.drop_table("scenarios")
