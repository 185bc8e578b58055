"""Tables for financing (DESIGN §6): pools, facilities, tranches, inflows, rates, funds.

Keys are what users type (codes, and a record's owner with its date), so a re-import updates
in place and the audit log names rows as the sheets do. `pledges.fund` and `items.use` are
columns of the business tables, added by migration 0009.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, String, Table

from pledgeflow.adapters.tables import metadata
from pledgeflow.adapters.types import ExactDecimal, money


def rate() -> ExactDecimal:
    """Interest rates, retention fractions and exchange rates: six decimals."""
    return ExactDecimal(20, 6)


pools = Table(
    "pools",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("retention", rate(), nullable=False),
    Column("surplus", String(16), nullable=False),
)

facilities = Table(
    "facilities",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("lender", String(32), ForeignKey("parties.code"), nullable=False, index=True),
    Column("borrower", String(32), ForeignKey("parties.code"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("ceiling", money(), nullable=False),
    Column("interest_rate", rate(), nullable=False),
    Column("repayment", String(16), nullable=False),
    Column("grace_years", ExactDecimal(8, 1), nullable=False),
    Column("maturity_years", ExactDecimal(8, 1), nullable=False),
    Column("use", String(16), nullable=False),
    Column("pool", String(64), ForeignKey("pools.code")),
)

tranches = Table(
    "tranches",
    metadata,
    Column("facility", String(64), ForeignKey("facilities.code"), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("amount", money(), nullable=False),
    Column("status", String(16), nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
)

revenue_inflows = Table(
    "revenue_inflows",
    metadata,
    Column("pool", String(64), ForeignKey("pools.code"), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("kind", String(64), primary_key=True),
    Column("amount_eur", money(), nullable=False),
    Column("status", String(16), nullable=False),
)

fx_rates = Table(
    "fx_rates",
    metadata,
    Column("currency", String(3), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("per_eur", rate(), nullable=False),
    CheckConstraint("per_eur > 0", name="per_eur_positive"),
)

funds = Table(
    "funds",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("manager", String(32), ForeignKey("parties.code"), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("use", String(16), nullable=False),
)

fund_contributions = Table(
    "fund_contributions",
    metadata,
    Column("fund", String(64), ForeignKey("funds.code"), primary_key=True),
    Column("contributor", String(32), ForeignKey("parties.code"), primary_key=True),
    Column("date", Date, primary_key=True),
    Column("amount", money(), nullable=False),
    Column("currency", String(3), nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
)

FINANCE_TABLES = (pools, facilities, tranches, revenue_inflows, fx_rates, funds, fund_contributions)
FINANCE_TABLE_BY_NAME = {table.name: table for table in FINANCE_TABLES}
