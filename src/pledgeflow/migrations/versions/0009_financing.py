"""Financing (DESIGN §6): pools, facilities, tranches, inflows, rates, funds, contributions;
`items.use` and `pledges.fund`.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pledgeflow.adapters.types import ExactDecimal, money

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def _fk(column: str, target: str, table: str) -> sa.ForeignKeyConstraint:
    referred = target.split(".")[0]
    return sa.ForeignKeyConstraint([column], [target], name=f"fk_{table}_{column}_{referred}")


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=f"ck_{table}_{name}")


def _rate() -> ExactDecimal:
    return ExactDecimal(20, 6)


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("use", sa.String(16)))
    with op.batch_alter_table("pledges") as batch:
        batch.add_column(sa.Column("fund", sa.String(64)))
    _loans()
    _revenues()
    _funds()


def _loans() -> None:
    op.create_table(
        "pools",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("retention", _rate(), nullable=False),
        sa.Column("surplus", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_pools"),
    )
    op.create_table(
        "facilities",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("lender", sa.String(32), nullable=False),
        sa.Column("borrower", sa.String(32), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("ceiling", money(), nullable=False),
        sa.Column("interest_rate", _rate(), nullable=False),
        sa.Column("repayment", sa.String(16), nullable=False),
        sa.Column("grace_years", ExactDecimal(8, 1), nullable=False),
        sa.Column("maturity_years", ExactDecimal(8, 1), nullable=False),
        sa.Column("use", sa.String(16), nullable=False),
        sa.Column("pool", sa.String(64)),
        _fk("lender", "parties.code", "facilities"),
        _fk("borrower", "parties.code", "facilities"),
        _fk("pool", "pools.code", "facilities"),
        sa.PrimaryKeyConstraint("code", name="pk_facilities"),
    )
    op.create_index("ix_facilities_lender", "facilities", ["lender"])
    op.create_table(
        "tranches",
        sa.Column("facility", sa.String(64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", money(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _check("tranches", "amount_positive", "amount > 0"),
        _fk("facility", "facilities.code", "tranches"),
        sa.PrimaryKeyConstraint("facility", "date", name="pk_tranches"),
    )


def _revenues() -> None:
    op.create_table(
        "revenue_inflows",
        sa.Column("pool", sa.String(64), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("amount_eur", money(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _fk("pool", "pools.code", "revenue_inflows"),
        sa.PrimaryKeyConstraint("pool", "date", "kind", name="pk_revenue_inflows"),
    )
    op.create_table(
        "fx_rates",
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("per_eur", _rate(), nullable=False),
        _check("fx_rates", "per_eur_positive", "per_eur > 0"),
        sa.PrimaryKeyConstraint("currency", "date", name="pk_fx_rates"),
    )


def _funds() -> None:
    op.create_table(
        "funds",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("manager", sa.String(32), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("use", sa.String(16), nullable=False),
        _fk("manager", "parties.code", "funds"),
        sa.PrimaryKeyConstraint("code", name="pk_funds"),
    )
    op.create_table(
        "fund_contributions",
        sa.Column("fund", sa.String(64), nullable=False),
        sa.Column("contributor", sa.String(32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", money(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        _check("fund_contributions", "amount_positive", "amount > 0"),
        _fk("fund", "funds.code", "fund_contributions"),
        _fk("contributor", "parties.code", "fund_contributions"),
        sa.PrimaryKeyConstraint("fund", "contributor", "date", name="pk_fund_contributions"),
    )


def downgrade() -> None:
    op.drop_table("fund_contributions")
    op.drop_table("funds")
    op.drop_table("fx_rates")
    op.drop_table("revenue_inflows")
    op.drop_table("tranches")
    op.drop_index("ix_facilities_lender", table_name="facilities")
    op.drop_table("facilities")
    op.drop_table("pools")
    # Plain columns: SQLite drops them in place (3.35+), where recreating a table that other
    # tables' rows refer to would fail under foreign keys.
    with op.batch_alter_table("pledges", recreate="never") as batch:
        batch.drop_column("fund")
    with op.batch_alter_table("items", recreate="never") as batch:
        batch.drop_column("use")
