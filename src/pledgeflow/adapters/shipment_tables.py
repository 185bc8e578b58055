"""Tables for deliveries: shipments and the events that move them.

A shipment row only says what moves (pledge, requirement, hub, and the plan it follows, if
any); how much and where it is are derived from its events, so the events are the record and
nothing stored can contradict them. `seq` keeps each shipment's events in recording order.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text

from pledgeflow.adapters.tables import metadata
from pledgeflow.adapters.types import quantity

shipments = Table(
    "shipments",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id")),
    Column("pledge", String(64), ForeignKey("pledges.id"), nullable=False, index=True),
    Column("requirement", String(64), ForeignKey("requirements.id"), nullable=False, index=True),
    Column("hub", String(64), ForeignKey("sites.code"), nullable=False),
)

shipment_events = Table(
    "shipment_events",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("shipment", String(64), ForeignKey("shipments.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("date", Date, nullable=False),
    Column("site", String(64), ForeignKey("sites.code")),
    Column("quantity", quantity(), nullable=False),
    Column("note", Text),
    CheckConstraint("seq >= 1", name="seq_positive"),
)
