"""Which database errors mean "the database was busy", as opposed to a bug.

SQLite answers "database is locked" once its busy timeout has passed; PostgreSQL cancels a
statement past its lock timeout, and aborts one of two transactions that deadlock or cannot
be serialised. Each is the server being busy, not the request being wrong: the API answers
503 with Retry-After, and the client may simply try again.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")
_POSTGRES_BUSY = {"55P03", "40001", "40P01", "57014"}
"""lock_not_available, serialization_failure, deadlock_detected, query_canceled."""


def is_lock_wait(error: BaseException) -> bool:
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    if state in _POSTGRES_BUSY:
        return True
    text = str(error.orig).lower()
    return any(phrase in text for phrase in _SQLITE_BUSY)
