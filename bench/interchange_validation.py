"""Interchange figures: reading and validating a workbook or CSV folder of N pledges.

Each figure is set against a baseline measured in the same run on the same files: the bare
parse (csv.reader over the folder, openpyxl iterating the workbook's values) that any importer
must pay. The ratio is what reading into text tables and full validation add on top.

    PYTHONPATH=src .venv/bin/python bench/interchange_validation.py [--rows N ...]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from openpyxl import load_workbook

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.importers import read_tables, validate
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import Lane, Site, SiteKind

T = TypeVar("T")


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def dataset(pledges: int) -> Dataset:
    """`pledges` pledges and as many requirements over 50 donors, 40 items and 30 sites."""
    donors = tuple(Party(f"N{n:02d}", f"Nation {n}", frozenset({Role.DONOR})) for n in range(50))
    items = tuple(
        Item(f"I{n:02d}", f"Item {n}", SupplyClass.V, "box", Decimal("12.5")) for n in range(40)
    )
    sites = tuple(Site(f"S{n:02d}", f"Site {n}", SiteKind.DEPOT, "PL") for n in range(30))
    day = dt.date(2026, 3, 1)
    requirements = tuple(
        Requirement(f"R{n}", f"I{n % 40:02d}", Decimal(n % 97 + 1), n % 5 + 1, day, "S01")
        for n in range(pledges)
    )
    offers = tuple(
        Pledge(
            f"P{n}", f"N{n % 50:02d}", f"I{n % 40:02d}", Decimal("10.5"), day, f"S{n % 30:02d}",
            PledgeStatus.COMMITTED, Decimal("1250.00"), f"R{n}" if n % 3 == 0 else None,
        )
        for n in range(pledges)
    )  # fmt: skip
    lanes = tuple(Lane(f"S{n:02d}", f"S{n + 1:02d}", 2) for n in range(29))
    return Dataset(donors, items, sites, lanes, (), requirements, offers)


def bare_csv(folder: Path) -> int:
    rows = 0
    for file in folder.glob("*.csv"):
        with file.open(encoding="utf-8-sig", newline="") as handle:
            rows += sum(1 for _ in csv.reader(handle))
    return rows


def bare_workbook(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for sheet in workbook.worksheets for _ in sheet.iter_rows(values_only=True))
    workbook.close()
    return rows


def measure(pledges: int, folder: Path) -> None:
    data = dataset(pledges)
    rows = sum(data.counts().values())
    for target, bare in (("export", bare_csv), ("export.xlsx", bare_workbook)):
        path = folder / f"{pledges}-{target}"
        write_seconds, _ = timed(lambda path=path: write_dataset(data, path))
        bare_seconds, _ = timed(lambda path=path, bare=bare: bare(path))
        read_seconds, tables = timed(lambda path=path: read_tables(path))
        check_seconds, result = timed(
            lambda tables=tables: validate(tables, Dataset(), update=False)
        )
        assert result.ok, "the benchmark data must import cleanly"
        assert result.dataset == data, "the benchmark data must come back unchanged"
        total = read_seconds + check_seconds
        print(
            f"{'xlsx' if target.endswith('xlsx') else 'csv ':4} {pledges:>7} pledges"
            f" {rows:>7} rows | write {write_seconds:6.3f}s | bare parse {bare_seconds:6.3f}s"
            f" | read {read_seconds:6.3f}s + validate {check_seconds:6.3f}s"
            f" = {total:6.3f}s ({rows / total:>8,.0f} rows/s, {total / bare_seconds:4.1f}x bare)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[600, 25_000])
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for pledges in arguments.rows:
            measure(pledges, Path(folder))


if __name__ == "__main__":
    main()
