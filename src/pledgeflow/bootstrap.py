"""Composition root: the one place that turns settings into an engine and services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from pledgeflow.adapters.db import make_engine
from pledgeflow.config import Settings
from pledgeflow.service.unit_of_work import UnitOfWork


@dataclass
class Container:
    settings: Settings
    engine: Engine

    @property
    def uow(self) -> Callable[[], UnitOfWork]:
        return lambda: UnitOfWork(self.engine, self.settings.actor)


def bootstrap(settings: Settings | None = None) -> Container:
    settings = settings or Settings()
    return Container(settings=settings, engine=make_engine(settings.database_url))
