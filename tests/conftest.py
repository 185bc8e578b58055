"""Databases for the suite: SQLite always, PostgreSQL when PLEDGEFLOW_TEST_POSTGRES_URL is set.

Each test gets a database of its own, already migrated: a copy of the run's template (see
tests/databases.py), dropped afterwards, so tests never see each other's rows and need no
mocking. Passwords are hashed at a low Argon2 cost here (a setting, see config.py): the
production cost spends half a second per hash, which is its purpose and no test's.
"""

from __future__ import annotations

import os

os.environ.setdefault("PLEDGEFLOW_PASSWORD_HASH_TIME_COST", "1")
os.environ.setdefault("PLEDGEFLOW_PASSWORD_HASH_MEMORY_KIB", "64")

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pledgeflow.adapters.db import make_engine
from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.config import Settings
from tests.databases import (
    PostgresTemplates,
    copy_sqlite,
    migrate_sqlite_template,
)

POSTGRES_URL = os.environ.get("PLEDGEFLOW_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return migrate_sqlite_template(tmp_path_factory.mktemp("template") / "pledgeflow.db")


@pytest.fixture(scope="session")
def postgres_templates() -> Iterator[PostgresTemplates]:
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL: PLEDGEFLOW_TEST_POSTGRES_URL is not set")
    templates = PostgresTemplates(POSTGRES_URL)
    yield templates
    templates.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database of this test's own, as `pledgeflow init` leaves it."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        yield copy_sqlite(template, tmp_path / "pledgeflow.db")
        return
    templates: PostgresTemplates = request.getfixturevalue("postgres_templates")
    name = templates.copy()
    try:
        yield templates.url_of(name)
    finally:
        templates.drop(name)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def container(engine: Engine, database_url: str, tmp_path: Path) -> Container:
    settings = Settings(
        database_url=database_url, signing_key_path=tmp_path / "signing.key", actor="test"
    )
    built = bootstrap(settings)
    built.engine.dispose()
    built.engine = engine
    return built
