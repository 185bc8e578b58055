"""The relational schema: one table per interchange table, plus plans and their lines.

Business keys (codes and ids people type) are primary keys, so an import is idempotent by key
and the audit log can name rows by what users see. Foreign keys guard every reference.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

from pledgeflow.adapters.types import money, quantity

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

parties = Table(
    "parties",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("roles", String(200), nullable=False),
    Column("gdp_eur", money()),
    Column("currency", String(3)),
)

items = Table(
    "items",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("supply_class", String(4), nullable=False),
    Column("unit", String(32), nullable=False),
    Column("unit_mass_kg", quantity(), nullable=False),
    Column("unit_value_eur", money()),
    Column("divisible", Boolean, nullable=False),
    Column("substitution_group", String(64), index=True),
    Column("substitution_penalty", quantity()),
    Column("use", String(16)),
)

sites = Table(
    "sites",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(3), nullable=False),
    Column("capacity_t_per_day", quantity()),
    Column("handling_days", Integer, nullable=False),
)

lanes = Table(
    "lanes",
    metadata,
    Column("from_site", String(64), ForeignKey("sites.code"), primary_key=True),
    Column("to_site", String(64), ForeignKey("sites.code"), primary_key=True),
    Column("days", Integer, nullable=False),
    CheckConstraint("days >= 0", name="days_not_negative"),
)

hub_calendar = Table(
    "hub_calendar",
    metadata,
    Column("hub", String(64), ForeignKey("sites.code"), primary_key=True),
    Column("from_date", Date, primary_key=True),
    Column("to_date", Date, primary_key=True),
    Column("capacity_t_per_day", quantity(), nullable=False),
)

requirements = Table(
    "requirements",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("item", String(64), ForeignKey("items.code"), nullable=False, index=True),
    Column("quantity", quantity(), nullable=False),
    Column("priority", Integer, nullable=False),
    Column("needed_by", Date, nullable=False),
    Column("destination", String(64), ForeignKey("sites.code"), nullable=False),
    Column("releasability", String(16), nullable=False),
    Column("notes", Text),
    CheckConstraint("priority BETWEEN 1 AND 5", name="priority_range"),
)

pledges = Table(
    "pledges",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("donor", String(32), ForeignKey("parties.code"), nullable=False, index=True),
    Column("item", String(64), ForeignKey("items.code"), nullable=False, index=True),
    Column("quantity", quantity(), nullable=False),
    Column("available_from", Date, nullable=False),
    Column("origin", String(64), ForeignKey("sites.code"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("value_eur", money()),
    Column("earmark", String(64), ForeignKey("requirements.id")),
    Column("releasability", String(16), nullable=False),
    Column("fund", String(64)),
)

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("status", String(16), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("horizon_end", Date, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("proven_optimal", Boolean, nullable=False),
    Column("gap", Float, nullable=False),
    Column("solve_seconds", Float, nullable=False),
    Column("method", Text, nullable=False),
    Column("notes", Text, nullable=False),
)

plan_allocations = Table(
    "plan_allocations",
    metadata,
    Column("plan_id", Integer, ForeignKey("plans.id"), primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("pledge", String(64), nullable=False),
    Column("requirement", String(64), nullable=False),
    Column("hub", String(64), nullable=False),
    Column("quantity", Float, nullable=False),
    Column("dispatch_date", Date, nullable=False),
    Column("hub_in_date", Date, nullable=False),
    Column("hub_out_date", Date, nullable=False),
    Column("arrival_date", Date, nullable=False),
    Column("days_late", Integer, nullable=False),
    Column("substituted", Boolean, nullable=False),
)

plan_shortfalls = Table(
    "plan_shortfalls",
    metadata,
    Column("plan_id", Integer, ForeignKey("plans.id"), primary_key=True),
    Column("line", Integer, primary_key=True),
    Column("requirement", String(64), nullable=False),
    Column("quantity", Float, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("detail", Text, nullable=False),
)

plan_hub_values = Table(
    "plan_hub_values",
    metadata,
    Column("plan_id", Integer, ForeignKey("plans.id"), primary_key=True),
    Column("hub", String(64), primary_key=True),
    Column("capacity_value", Float, nullable=False),
    Column("utilisation", Float, nullable=False),
    Column("criterion", String(32), nullable=False),
)

BUSINESS_TABLES = (parties, items, sites, lanes, hub_calendar, requirements, pledges)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("command", String(100), nullable=False),
    Column("entry", Text, nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("size", BigInteger, nullable=False),
    Column("compact_range", LargeBinary, nullable=False),
    Column("root", LargeBinary(32), nullable=False),
)

# Delivery and access tables live in modules of their own; importing them registers them.
from pledgeflow.adapters import access_tables as _access_tables  # noqa: E402, F401
from pledgeflow.adapters import finance_tables as _finance_tables  # noqa: E402, F401
from pledgeflow.adapters import job_tables as _job_tables  # noqa: E402, F401
from pledgeflow.adapters import scenario_tables as _scenario_tables  # noqa: E402, F401
from pledgeflow.adapters import shipment_tables as _shipment_tables  # noqa: E402, F401
