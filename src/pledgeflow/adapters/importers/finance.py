"""Reading the financing sheets of DESIGN §6, row by row, with every problem at once.

The sheets come in the same workbook or folder as the business tables and are imported in the
same all-or-nothing transaction; `read_finance` checks each row's fields and key, and
`finance_references` (next door) what rows point at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from pledgeflow.adapters import finance_tables as ft
from pledgeflow.adapters.importers.columns import TableSpec, header_index
from pledgeflow.adapters.importers.fields import MONEY, NumberRule, RowFields
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawTable
from pledgeflow.domain.financing import (
    FINANCE_TABLES,
    Facility,
    FinanceRecords,
    Fund,
    FundContribution,
    FxRate,
    InflowStatus,
    MoneyUse,
    Pool,
    Repayment,
    RevenueInflow,
    SurplusRule,
    Tranche,
    TrancheStatus,
)

RATE = NumberRule(positive=False, places=6, whole_digits=13)
YEARS = NumberRule(positive=False, places=1, whole_digits=4)


def _spec(name: str, columns: str, required: str, key: str) -> TableSpec:
    return TableSpec(name, tuple(columns.split()), frozenset(required.split()), tuple(key.split()))


FINANCE_SPECS: dict[str, TableSpec] = {
    s.name: s
    for s in (
        _spec("pools", "code name retention surplus", "code name", "code"),
        _spec(
            "facilities",
            "code lender borrower currency ceiling interest_rate repayment grace_years"
            " maturity_years use pool",
            "code lender borrower currency ceiling interest_rate repayment grace_years"
            " maturity_years",
            "code",
        ),
        _spec("tranches", "facility date amount status", "facility date amount", "facility date"),
        _spec(
            "revenue_inflows",
            "pool date amount_eur kind status",
            "pool date amount_eur",
            "pool date kind",
        ),
        _spec("fx_rates", "currency date per_eur", "currency date per_eur", "currency date"),
        _spec("funds", "code name manager currency use", "code name manager", "code"),
        _spec(
            "fund_contributions",
            "fund contributor amount currency date",
            "fund contributor amount currency date",
            "fund contributor date",
        ),
    )
}


def _pool(f: RowFields) -> Pool:
    return Pool(
        code=f.text("code"),
        name=f.text("name"),
        retention=f.optional_decimal("retention", RATE) or Decimal(0),
        surplus=f.enum("surplus", SurplusRule, SurplusRule.EARLY_REPAYMENT),
    )


def _facility(f: RowFields) -> Facility:
    return Facility(
        code=f.text("code"),
        lender=f.text("lender"),
        borrower=f.text("borrower"),
        currency=f.text("currency").upper(),
        ceiling=f.decimal("ceiling", MONEY),
        interest_rate=f.decimal("interest_rate", RATE),
        repayment=f.enum("repayment", Repayment),
        grace_years=f.decimal("grace_years", YEARS),
        maturity_years=f.decimal("maturity_years", YEARS),
        use=f.enum("use", MoneyUse, MoneyUse.ANY),
        pool=f.optional_text("pool"),
    )


def _tranche(f: RowFields) -> Tranche:
    return Tranche(
        facility=f.text("facility"),
        date=f.date("date"),
        amount=f.decimal("amount", MONEY),
        status=f.enum("status", TrancheStatus, TrancheStatus.PLANNED),
    )


def _inflow(f: RowFields) -> RevenueInflow:
    return RevenueInflow(
        pool=f.text("pool"),
        date=f.date("date"),
        amount_eur=f.decimal("amount_eur", MONEY),
        kind=f.optional_text("kind") or "revenue",
        status=f.enum("status", InflowStatus, InflowStatus.EXPECTED),
    )


def _rate(f: RowFields) -> FxRate:
    return FxRate(f.text("currency").upper(), f.date("date"), f.decimal("per_eur", RATE))


def _fund(f: RowFields) -> Fund:
    return Fund(
        code=f.text("code"),
        name=f.text("name"),
        manager=f.text("manager"),
        currency=(f.optional_text("currency") or "EUR").upper(),
        use=f.enum("use", MoneyUse, MoneyUse.ANY),
    )


def _contribution(f: RowFields) -> FundContribution:
    return FundContribution(
        fund=f.text("fund"),
        contributor=f.text("contributor"),
        amount=f.decimal("amount", MONEY),
        currency=f.text("currency").upper(),
        date=f.date("date"),
    )


_BUILDERS: dict[str, Callable[[RowFields], Any]] = {
    "pools": _pool,
    "facilities": _facility,
    "tranches": _tranche,
    "revenue_inflows": _inflow,
    "fx_rates": _rate,
    "funds": _fund,
    "fund_contributions": _contribution,
}


@dataclass
class FinanceRows:
    """The file's valid financing records with the row each came from, and every problem."""

    rows: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def records(self) -> FinanceRecords:
        return FinanceRecords(
            **{n: tuple(r for _, r in self.rows.get(n, [])) for n in FINANCE_TABLES}
        )


def _fits_storage(fields: RowFields, record: Any, table: str) -> bool:
    """Text longer than its column, or with control characters, is refused by name here
    rather than by the database (PostgreSQL rejects both; SQLite would keep them)."""
    fits = True
    for column in ft.FINANCE_TABLE_BY_NAME[table].columns:
        value = getattr(record, column.name, None)
        if not isinstance(value, str):
            continue
        limit = getattr(column.type, "length", None)
        if limit is not None and len(value) > limit:
            fields.problem(column.name, value[:40], f"longer than {limit} characters")
            fits = False
        elif any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            fields.problem(column.name, value[:40], "control characters are not allowed")
            fits = False
    return fits


def _key_text(record: Any, spec: TableSpec) -> tuple[str, ...]:
    return tuple(str(getattr(record, column)) for column in spec.key)


def read_finance(
    tables: Mapping[str, RawTable], known: FinanceRecords, *, update: bool
) -> FinanceRows:
    """Every financing record of `tables` and every problem; keys already stored are updates
    with `update` and problems without it."""
    found = FinanceRows()
    for name in FINANCE_TABLES:
        table = tables.get(name)
        if table is None:
            continue
        spec = FINANCE_SPECS[name]
        stored = {_key_text(r, spec) for r in getattr(known, name)}
        index = header_index(spec, table, found.problems)
        seen: dict[tuple[str, ...], int] = {}
        kept = found.rows.setdefault(name, [])
        found.added[name] = found.updated[name] = 0
        for row in table.rows:
            fields = RowFields(name, row, index, found.problems)
            builder = _BUILDERS[name]
            record = fields.build(partial(builder, fields))
            if record is None or not _fits_storage(fields, record, name):
                continue
            key = _key_text(record, spec)
            first = seen.setdefault(key, row.number)
            shown = ", ".join(key)
            if first != row.number:
                fields.problem(spec.key[0], shown, f"duplicate: same key as row {first}")
            elif key in stored and not update:
                fields.problem(spec.key[0], shown, "already present (use --update to change it)")
            else:
                kept.append((row.number, record))
                counts = found.updated if key in stored else found.added
                counts[name] += 1
    return found
