"""A plan's method description as unbounded text.

The description names every stage the solver stopped, its gaps and the way whole units were
made, so it outgrew 200 characters; PostgreSQL refused such plans. SQLite never enforces a
VARCHAR length, so there the column is left as it is (recreating the table would gain nothing).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _on_postgresql() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def upgrade() -> None:
    if _on_postgresql():
        op.alter_column("plans", "method", type_=sa.Text(), existing_type=sa.String(200))


def downgrade() -> None:
    if _on_postgresql():
        op.execute("UPDATE plans SET method = left(method, 200)")
        op.alter_column("plans", "method", type_=sa.String(200), existing_type=sa.Text())
