"""`debt_service.csv` and `pool_periods.csv` with exactly the columns of DESIGN §6."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import astuple

from pledgeflow.adapters.exporters.sheets import Sheet
from pledgeflow.domain.debt_service import ServiceLine
from pledgeflow.domain.servicing_pools import PoolPeriod

DEBT_SERVICE_COLUMNS = [
    "facility",
    "lender",
    "period_end",
    "currency",
    "outstanding_start",
    "disbursed",
    "interest",
    "principal",
    "early_repayment",
    "outstanding_end",
    "per_eur",
    "interest_eur",
    "principal_eur",
]
POOL_PERIOD_COLUMNS = [
    "pool",
    "period_start",
    "period_end",
    "inflows_eur",
    "retained_eur",
    "buffer_eur",
    "available_eur",
    "due_eur",
    "drawn_eur",
    "paid_eur",
    "early_repayment_eur",
    "arrears_eur",
    "carried_eur",
    "coverage",
]


def debt_service_sheet(lines: Iterable[ServiceLine]) -> Sheet:
    """The records' fields are declared in the documented column order, so a row is astuple."""
    return DEBT_SERVICE_COLUMNS, [list(astuple(line)) for line in lines]


def pool_periods_sheet(periods: Iterable[PoolPeriod]) -> Sheet:
    return POOL_PERIOD_COLUMNS, [list(astuple(period)) for period in periods]
