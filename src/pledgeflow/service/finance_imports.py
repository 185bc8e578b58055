"""The financing part of an import: its sheets checked against the rest of the same file.

`import_path` hands the financing sheets here inside its transaction, so one workbook can
carry parties, items, pledges bought by funds, and the funds themselves, all or nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from pledgeflow.adapters.importers.finance import FINANCE_SPECS, FinanceRows, read_finance
from pledgeflow.adapters.importers.finance_references import (
    Surroundings,
    finance_problems,
    overlay,
)
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawTable
from pledgeflow.domain.datasets import Dataset
from pledgeflow.service.unit_of_work import UnitOfWork


def split_tables(
    tables: Mapping[str, RawTable],
) -> tuple[dict[str, RawTable], dict[str, RawTable]]:
    """(business tables, financing tables) of a file."""
    business = {n: t for n, t in tables.items() if n not in FINANCE_SPECS}
    finance = {n: t for n, t in tables.items() if n in FINANCE_SPECS}
    return business, finance


def check_finance(
    uow: UnitOfWork,
    tables: Mapping[str, RawTable],
    known: Dataset,
    incoming: Dataset,
    pledge_rows: Mapping[str, int],
    *,
    update: bool,
) -> tuple[FinanceRows, list[ImportProblem]]:
    """The file's financing rows and every problem with them or with the use rules."""
    stored = uow.finance.load_finance()
    rows = read_finance(tables, stored, update=update)
    around = Surroundings(
        parties=overlay(known.parties, incoming.parties, "code"),
        items=overlay(known.items, incoming.items, "code"),
        pledges=overlay(known.pledges, incoming.pledges, "id"),
        pledge_rows=pledge_rows,
    )
    return rows, rows.problems + finance_problems(rows, stored, around)
