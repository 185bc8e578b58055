"""Whether financing rows point at records that exist, and whether pledges bought by a fund
keep the use rules; checked before anything is written, each problem naming table, row,
column and reason.

The checks run on the records as they would stand after the import (stored ones overlaid by
the file's), so an import cannot leave a reference dangling or a fund overspent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pledgeflow.adapters.importers.finance import FINANCE_SPECS, FinanceRows
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.domain.finance_periods import RateBook
from pledgeflow.domain.financing import EUR, FINANCE_TABLES, FinanceRecords
from pledgeflow.domain.fund_purchases import purchase_refusals
from pledgeflow.domain.items import Item
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge


@dataclass(frozen=True, slots=True)
class Surroundings:
    """What the financing rows may refer to: parties, items and pledges after the import, and
    the row of each pledge the file holds (to name it in a refusal)."""

    parties: Mapping[str, Party]
    items: Mapping[str, Item]
    pledges: Mapping[str, Pledge]
    pledge_rows: Mapping[str, int]


def merged(known: FinanceRecords, rows: FinanceRows) -> FinanceRecords:
    """The financing records as they stand once the file's rows are written."""
    fields: dict[str, tuple[Any, ...]] = {}
    for name in FINANCE_TABLES:
        spec = FINANCE_SPECS[name]
        by_key = {tuple(getattr(r, c) for c in spec.key): r for r in getattr(known, name)}
        for _, record in rows.rows.get(name, []):
            by_key[tuple(getattr(record, c) for c in spec.key)] = record
        fields[name] = tuple(by_key.values())
    return FinanceRecords(**fields)


def finance_problems(
    rows: FinanceRows, known: FinanceRecords, around: Surroundings
) -> list[ImportProblem]:
    after = merged(known, rows)
    problems = _reference_problems(rows, after, around)
    problems += _ceiling_problems(rows, after)
    problems += _use_problems(after, around)
    return problems


def _reference_problems(
    rows: FinanceRows, after: FinanceRecords, around: Surroundings
) -> list[ImportProblem]:
    pools = {p.code for p in after.pools}
    facilities = {f.code for f in after.facilities}
    funds = {f.code for f in after.funds}
    rated = {r.currency for r in after.fx_rates} | {EUR}
    parties = set(around.parties)
    lenders = {c for c, p in around.parties.items() if p.has_role(Role.LENDER)}
    managers = {c for c, p in around.parties.items() if p.has_role(Role.FUND_MANAGER)}
    checks: dict[str, list[tuple[str, set[str], str]]] = {
        "facilities": [
            ("lender", lenders, "party with the role lender"),
            ("borrower", parties, "party"),
            ("pool", pools, "pool"),
            ("currency", rated, "fx rate for currency"),
        ],
        "tranches": [("facility", facilities, "facility")],
        "revenue_inflows": [("pool", pools, "pool")],
        "funds": [("manager", managers, "party with the role fund_manager")],
        "fund_contributions": [
            ("fund", funds, "fund"),
            ("contributor", parties, "party"),
            ("currency", rated, "fx rate for currency"),
        ],
    }
    problems: list[ImportProblem] = []
    for table, rules in checks.items():
        for number, record in rows.rows.get(table, []):
            for column, present, what in rules:
                value = getattr(record, column)
                if value is not None and value not in present:
                    reason = f"no {what} {value!r}"
                    problems.append(ImportProblem(table, number, column, value, reason))
    return problems + _rate_date_problems(rows, after)


def _rate_date_problems(rows: FinanceRows, after: FinanceRecords) -> list[ImportProblem]:
    """A contribution needs a rate on or before its date to count in EUR."""
    rates = RateBook.of(after.fx_rates)
    found: list[ImportProblem] = []
    for number, c in rows.rows.get("fund_contributions", []):
        if c.currency != EUR and c.currency in rates.dates and rates.dates[c.currency][0] > c.date:
            reason = f"no {c.currency} rate on or before {c.date.isoformat()}"
            found.append(ImportProblem("fund_contributions", number, "date", str(c.date), reason))
    return found


def _ceiling_problems(rows: FinanceRows, after: FinanceRecords) -> list[ImportProblem]:
    totals: dict[str, Decimal] = {}
    for tranche in after.tranches:
        totals[tranche.facility] = totals.get(tranche.facility, Decimal(0)) + tranche.amount
    ceilings = {f.code: f.ceiling for f in after.facilities}
    problems = []
    for number, tranche in rows.rows.get("tranches", []):
        total, ceiling = totals.get(tranche.facility, Decimal(0)), ceilings.get(tranche.facility)
        if ceiling is not None and total > ceiling:
            reason = (
                f"facility {tranche.facility!r}'s tranches add up to {total:,}, "
                f"more than its ceiling {ceiling:,}"
            )
            problems.append(
                ImportProblem("tranches", number, "amount", str(tranche.amount), reason)
            )
    return problems


def _use_problems(after: FinanceRecords, around: Surroundings) -> list[ImportProblem]:
    return [
        ImportProblem(
            "pledges",
            around.pledge_rows.get(r.pledge),
            r.field,
            r.value or r.pledge,
            f"pledge {r.pledge!r}: {r.reason}",
        )
        for r in purchase_refusals(around.pledges.values(), around.items, after)
    ]


def overlay(stored: Iterable[Any], new: Iterable[Any], key: str) -> dict[str, Any]:
    """Records by `key`, the file's replacing the stored ones."""
    return {getattr(r, key): r for r in (*stored, *new)}
