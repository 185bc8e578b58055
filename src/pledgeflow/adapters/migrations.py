"""Running the shipped Alembic migrations from code, on either database."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine


def _config_without_engine() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("pledgeflow") / "migrations"))
    return config


def _config(engine: Engine) -> Config:
    config = _config_without_engine()
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def head_revision() -> str:
    script = ScriptDirectory.from_config(_config_without_engine())
    head = script.get_current_head()
    if head is None:
        raise RuntimeError("the shipped migrations have no head revision")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
