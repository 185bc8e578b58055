"""Debt service of one facility, period by period (DESIGN §6, "Debt service").

A facility is stepped one period at a time because its early repayments come from the pool's
waterfall of the same period: `open` states what falls due from O(k), the pool decides what it
repays early, `close` moves to O(k+1). Principal is recomputed every period from O(k), so early
repayments and late tranches flow through the rest of the schedule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy_financial as npf  # type: ignore[import-untyped]

from pledgeflow.domain.finance_periods import RateBook, period_end, period_of
from pledgeflow.domain.financing import Facility, Repayment, Tranche, cents

ZERO = Decimal("0.00")


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """One row of `debt_service.csv`: a facility in one period, in its currency and in EUR."""

    facility: str
    lender: str
    period_end: dt.date
    currency: str
    outstanding_start: Decimal
    disbursed: Decimal
    interest: Decimal
    principal: Decimal
    early_repayment: Decimal
    outstanding_end: Decimal
    per_eur: Decimal
    interest_eur: Decimal
    principal_eur: Decimal


@dataclass(frozen=True, slots=True)
class Due:
    """What falls due in a period, and what early repayment could still reduce (`remaining`)."""

    interest: Decimal
    principal: Decimal
    interest_eur: Decimal
    principal_eur: Decimal
    remaining: Decimal
    remaining_eur: Decimal

    @property
    def total_eur(self) -> Decimal:
        return self.interest_eur + self.principal_eur


def annuity_payment(rate: Decimal, periods: int, outstanding: Decimal) -> Decimal:
    """The level payment repaying `outstanding` over `periods` at `rate` per period, to the cent.

    numpy-financial computes it in Decimal when given Decimals, so no float touches money.
    """
    payment = npf.pmt(rate, periods, outstanding)
    return cents(-Decimal(payment))


def principal_due(facility: Facility, period: int, first: int, outstanding: Decimal) -> Decimal:
    """Principal of `period` from O(k), nothing during grace, all of it by maturity."""
    if period <= first + facility.grace_periods or outstanding <= 0:
        return ZERO
    left = max(first + facility.maturity_periods - period + 1, 1)
    if facility.repayment is Repayment.BULLET:
        return outstanding if left == 1 else ZERO
    if facility.repayment is Repayment.LINEAR:
        return cents(outstanding / left)
    rate = facility.interest_rate / 2
    if rate == 0:
        return cents(outstanding / left)
    interest = cents(outstanding * rate)
    return min(annuity_payment(rate, left, outstanding) - interest, outstanding)


class FacilityLedger:
    """One facility's running balance; `open(k)` then `close(k, early)` for each period."""

    def __init__(self, facility: Facility, tranches: Iterable[Tranche], rates: RateBook) -> None:
        self.facility = facility
        self.rates = rates
        self.by_period: dict[int, Decimal] = {}
        for tranche in tranches:
            if tranche.facility == facility.code:
                period = period_of(tranche.date)
                self.by_period[period] = self.by_period.get(period, ZERO) + tranche.amount
        self.first = min(self.by_period) if self.by_period else None
        self.outstanding = ZERO
        self._due: Due | None = None

    @property
    def maturity(self) -> int | None:
        return None if self.first is None else self.first + self.facility.maturity_periods

    def per_eur(self, period: int) -> Decimal:
        return self.rates.per_eur(self.facility.currency, period_end(period))

    def open(self, period: int) -> Due:
        """What period `period` asks of the facility, in its currency and in EUR."""
        opening = self.outstanding
        interest = cents(opening * self.facility.interest_rate / 2)
        first = self.first if self.first is not None else period
        principal = principal_due(self.facility, period, first, opening)
        remaining = opening + self.by_period.get(period, ZERO) - principal
        rate = self.per_eur(period)
        self._due = Due(
            interest,
            principal,
            cents(interest / rate),
            cents(principal / rate),
            remaining,
            cents(remaining / rate),
        )
        return self._due

    def early_in_currency(self, period: int, early_eur: Decimal) -> Decimal:
        """An early repayment decided in EUR, in the facility's currency, never past the debt."""
        assert self._due is not None, "open the period first"
        if early_eur >= self._due.remaining_eur:
            return self._due.remaining
        return min(cents(early_eur * self.per_eur(period)), self._due.remaining)

    def close(self, period: int, early_repayment: Decimal = ZERO) -> ServiceLine:
        """Book the period: O(k+1) = O(k) + tranches(k) − principal(k) − early_repayment(k)."""
        due = self._due if self._due is not None else self.open(period)
        opening = self.outstanding
        self.outstanding = due.remaining - early_repayment
        self._due = None
        return ServiceLine(
            facility=self.facility.code,
            lender=self.facility.lender,
            period_end=period_end(period),
            currency=self.facility.currency,
            outstanding_start=opening,
            disbursed=self.by_period.get(period, ZERO),
            interest=due.interest,
            principal=due.principal,
            early_repayment=early_repayment,
            outstanding_end=self.outstanding,
            per_eur=self.per_eur(period),
            interest_eur=due.interest_eur,
            principal_eur=due.principal_eur,
        )


def facility_schedule(
    facility: Facility, tranches: Iterable[Tranche], rates: RateBook
) -> list[ServiceLine]:
    """A facility serviced by its borrower: no early repayment, first tranche to maturity."""
    ledger = FacilityLedger(facility, tranches, rates)
    if ledger.first is None or ledger.maturity is None:
        return []
    return [ledger.close(k) for k in range(ledger.first, ledger.maturity + 1)]
