"""Financing: records written as the sheets' rows, and the figures of DESIGN §6 read back.

Amounts are strings of decimal digits (never JSON floats), as everywhere money is answered.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from pledgeflow.api.schemas.fields import Input
from pledgeflow.domain.debt_service import ServiceLine
from pledgeflow.domain.finance_figures import LenderExposure
from pledgeflow.domain.servicing_pools import PoolPeriod

SheetName = Literal[
    "pools",
    "facilities",
    "tranches",
    "revenue_inflows",
    "fx_rates",
    "funds",
    "fund_contributions",
]


class FinanceRowsIn(Input):
    """Rows by sheet, each a mapping of column to text exactly as the sheet would hold it."""

    sheets: dict[SheetName, list[dict[str, str]]] = Field(min_length=1)


class SavedCounts(BaseModel):
    added: dict[str, int]
    updated: dict[str, int]


class DebtServicePublic(BaseModel):
    facility: str
    lender: str
    period_end: str
    currency: str
    outstanding_start: str
    disbursed: str
    interest: str
    principal: str
    early_repayment: str
    outstanding_end: str
    per_eur: str
    interest_eur: str
    principal_eur: str

    @classmethod
    def of(cls, line: ServiceLine) -> DebtServicePublic:
        return cls(**{k: str(getattr(line, k)) for k in cls.model_fields})


class PoolPeriodPublic(BaseModel):
    pool: str
    period_start: str
    period_end: str
    inflows_eur: str
    retained_eur: str
    buffer_eur: str
    available_eur: str
    due_eur: str
    drawn_eur: str
    paid_eur: str
    early_repayment_eur: str
    arrears_eur: str
    carried_eur: str
    coverage: str | None

    @classmethod
    def of(cls, period: PoolPeriod) -> PoolPeriodPublic:
        values = {k: getattr(period, k) for k in cls.model_fields}
        return cls.model_validate({k: None if v is None else str(v) for k, v in values.items()})


class ExposurePublic(BaseModel):
    lender: str
    currency: str
    outstanding: str
    arrears: str
    outstanding_eur: str
    arrears_eur: str

    @classmethod
    def of(cls, row: LenderExposure) -> ExposurePublic:
        return cls(**{k: str(getattr(row, k)) for k in cls.model_fields})


class DebtServiceAnswer(BaseModel):
    lines: list[DebtServicePublic]


class ExposureAnswer(BaseModel):
    lenders: list[ExposurePublic]
