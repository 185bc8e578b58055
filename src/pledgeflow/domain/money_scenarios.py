"""Money scenarios (DESIGN §6): overlays that change the financing inputs, never the figures.

Like the materiel scenarios, a scenario is a pure function from records to records, applied
before the figures are computed, so the baseline and the scenario go through the very same
code. Several overlays apply in the order given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.finance_periods import RateBook
from pledgeflow.domain.financing import FinanceRecords, FxRate, TrancheStatus, cents


@dataclass(frozen=True, slots=True)
class Lapse:
    """The immobilisation is not renewed: inflows dated after `after` stop."""

    after: dt.date

    def apply(self, records: FinanceRecords) -> FinanceRecords:
        kept = tuple(i for i in records.revenue_inflows if i.date <= self.after)
        return replace(records, revenue_inflows=kept)


@dataclass(frozen=True, slots=True)
class InflowFactor:
    """Rates fall (or rise): inflows dated on or after `start` are multiplied by `factor`."""

    factor: Decimal
    start: dt.date | None = None

    def apply(self, records: FinanceRecords) -> FinanceRecords:
        if self.factor < 0:
            raise DomainError("scenario inflows", "factor", "must not be negative")
        changed = tuple(
            replace(i, amount_eur=cents(i.amount_eur * self.factor))
            if self.start is None or i.date >= self.start
            else i
            for i in records.revenue_inflows
        )
        return replace(records, revenue_inflows=changed)


@dataclass(frozen=True, slots=True)
class Ceiling:
    """A lender's share changes: the facility's planned tranches are cut, latest first, until
    all its tranches add up to at most `amount` (disbursed ones are never cut)."""

    facility: str
    amount: Decimal

    def apply(self, records: FinanceRecords) -> FinanceRecords:
        facilities = {f.code: f for f in records.facilities}
        if self.facility not in facilities:
            raise DomainError("scenario ceiling", "facility", f"{self.facility!r} does not exist")
        if self.amount <= 0:
            raise DomainError("scenario ceiling", "amount", "must be greater than zero")
        own = [t for t in records.tranches if t.facility == self.facility]
        excess = sum((t.amount for t in own), Decimal(0)) - self.amount
        cut: dict[int, Decimal] = {}
        for position in sorted(range(len(own)), key=lambda i: own[i].date, reverse=True):
            if excess <= 0:
                break
            if own[position].status is TrancheStatus.PLANNED:
                cut[position] = min(own[position].amount, excess)
                excess -= cut[position]
        kept = [
            replace(t, amount=t.amount - cut.get(i, Decimal(0)))
            for i, t in enumerate(own)
            if t.amount > cut.get(i, Decimal(0))
        ]
        others = tuple(t for t in records.tranches if t.facility != self.facility)
        facility = replace(facilities[self.facility], ceiling=self.amount)
        return replace(
            records,
            tranches=others + tuple(kept),
            facilities=tuple(
                facility if f.code == self.facility else f for f in records.facilities
            ),
        )


@dataclass(frozen=True, slots=True)
class FxFactor:
    """`currency`'s per_eur is multiplied by `factor` on and after `start` (always, if None)."""

    currency: str
    factor: Decimal
    start: dt.date | None = None

    def apply(self, records: FinanceRecords) -> FinanceRecords:
        if self.factor <= 0:
            raise DomainError("scenario fx", "factor", "must be greater than zero")
        rates = list(records.fx_rates)
        own = sorted((r for r in rates if r.currency == self.currency), key=lambda r: r.date)
        if not own:
            raise DomainError("scenario fx", "currency", f"no rates for {self.currency!r}")
        start = self.start
        if start is not None and all(r.date != start for r in own) and own[0].date < start:
            ruling = RateBook.of(own).per_eur(self.currency, start)
            rates.append(FxRate(self.currency, start, ruling))
        changed = tuple(
            replace(r, per_eur=(r.per_eur * self.factor).quantize(Decimal("0.000001")))
            if r.currency == self.currency and (self.start is None or r.date >= self.start)
            else r
            for r in rates
        )
        return replace(records, fx_rates=changed)


MoneyScenario = Lapse | InflowFactor | Ceiling | FxFactor


def apply_scenarios(
    records: FinanceRecords, scenarios: tuple[MoneyScenario, ...]
) -> FinanceRecords:
    for scenario in scenarios:
        records = scenario.apply(records)
    return records
