"""Whole tables in and out, for backup and restore, read from the database's own schema.

The tables are reflected from the database rather than listed here, so a table added by a
later migration is carried without anyone remembering to list it. Left out: Alembic's
revision row (the manifest records the revision), login sessions and API tokens (credentials:
a restored system issues new ones), the API's idempotency replay cache (tied to tokens), and
procrastinate's queue tables on PostgreSQL (its own schema, installed by `init`: queued work
is operational state; the job records themselves are carried).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import Connection, MetaData, Table, delete, func, insert, select, text

NOT_CARRIED = frozenset({"alembic_version", "tokens", "idempotency_keys", "login_attempts"})
NOT_CARRIED_PREFIX = "procrastinate_"
_BATCH = 1000


def carried_tables(connection: Connection) -> list[Table]:
    """Every carried table, parents before the tables whose foreign keys name them."""
    reflected = MetaData()
    reflected.reflect(bind=connection)
    return [
        t
        for t in reflected.sorted_tables
        if t.name not in NOT_CARRIED and not t.name.startswith(NOT_CARRIED_PREFIX)
    ]


def table_rows(connection: Connection, table: Table) -> Iterator[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = connection.execution_options(yield_per=_BATCH).execute(select(table).order_by(*order))
    for row in result.mappings():
        yield dict(row)


def tables_holding_rows(connection: Connection, tables: Iterable[Table]) -> list[str]:
    """The tables that are not empty; the audit head counts as empty while its log is."""
    holding = []
    for table in tables:
        if table.name == "audit_head":
            sizes = connection.execute(select(table.c.size)).scalars().all()
            if any(sizes):
                holding.append(table.name)
        elif connection.execute(select(func.count()).select_from(table)).scalar_one():
            holding.append(table.name)
    return holding


def insert_rows(connection: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert every row as it was; the audit head's single row replaces the empty one."""
    if table.name == "audit_head":
        connection.execute(delete(table))
    count = 0
    iterator = iter(rows)
    while batch := list(islice(iterator, _BATCH)):
        connection.execute(insert(table), batch)
        count += len(batch)
    return count


def continue_sequences(connection: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL hands out serial ids from sequences the inserts above did not move: each is
    set past the largest restored id, so the next plan is not numbered like an old one."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        for column in table.primary_key.columns:
            sequence = connection.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar_one()
            if sequence is None:
                continue
            largest = connection.execute(select(func.max(column))).scalar_one()
            connection.execute(
                text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": largest or 1, "called": largest is not None},
            )
