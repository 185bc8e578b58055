"""Financing records (DESIGN §6): facilities, tranches, pools, inflows, rates and funds.

The records guard their own fields; the figures computed from them live next door
(`periods`, `debt_service`, `servicing_pools`, `money_scenarios`). Money is Decimal and every
amount is held to the cent: `cents` rounds half-even, the rule of §6 for every step.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum

from pledgeflow.domain.errors import DomainError, require_places

CENT = Decimal("0.01")
EUR = "EUR"


def cents(amount: Decimal) -> Decimal:
    """`amount` rounded to the cent, half-even: how §6 rounds every amount it writes."""
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


class Repayment(StrEnum):
    ANNUITY = "annuity"
    LINEAR = "linear"
    BULLET = "bullet"


class MoneyUse(StrEnum):
    """What a facility's or fund's money may buy: `non_military` excludes military items."""

    MILITARY = "military"
    NON_MILITARY = "non_military"
    ANY = "any"


class TrancheStatus(StrEnum):
    PLANNED = "planned"
    DISBURSED = "disbursed"


class SurplusRule(StrEnum):
    EARLY_REPAYMENT = "early_repayment"
    CARRY = "carry"


class InflowStatus(StrEnum):
    EXPECTED = "expected"
    RECEIVED = "received"


def _positive(record: str, field: str, value: Decimal, places: int = 2) -> None:
    if value <= 0:
        raise DomainError(record, field, "must be greater than zero")
    require_places(record, field, value, places)


def _currency(record: str, value: str) -> None:
    if len(value) != 3 or not value.isalpha() or not value.isupper():
        raise DomainError(record, "currency", "must be a three-letter code such as EUR")


def _half_years(record: str, field: str, years: Decimal) -> int:
    """Years as a whole number of half-year periods; other fractions cannot fall on a period end."""
    periods = years * 2
    if years < 0 or periods != periods.to_integral_value():
        raise DomainError(record, field, "must be a non-negative multiple of 0.5 years")
    return int(periods)


@dataclass(frozen=True, slots=True)
class Facility:
    """A loan: a lender's ceiling in its currency, lent on the terms that set its debt service."""

    code: str
    lender: str
    borrower: str
    currency: str
    ceiling: Decimal
    interest_rate: Decimal
    repayment: Repayment
    grace_years: Decimal
    maturity_years: Decimal
    use: MoneyUse = MoneyUse.ANY
    pool: str | None = None

    def __post_init__(self) -> None:
        record = f"facility {self.code!r}"
        if not self.code.strip():
            raise DomainError(record, "code", "must not be empty")
        _currency(record, self.currency)
        _positive(record, "ceiling", self.ceiling)
        if self.interest_rate < 0 or self.interest_rate >= 1:
            raise DomainError(record, "interest_rate", "must be a fraction from 0 to below 1")
        require_places(record, "interest_rate", self.interest_rate, 6)
        grace = _half_years(record, "grace_years", self.grace_years)
        if _half_years(record, "maturity_years", self.maturity_years) <= grace:
            raise DomainError(record, "maturity_years", "must be later than grace_years")

    @property
    def grace_periods(self) -> int:
        return int(self.grace_years * 2)

    @property
    def maturity_periods(self) -> int:
        return int(self.maturity_years * 2)


@dataclass(frozen=True, slots=True)
class Tranche:
    facility: str
    date: dt.date
    amount: Decimal
    status: TrancheStatus = TrancheStatus.PLANNED

    def __post_init__(self) -> None:
        _positive(f"tranche {self.facility!r} {self.date}", "amount", self.amount)


@dataclass(frozen=True, slots=True)
class Pool:
    """Where revenues gather to service facilities; `retention` feeds the risk buffer."""

    code: str
    name: str
    retention: Decimal = Decimal(0)
    surplus: SurplusRule = SurplusRule.EARLY_REPAYMENT

    def __post_init__(self) -> None:
        record = f"pool {self.code!r}"
        if not self.code.strip():
            raise DomainError(record, "code", "must not be empty")
        if not Decimal(0) <= self.retention <= Decimal(1):
            raise DomainError(record, "retention", "must be a fraction from 0 to 1")
        require_places(record, "retention", self.retention, 6)


@dataclass(frozen=True, slots=True)
class RevenueInflow:
    """Revenue reaching a pool; `kind` tells apart inflows of one day (windfall, transfer)."""

    pool: str
    date: dt.date
    amount_eur: Decimal
    kind: str = "revenue"
    status: InflowStatus = InflowStatus.EXPECTED

    def __post_init__(self) -> None:
        record = f"revenue inflow {self.pool!r} {self.date}"
        if self.amount_eur < 0:
            raise DomainError(record, "amount_eur", "must not be negative")
        require_places(record, "amount_eur", self.amount_eur, 2)


@dataclass(frozen=True, slots=True)
class FxRate:
    """`per_eur` units of `currency` buy 1 EUR from `date` until the next rate."""

    currency: str
    date: dt.date
    per_eur: Decimal

    def __post_init__(self) -> None:
        record = f"fx rate {self.currency!r} {self.date}"
        _currency(record, self.currency)
        _positive(record, "per_eur", self.per_eur, 6)


@dataclass(frozen=True, slots=True)
class Fund:
    """Pooled cash that buys pledges from stock for the requirements list."""

    code: str
    name: str
    manager: str
    currency: str = EUR
    use: MoneyUse = MoneyUse.ANY

    def __post_init__(self) -> None:
        record = f"fund {self.code!r}"
        if not self.code.strip():
            raise DomainError(record, "code", "must not be empty")
        _currency(record, self.currency)


@dataclass(frozen=True, slots=True)
class FundContribution:
    fund: str
    contributor: str
    amount: Decimal
    currency: str
    date: dt.date

    def __post_init__(self) -> None:
        record = f"fund contribution {self.fund!r} {self.contributor!r} {self.date}"
        _currency(record, self.currency)
        _positive(record, "amount", self.amount)


@dataclass(frozen=True, slots=True)
class FinanceRecords:
    """Every financing record, as the repositories load it and the figures read it."""

    facilities: tuple[Facility, ...] = ()
    tranches: tuple[Tranche, ...] = ()
    pools: tuple[Pool, ...] = ()
    revenue_inflows: tuple[RevenueInflow, ...] = ()
    fx_rates: tuple[FxRate, ...] = ()
    funds: tuple[Fund, ...] = ()
    fund_contributions: tuple[FundContribution, ...] = ()

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in FINANCE_TABLES}


FINANCE_TABLES = (
    "pools",
    "facilities",
    "tranches",
    "revenue_inflows",
    "fx_rates",
    "funds",
    "fund_contributions",
)
"""The financing sheets in dependency order: a sheet only refers to sheets before it."""
