"""The unit of work: one transaction per command, rolled back unless the command commits.

Rolling back by default means an exception anywhere in a command (a bad row halfway through an
import, a crash in the planner) leaves the database exactly as it was.
"""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction

from pledgeflow.adapters.repositories import DatasetRepository, PlanRepository


class UnitOfWork:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None

    def __enter__(self) -> UnitOfWork:
        connection = self._engine.connect().execution_options(sqlite_begin="IMMEDIATE")
        self._connection = connection
        self._transaction = connection.begin()
        self.datasets = DatasetRepository(connection)
        self.plans = PlanRepository(connection)
        return self

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    def commit(self) -> None:
        if self._transaction is None:
            raise RuntimeError("the unit of work is not open")
        self._transaction.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if self._transaction is not None and self._transaction.is_active:
                self._transaction.rollback()
        finally:
            self.connection.close()
            self._connection = None
            self._transaction = None
