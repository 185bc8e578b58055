"""Shipments and their events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pledgeflow.adapters.types import quantity

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{column}_{referred}")


def upgrade() -> None:
    op.create_table(
        "shipments",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("plan_id", sa.Integer()),
        sa.Column("pledge", sa.String(64), nullable=False),
        sa.Column("requirement", sa.String(64), nullable=False),
        sa.Column("hub", sa.String(64), nullable=False),
        _fk("plan_id", "plans.id", "shipments"),
        _fk("pledge", "pledges.id", "shipments"),
        _fk("requirement", "requirements.id", "shipments"),
        _fk("hub", "sites.code", "shipments"),
        sa.PrimaryKeyConstraint("id", name="pk_shipments"),
    )
    op.create_index("ix_shipments_pledge", "shipments", ["pledge"])
    op.create_index("ix_shipments_requirement", "shipments", ["requirement"])
    op.create_table(
        "shipment_events",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("shipment", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("site", sa.String(64)),
        sa.Column("quantity", quantity(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.CheckConstraint("seq >= 1", name="ck_shipment_events_seq_positive"),
        _fk("shipment", "shipments.id", "shipment_events"),
        _fk("site", "sites.code", "shipment_events"),
        sa.PrimaryKeyConstraint("id", name="pk_shipment_events"),
    )
    op.create_index("ix_shipment_events_shipment", "shipment_events", ["shipment"])


def downgrade() -> None:
    op.drop_index("ix_shipment_events_shipment", table_name="shipment_events")
    op.drop_table("shipment_events")
    op.drop_index("ix_shipments_requirement", table_name="shipments")
    op.drop_index("ix_shipments_pledge", table_name="shipments")
    op.drop_table("shipments")
