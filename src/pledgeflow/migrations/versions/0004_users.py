"""Users, their tokens, idempotency records; on PostgreSQL, row-level security as a second wall.

The policies read two transaction-local settings the API sets for every request
(`pledgeflow.role`, `pledgeflow.party`). When neither is set (the CLI, run by the operator
who owns the tables) the policies let everything through; whenever the API sets them, a
restricted pledge shows only to its donor, coordinators and auditors, and a restricted
requirement only to recipient officers, coordinators and auditors, whatever the query says.
Owners bypass row-level security, so the wall binds the application role the API connects as.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_ROLE = "coalesce(current_setting('pledgeflow.role', true), '')"
_PARTY = "coalesce(current_setting('pledgeflow.party', true), '')"
_SEE_ALL = {
    "pledges": ("coordinator", "auditor"),
    "requirements": ("coordinator", "auditor", "recipient_officer"),
}
_OWN = {"pledges": f"({_ROLE} = 'donor_liaison' AND donor = {_PARTY})", "requirements": "false"}


def _policy_sql(table: str) -> list[str]:
    roles = ", ".join(f"'{r}'" for r in ("", *_SEE_ALL[table]))
    rule = f"{_ROLE} IN ({roles}) OR releasability = 'public' OR {_OWN[table]}"
    return [
        f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY {table}_releasable ON {table} USING ({rule}) WITH CHECK ({rule})",
    ]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("party", sa.String(32)),
        sa.Column("hub", sa.String(64)),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_users"),
        sa.ForeignKeyConstraint(["party"], ["parties.code"], name="fk_users_party_parties"),
        sa.ForeignKeyConstraint(["hub"], ["sites.code"], name="fk_users_hub_sites"),
    )
    op.create_table(
        "tokens",
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True)),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("digest", name="pk_tokens"),
        sa.ForeignKeyConstraint(["user_name"], ["users.name"], name="fk_tokens_user_name_users"),
    )
    op.create_index("ix_tokens_user_name", "tokens", ["user_name"])
    op.create_table(
        "idempotency_keys",
        sa.Column("user_name", sa.String(100), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("request_digest", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_name", "key", name="pk_idempotency_keys"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in _SEE_ALL:
            for statement in _policy_sql(table):
                op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _SEE_ALL:
            op.execute(f"DROP POLICY IF EXISTS {table}_releasable ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_table("idempotency_keys")
    op.drop_index("ix_tokens_user_name", table_name="tokens")
    op.drop_table("tokens")
    op.drop_table("users")
