"""Migrated databases for the suite, made by copying one template per test run.

Running the Alembic migrations costs about half a second per database; the suite needs
hundreds of databases, so it migrates one template per run and per backend and copies it:
SQLite copies the file, PostgreSQL creates each test's database from the template database
(`CREATE DATABASE … TEMPLATE`), an exact copy of tables, triggers, sequences and the Alembic
revision, so a test sees what `pledgeflow init` would have made.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from pledgeflow.adapters import migrations
from pledgeflow.adapters.db import make_engine


def migrate_sqlite_template(path: Path) -> Path:
    """A migrated SQLite file with its write-ahead log folded in, ready to be copied."""
    engine = make_engine(f"sqlite:///{path}")
    migrations.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


def copy_sqlite(template: Path, path: Path) -> str:
    """A fresh migrated database at `path` (its URL), copied from the template."""
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


class PostgresTemplates:
    """The template database of one run on the server at `url`, and its copies.

    The copies live beside the template on the same server, each named at random, and are
    dropped when the test ends, the template when the run ends."""

    def __init__(self, url: str) -> None:
        self._url = make_url(url).set(drivername="postgresql+psycopg")
        self._admin: Engine = create_engine(self._url, isolation_level="AUTOCOMMIT")
        self.template = self._create(f"pledgeflow_template_{uuid.uuid4().hex[:10]}", None)
        engine = make_engine(self.url_of(self.template))
        migrations.upgrade(engine)
        engine.dispose()

    def url_of(self, name: str) -> str:
        url = self._url.set(drivername="postgresql", database=name)
        return url.render_as_string(hide_password=False)

    def copy(self) -> str:
        """A new database copied from the template; answers its name."""
        return self._create(f"pledgeflow_test_{uuid.uuid4().hex[:12]}", self.template)

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self.drop(self.template)
        self._admin.dispose()

    def _create(self, name: str, template: str | None) -> str:
        """WAL_LOG copies a small template without the two checkpoints FILE_COPY forces."""
        with self._admin.connect() as connection:
            version = int(connection.execute(text("SHOW server_version_num")).scalar_one())
            source = f' TEMPLATE "{template}"' if template else ""
            strategy = " STRATEGY WAL_LOG" if template and version >= 150000 else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{source}{strategy}'))
        return name
