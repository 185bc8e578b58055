"""Databases for the suite: SQLite always, PostgreSQL when PLEDGEFLOW_TEST_POSTGRES_URL is set.

Each PostgreSQL test gets a schema of its own (search_path in the URL), dropped afterwards, so
tests never see each other's rows and need no mocking.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import Engine, create_engine, text

from pledgeflow.adapters import migrations
from pledgeflow.adapters.db import make_engine
from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.config import Settings

POSTGRES_URL = os.environ.get("PLEDGEFLOW_TEST_POSTGRES_URL")
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("PLEDGEFLOW_SHARED_DIR", REPO_ROOT.parent / "shared"))


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pledgeflow.db'}"
        return
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL: PLEDGEFLOW_TEST_POSTGRES_URL is not set")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(_psycopg(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    migrations.upgrade(engine)
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
