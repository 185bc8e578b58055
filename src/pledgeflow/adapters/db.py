"""Engines for the embedded SQLite default and for PostgreSQL, each configured once, here."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers work beside the writer; FULL sync means an acknowledged commit survives a
    power cut; foreign keys are off by default in SQLite and must be switched on per connection."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    """pysqlite's own implicit BEGIN is switched off above so that SQLAlchemy's transactions
    are real ones; a unit of work that writes asks for IMMEDIATE so it waits for the write lock
    at its start instead of failing with "database is locked" when it first writes."""
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


LOCK_TIMEOUT_MS = 10_000
"""How long a statement waits for a lock before giving up, on both databases (SQLite's busy
timeout above): the API then answers 503 with Retry-After rather than holding the request."""


def _tune_postgresql(dbapi_connection: Any, _record: Any) -> None:
    """Set once per connection, outside any transaction, so that no rollback undoes it."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {LOCK_TIMEOUT_MS}")
    dbapi_connection.autocommit = autocommit


def make_engine(url: str) -> Engine:
    """An engine for `url`; plain `postgresql://` URLs are routed to psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed)
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    engine = create_engine(parsed, pool_pre_ping=True)
    event.listen(engine, "connect", _tune_postgresql)
    return engine
