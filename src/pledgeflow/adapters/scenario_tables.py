"""Tables for what-if scenarios: named scenarios, their changes, and the record of each run.

Changes are kept in their row form (the `scenario_changes` sheet's columns, as text), so a
stored change is read back through the same parser that checks a typed or imported one. A run
row records who ran which changes on which date and what it found; its `scenario` is the name
at the time (not a foreign key), so deleting a scenario keeps the history of its runs.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)

from pledgeflow.adapters.tables import metadata

CHANGE_COLUMNS = (
    "kind",
    "subject",
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

scenarios = Table(
    "scenarios",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("description", Text),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

scenario_changes = Table(
    "scenario_changes",
    metadata,
    Column("scenario", String(100), ForeignKey("scenarios.name"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("subject", String(200), nullable=False),
    *(Column(name, String(64)) for name in CHANGE_COLUMNS[2:]),
)

scenario_runs = Table(
    "scenario_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scenario", String(100)),
    Column("changes", Text, nullable=False),
    Column("as_of", Date, nullable=False),
    Column("horizon_days", Integer, nullable=False),
    Column("run_by", String(100), nullable=False),
    Column("run_at", DateTime(timezone=True), nullable=False),
    Column("weighted_loss", Float, nullable=False),
    Column("tiers", Text, nullable=False),
    Column("proven_optimal", Boolean, nullable=False),
)

SCENARIO_TABLES = (scenarios, scenario_changes, scenario_runs)
