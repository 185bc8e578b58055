"""Storage against real SQLite and PostgreSQL: migrations both ways, exact values, atomicity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import Engine, inspect

from pledgeflow.adapters import migrations
from pledgeflow.adapters.tables import metadata
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind
from pledgeflow.service.unit_of_work import UnitOfWork


def small_dataset() -> Dataset:
    return Dataset(
        parties=(
            Party("POL", "Poland", frozenset({Role.DONOR, Role.HUB_OPERATOR}), Decimal("7.5E11")),
            Party("UKR", "Ukraine", frozenset({Role.RECIPIENT}), currency="UAH"),
        ),
        items=(
            Item(
                "GEN-10",
                "Generator 10 kVA",
                SupplyClass.VII,
                "each",
                Decimal("180.5"),
                Decimal("5400.00"),
                divisible=False,
                substitution_group="gen",
                substitution_penalty=Decimal("0.25"),
            ),
        ),
        sites=(
            Site("DEP-POL", "Depot Poland", SiteKind.DEPOT, "POL"),
            Site("DLV-KYIV", "Kyiv", SiteKind.DELIVERY, "UKR"),
            Site("HUB-RZE", "Rzeszów hub", SiteKind.HUB, "POL", Decimal("850.125"), 1),
        ),
        lanes=(Lane("DEP-POL", "HUB-RZE", 2), Lane("HUB-RZE", "DLV-KYIV", 1)),
        hub_calendar=(
            HubCalendarEntry("HUB-RZE", dt.date(2026, 12, 24), dt.date(2026, 12, 26), Decimal(0)),
        ),
        requirements=(
            Requirement(
                "R-1",
                "GEN-10",
                Decimal("12"),
                1,
                dt.date(2026, 12, 1),
                "DLV-KYIV",
                Releasability.RESTRICTED,
                "winter",
            ),
        ),
        pledges=(
            Pledge(
                "P-1",
                "POL",
                "GEN-10",
                Decimal("10"),
                dt.date(2026, 11, 20),
                "DEP-POL",
                PledgeStatus.COMMITTED,
                Decimal("54000.10"),
                "R-1",
            ),
        ),
    )


def test_migrations_match_the_table_definitions(engine: Engine) -> None:
    inspector = inspect(engine)
    assert set(inspector.get_table_names()) - {"alembic_version"} == set(metadata.tables)
    for table in metadata.tables.values():
        migrated = {c["name"] for c in inspector.get_columns(table.name)}
        assert migrated == {c.name for c in table.columns}, table.name


def test_upgrade_downgrade_upgrade(engine: Engine) -> None:
    migrations.downgrade(engine)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(engine)
    assert "pledges" in inspect(engine).get_table_names()


def test_dataset_round_trips_exactly(engine: Engine) -> None:
    dataset = small_dataset()
    with UnitOfWork(engine, "test") as uow:
        uow.datasets.save(dataset)
        uow.commit("test")
    with UnitOfWork(engine, "test") as uow:
        assert uow.datasets.load() == dataset


def test_uncommitted_work_is_rolled_back(engine: Engine) -> None:
    with UnitOfWork(engine, "test") as uow:
        uow.datasets.save(small_dataset())
    with UnitOfWork(engine, "test") as uow:
        assert uow.datasets.counts()["pledges"] == 0


def test_an_error_midway_leaves_nothing(engine: Engine) -> None:
    def crash_after_writing() -> None:
        with UnitOfWork(engine, "test") as uow:
            uow.datasets.save(small_dataset())
            raise RuntimeError("crash after writing")

    with pytest.raises(RuntimeError):
        crash_after_writing()
    with UnitOfWork(engine, "test") as uow:
        assert sum(uow.datasets.counts().values()) == 0


def test_save_updates_existing_rows(engine: Engine) -> None:
    dataset = small_dataset()
    with UnitOfWork(engine, "test") as uow:
        uow.datasets.save(dataset)
        uow.commit("test")
    changed = Dataset(pledges=(dataset.pledges[0].moved_to(PledgeStatus.ALLOCATED),))
    with UnitOfWork(engine, "test") as uow:
        assert uow.datasets.save(changed) == {"pledges": (0, 1)}
        uow.commit("test")
    with UnitOfWork(engine, "test") as uow:
        assert uow.datasets.load().pledges[0].status is PledgeStatus.ALLOCATED
