"""Shared material for the interchange tests: a small valid dataset and file builders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind

WriteCsv = Callable[[str, str], Path]
MakeWorkbook = Callable[[dict[str, list[list[object]]]], Path]


@pytest.fixture
def known() -> Dataset:
    """What the database is taken to hold: one donor, one item, a depot → hub → delivery."""
    return Dataset(
        parties=(
            Party("DE", "Germany", frozenset({Role.DONOR})),
            Party("UA", "Ukraine", frozenset({Role.RECIPIENT})),
        ),
        items=(
            Item("GEN", "Generator", SupplyClass.VII, "each", Decimal("450")),
            Item("TENT", "Tent", SupplyClass.II, "each", Decimal("40"), divisible=False),
        ),
        sites=(
            Site("D1", "Depot", SiteKind.DEPOT, "DE"),
            Site("H1", "Hub", SiteKind.HUB, "PL", Decimal("120"), 1),
            Site("K", "Kyiv", SiteKind.DELIVERY, "UA"),
        ),
        lanes=(Lane("D1", "H1", 3),),
        hub_calendar=(
            HubCalendarEntry("H1", dt.date(2026, 1, 1), dt.date(2026, 1, 2), Decimal(0)),
        ),
        requirements=(Requirement("R1", "GEN", Decimal(10), 1, dt.date(2026, 2, 1), "K"),),
        pledges=(
            Pledge("P1", "DE", "GEN", Decimal(4), dt.date(2026, 1, 5), "D1", PledgeStatus.SHIPPED),
        ),
    )


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write `<name>.csv` with the given text into a fresh folder and return the folder."""
    folder = tmp_path / "import"
    folder.mkdir()

    def write(name: str, text: str) -> Path:
        (folder / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
        return folder

    return write


@pytest.fixture
def make_workbook(tmp_path: Path) -> MakeWorkbook:
    """Save an .xlsx with one sheet per entry, rows written as given from row 1."""

    def make(sheets: dict[str, list[list[object]]]) -> Path:
        path = tmp_path / "import.xlsx"
        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, rows in sheets.items():
            sheet = workbook.create_sheet(name)
            for row in rows:
                sheet.append(row)
        workbook.save(path)
        return path

    return make
