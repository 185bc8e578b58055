"""The unit of work: one transaction per command, rolled back unless the command commits.

Rolling back by default means an exception anywhere in a command (a bad row halfway through an
import, a crash in the planner) leaves the database exactly as it was. Repositories journal
every row they write; `commit` turns the journal into audit-log entries inside the same
transaction, so there is no write path that skips the log.

Only commands take the write lock. A unit of work opened with `reading()` begins DEFERRED on
SQLite (it never waits for, nor holds, the single write lock, so a burst of reads and failed
logins cannot starve writers) and READ ONLY on PostgreSQL, and refuses to commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Connection, Engine, RootTransaction

from pledgeflow.adapters.audit_store import AuditStore
from pledgeflow.adapters.finance_repository import FinanceRepository
from pledgeflow.adapters.job_repository import JobRepository
from pledgeflow.adapters.repositories import DatasetRepository, PlanRepository
from pledgeflow.adapters.scenario_repository import ScenarioRepository
from pledgeflow.adapters.shipment_repository import ShipmentRepository
from pledgeflow.adapters.training_repository import TrainingRepository
from pledgeflow.adapters.transparency_repository import TransparencyRepository
from pledgeflow.adapters.user_repository import UserRepository
from pledgeflow.audit.log import Entry, RowChange

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UnitOfWork:
    """Commands take SQLite's write lock at their start; `reading()` defers it (and asks
    PostgreSQL for a read-only transaction), so reads never wait on or block a writer."""

    def __init__(self, engine: Engine, actor: str, clock: Clock = utc_now) -> None:
        self._engine = engine
        self.actor = actor
        self._clock = clock
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None
        self._journal: list[RowChange] = []
        self.logged: list[Entry] = []
        self._reading = False

    def reading(self) -> UnitOfWork:
        """Open the next transaction for reads only: `with uow.reading(): ...`."""
        self._reading = True
        return self

    def __enter__(self) -> UnitOfWork:
        if self._reading:
            options = {"sqlite_begin": "DEFERRED", "postgresql_readonly": True}
        else:
            options = {"sqlite_begin": "IMMEDIATE"}
        connection = self._engine.connect().execution_options(**options)
        self._connection = connection
        self._transaction = connection.begin()
        self._journal = []
        self.datasets = DatasetRepository(connection, self._journal)
        self.plans = PlanRepository(connection, self._journal)
        self.shipments = ShipmentRepository(connection, self._journal)
        self.training = TrainingRepository(connection, self._journal)
        self.finance = FinanceRepository(connection, self._journal)
        self.transparency = TransparencyRepository(connection, self._journal)
        self.users = UserRepository(connection, self._journal)
        self.scenarios = ScenarioRepository(connection, self._journal)
        self.audit = AuditStore(connection)
        self.jobs = JobRepository(connection)
        return self

    def now(self) -> dt.datetime:
        return self._clock()

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open")
        return self._connection

    def commit(self, command: str) -> list[Entry]:
        """Log every journalled row change as `command`, then commit rows and log together."""
        if self._transaction is None:
            raise RuntimeError("the unit of work is not open")
        if self._reading:
            raise RuntimeError(f"{command}: a reading unit of work cannot commit")
        changes = [change.as_change() for change in self._journal]
        self.logged = []
        if changes:
            self.logged = self.audit.append(self.actor, command, changes, self.now())
        self._journal.clear()
        self._transaction.commit()
        return self.logged

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
            self._reading = False
