"""What the system writes holds §5 as written: a plan stored, exported as CSV and as a workbook,
and read back from the files (as a partner's system would) passes `verify` at tolerance 0, on
SQLite and PostgreSQL, with masses and capacities whose solver floats are dusty."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

from tests.integration.test_storage import small_dataset
from tests.property.plan_files import read_csv, read_plan, read_xlsx

from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.requirements import Requirement
from pledgeflow.plan import build_problem, verify
from pledgeflow.service import plans

DAY = dt.date(2026, 11, 25)


def dusty() -> Dataset:
    """Thirds of a tonne through a 0.333 t/day hub, divisible goods, 3-decimal quantities."""
    base = small_dataset()
    item = dataclasses.replace(base.items[0], unit_mass_kg=Decimal("333.333"), divisible=True)
    hub = dataclasses.replace(base.sites[2], capacity_t_per_day=Decimal("0.5"))
    sites = (*base.sites[:2], hub)
    needs = tuple(
        Requirement(f"R-{i}", item.code, Decimal(q), i, dt.date(2026, 12, i), "DLV-KYIV")
        for i, q in ((1, "7.777"), (2, "5.5"), (3, "9.001"))
    )
    pledge = dataclasses.replace(base.pledges[0], earmark=None, quantity=Decimal("13.333"))
    return dataclasses.replace(
        base, items=(item,), sites=sites, requirements=needs, pledges=(pledge,)
    )


def test_stored_and_exported_plans_hold_every_rule_as_written(
    container: Container, tmp_path: Path
) -> None:
    with container.uow() as uow:
        uow.datasets.save(dusty())
        uow.commit("seed")
    made = plans.create_plan(container.uow(), as_of=DAY)
    problem = build_problem(dusty())
    assert made.plan.allocations
    stored = plans.get_plan(container.uow(), made.id)
    assert verify(problem, stored, tolerance=0.0).ok
    for path in (tmp_path / "csv", tmp_path / "plan.xlsx"):
        plans.export_plan(container.uow(), made.id, path)
        tables = read_csv(path) if path.suffix != ".xlsx" else read_xlsx(path)
        report = verify(problem, read_plan(stored, tables), tolerance=0.0)
        assert report.ok, report.violations
