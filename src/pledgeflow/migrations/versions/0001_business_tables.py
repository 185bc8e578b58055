"""Business tables of the interchange format, and plans.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pledgeflow.adapters.types import money, quantity

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _fk(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{column}_{referred}")


def upgrade() -> None:
    op.create_table(
        "parties",
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("roles", sa.String(200), nullable=False),
        sa.Column("gdp_eur", money()),
        sa.Column("currency", sa.String(3)),
        sa.PrimaryKeyConstraint("code", name="pk_parties"),
    )
    op.create_table(
        "items",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("supply_class", sa.String(4), nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("unit_mass_kg", quantity(), nullable=False),
        sa.Column("unit_value_eur", money()),
        sa.Column("divisible", sa.Boolean(), nullable=False),
        sa.Column("substitution_group", sa.String(64)),
        sa.Column("substitution_penalty", quantity()),
        sa.PrimaryKeyConstraint("code", name="pk_items"),
    )
    op.create_index("ix_items_substitution_group", "items", ["substitution_group"])
    op.create_table(
        "sites",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("country", sa.String(3), nullable=False),
        sa.Column("capacity_t_per_day", quantity()),
        sa.Column("handling_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_sites"),
    )
    op.create_table(
        "lanes",
        sa.Column("from_site", sa.String(64), nullable=False),
        sa.Column("to_site", sa.String(64), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.CheckConstraint("days >= 0", name="ck_lanes_days_not_negative"),
        _fk("from_site", "sites.code", "lanes"),
        _fk("to_site", "sites.code", "lanes"),
        sa.PrimaryKeyConstraint("from_site", "to_site", name="pk_lanes"),
    )
    op.create_table(
        "hub_calendar",
        sa.Column("hub", sa.String(64), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("capacity_t_per_day", quantity(), nullable=False),
        _fk("hub", "sites.code", "hub_calendar"),
        sa.PrimaryKeyConstraint("hub", "from_date", "to_date", name="pk_hub_calendar"),
    )
    op.create_table(
        "requirements",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("quantity", quantity(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("needed_by", sa.Date(), nullable=False),
        sa.Column("destination", sa.String(64), nullable=False),
        sa.Column("releasability", sa.String(16), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.CheckConstraint("priority BETWEEN 1 AND 5", name="ck_requirements_priority_range"),
        _fk("item", "items.code", "requirements"),
        _fk("destination", "sites.code", "requirements"),
        sa.PrimaryKeyConstraint("id", name="pk_requirements"),
    )
    op.create_index("ix_requirements_item", "requirements", ["item"])
    op.create_table(
        "pledges",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("donor", sa.String(32), nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("quantity", quantity(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=False),
        sa.Column("origin", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("value_eur", money()),
        sa.Column("earmark", sa.String(64)),
        sa.Column("releasability", sa.String(16), nullable=False),
        _fk("donor", "parties.code", "pledges"),
        _fk("item", "items.code", "pledges"),
        _fk("origin", "sites.code", "pledges"),
        _fk("earmark", "requirements.id", "pledges"),
        sa.PrimaryKeyConstraint("id", name="pk_pledges"),
    )
    op.create_index("ix_pledges_donor", "pledges", ["donor"])
    op.create_index("ix_pledges_item", "pledges", ["item"])
    _create_plan_tables()


def _create_plan_tables() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("horizon_end", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proven_optimal", sa.Boolean(), nullable=False),
        sa.Column("gap", sa.Float(), nullable=False),
        sa.Column("solve_seconds", sa.Float(), nullable=False),
        sa.Column("method", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
    )
    line_key = sa.PrimaryKeyConstraint
    op.create_table(
        "plan_allocations",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("pledge", sa.String(64), nullable=False),
        sa.Column("requirement", sa.String(64), nullable=False),
        sa.Column("hub", sa.String(64), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("dispatch_date", sa.Date(), nullable=False),
        sa.Column("hub_in_date", sa.Date(), nullable=False),
        sa.Column("hub_out_date", sa.Date(), nullable=False),
        sa.Column("arrival_date", sa.Date(), nullable=False),
        sa.Column("days_late", sa.Integer(), nullable=False),
        sa.Column("substituted", sa.Boolean(), nullable=False),
        _fk("plan_id", "plans.id", "plan_allocations"),
        line_key("plan_id", "line", name="pk_plan_allocations"),
    )
    op.create_table(
        "plan_shortfalls",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("requirement", sa.String(64), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        _fk("plan_id", "plans.id", "plan_shortfalls"),
        line_key("plan_id", "line", name="pk_plan_shortfalls"),
    )
    op.create_table(
        "plan_hub_values",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("hub", sa.String(64), nullable=False),
        sa.Column("capacity_value", sa.Float(), nullable=False),
        sa.Column("utilisation", sa.Float(), nullable=False),
        sa.Column("criterion", sa.String(32), nullable=False),
        _fk("plan_id", "plans.id", "plan_hub_values"),
        line_key("plan_id", "hub", name="pk_plan_hub_values"),
    )


def downgrade() -> None:
    for table in (
        "plan_hub_values",
        "plan_shortfalls",
        "plan_allocations",
        "plans",
        "pledges",
        "requirements",
        "hub_calendar",
        "lanes",
        "sites",
        "items",
        "parties",
    ):
        op.drop_table(table)
