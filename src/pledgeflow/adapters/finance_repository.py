"""Reading and writing the financing records, journalled like every business row.

Rows map to records field for field (enums as their values), so one generic pair of
conversions serves all seven tables; the write path is the dataset repository's, which
leaves unchanged rows alone and puts every insert and update in the audit journal.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from enum import Enum
from typing import Any

from sqlalchemy import Table, select

from pledgeflow.adapters import finance_tables as ft
from pledgeflow.adapters.repositories import DatasetRepository
from pledgeflow.adapters.rows import Mapper, Row
from pledgeflow.audit.log import RowKey, canonical_key, row_digest
from pledgeflow.domain.financing import (
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

_ENUMS: dict[str, type[Enum]] = {
    "repayment": Repayment,
    "use": MoneyUse,
    "surplus": SurplusRule,
}
_STATUS: dict[type[Any], type[Enum]] = {Tranche: TrancheStatus, RevenueInflow: InflowStatus}


def _to_row(record: Any) -> dict[str, Any]:
    return {k: v.value if isinstance(v, Enum) else v for k, v in dataclasses.asdict(record).items()}


def _from_row(kind: type[Any]) -> Callable[[Row], Any]:
    def build(row: Row) -> Any:
        values = dict(row)
        for name, enum in _ENUMS.items():
            if name in values and values[name] is not None:
                values[name] = enum(values[name])
        if kind in _STATUS:
            values["status"] = _STATUS[kind](values["status"])
        return kind(**values)

    return build


def _mapper(field: str, table: Table, kind: type[Any]) -> Mapper:
    return Mapper(field, table, _to_row, _from_row(kind))


FINANCE_MAPPERS = (
    _mapper("pools", ft.pools, Pool),
    _mapper("facilities", ft.facilities, Facility),
    _mapper("tranches", ft.tranches, Tranche),
    _mapper("revenue_inflows", ft.revenue_inflows, RevenueInflow),
    _mapper("fx_rates", ft.fx_rates, FxRate),
    _mapper("funds", ft.funds, Fund),
    _mapper("fund_contributions", ft.fund_contributions, FundContribution),
)


class FinanceRepository(DatasetRepository):
    """The financing tables; writes are journalled exactly as the business tables' are."""

    def load_finance(self) -> FinanceRecords:
        fields: dict[str, tuple[Any, ...]] = {}
        for mapper in FINANCE_MAPPERS:
            order = [mapper.table.c[name] for name in mapper.key_columns]
            rows = self._conn.execute(select(mapper.table).order_by(*order)).mappings()
            fields[mapper.field] = tuple(mapper.from_row(row) for row in rows)
        return FinanceRecords(**fields)

    def save_finance(self, records: FinanceRecords) -> dict[str, tuple[int, int]]:
        """Insert new records and update changed ones; (added, updated) per table."""
        result: dict[str, tuple[int, int]] = {}
        for mapper in FINANCE_MAPPERS:
            listed = getattr(records, mapper.field)
            if listed:
                result[mapper.field] = self._save_table(mapper, listed)
        return result

    def audit_digests(self) -> dict[RowKey, str]:
        """The digest of every stored financing row, for reconciliation with the log."""
        actual: dict[RowKey, str] = {}
        for mapper in FINANCE_MAPPERS:
            for row in self._conn.execute(select(mapper.table)).mappings():
                key = canonical_key(row[k] for k in mapper.key_columns)
                actual[(mapper.table.name, key)] = row_digest(dict(row))
        return actual
