"""The login throttle in the database, and row-level security that denies by default.

`login_attempts` holds attempts not proven good, shared by every server process. The
row-level security policies of 0004 let a connection that had not set `pledgeflow.role` see
everything; they are recreated so that an unset role sees only public rows. The operator
who owns the tables (the CLI) bypasses row-level security as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_ROLE = "coalesce(current_setting('pledgeflow.role', true), '')"
_PARTY = "coalesce(current_setting('pledgeflow.party', true), '')"
_SEE_ALL = {
    "pledges": ("coordinator", "auditor"),
    "requirements": ("coordinator", "auditor", "recipient_officer"),
}
_OWN = {"pledges": f"({_ROLE} = 'donor_liaison' AND donor = {_PARTY})", "requirements": "false"}


def _policy(table: str, roles: tuple[str, ...]) -> list[str]:
    listed = ", ".join(f"'{r}'" for r in roles)
    rule = f"{_ROLE} IN ({listed}) OR releasability = 'public' OR {_OWN[table]}"
    return [
        f"DROP POLICY IF EXISTS {table}_releasable ON {table}",
        f"CREATE POLICY {table}_releasable ON {table} USING ({rule}) WITH CHECK ({rule})",
    ]


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_name", "login_attempts", ["name"])
    op.create_index("ix_login_attempts_client", "login_attempts", ["client"])
    if op.get_bind().dialect.name == "postgresql":
        for table, roles in _SEE_ALL.items():
            for statement in _policy(table, roles):
                op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, roles in _SEE_ALL.items():
            for statement in _policy(table, ("", *roles)):
                op.execute(statement)
    op.drop_index("ix_login_attempts_client", "login_attempts")
    op.drop_index("ix_login_attempts_name", "login_attempts")
    op.drop_table("login_attempts")
