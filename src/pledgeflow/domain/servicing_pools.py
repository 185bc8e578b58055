"""The servicing pool's waterfall (DESIGN §6, steps 1–7), period by period, in EUR.

Each period: inflows less the retention to the risk buffer, plus what was carried, meet what
the pool's facilities ask (interest and principal in EUR, plus last period's arrears). A
surplus repays the facilities early pro rata to what they still owe; a shortfall draws the
buffer and leaves arrears. Pro-rata shares are whole cents that add up exactly to the amount
shared (largest remainder), so money is conserved to the cent in every period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from pledgeflow.domain.debt_service import ZERO, Due, FacilityLedger, ServiceLine
from pledgeflow.domain.finance_periods import RateBook, period_end, period_of, period_start
from pledgeflow.domain.financing import (
    Facility,
    Pool,
    RevenueInflow,
    SurplusRule,
    Tranche,
)

COVERAGE_PLACES = Decimal("0.0001")


@dataclass(frozen=True, slots=True)
class PoolPeriod:
    """One row of `pool_periods.csv`; buffer, arrears and carried as at the period's end."""

    pool: str
    period_start: dt.date
    period_end: dt.date
    inflows_eur: Decimal
    retained_eur: Decimal
    buffer_eur: Decimal
    available_eur: Decimal
    due_eur: Decimal
    drawn_eur: Decimal
    paid_eur: Decimal
    early_repayment_eur: Decimal
    arrears_eur: Decimal
    carried_eur: Decimal
    coverage: Decimal | None


@dataclass(frozen=True, slots=True)
class FacilityPayment:
    """What one facility was due and paid from the pool in one period, and its arrears after."""

    facility: str
    lender: str
    period_end: dt.date
    due_eur: Decimal
    paid_eur: Decimal
    early_repayment_eur: Decimal
    arrears_eur: Decimal
    per_eur: Decimal


@dataclass(frozen=True, slots=True)
class PoolRun:
    pool: str
    periods: tuple[PoolPeriod, ...]
    service: tuple[ServiceLine, ...]
    payments: tuple[FacilityPayment, ...]

    def first_shortfall(self) -> PoolPeriod | None:
        """The first period whose coverage is below 1 (due not met by what was available)."""
        one = Decimal(1)
        return next((p for p in self.periods if p.coverage is not None and p.coverage < one), None)


def share_pro_rata(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `weights`, in whole cents adding up to `total` exactly.

    Each share is first rounded down to the cent; the cents left over go to the largest
    remainders (the earliest weight on a tie), so no share exceeds its exact value by a cent.
    """
    whole = int(total * 100)
    units = [int(w * 100) for w in weights]
    base = sum(units)
    if base <= 0 or whole <= 0:
        return [ZERO for _ in weights]
    floors = [divmod(whole * u, base) for u in units]
    left = whole - sum(q for q, _ in floors)
    ranked = sorted(range(len(units)), key=lambda i: (-floors[i][1], i))
    extra = set(ranked[:left])
    return [Decimal(q + (1 if i in extra else 0)) / 100 for i, (q, _) in enumerate(floors)]


def _coverage(available: Decimal, due: Decimal) -> Decimal | None:
    if due == 0:
        return None
    return (available / due).quantize(COVERAGE_PLACES, rounding=ROUND_HALF_EVEN)


class _Waterfall:
    """The pool's running state: the buffer, what was carried, each facility's arrears."""

    def __init__(self, pool: Pool, ledgers: list[FacilityLedger]) -> None:
        self.pool = pool
        self.ledgers = ledgers
        self.buffer = ZERO
        self.carried = ZERO
        self.arrears = {ledger.facility.code: ZERO for ledger in ledgers}
        self.service: list[ServiceLine] = []
        self.payments: list[FacilityPayment] = []

    def step(self, period: int, inflows: Decimal) -> PoolPeriod:
        retained = (inflows * self.pool.retention).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
        self.buffer += retained
        available = inflows - retained + self.carried
        active = [ledger for ledger in self.ledgers if self._active(ledger, period)]
        dues = {ledger.facility.code: ledger.open(period) for ledger in active}
        owed = [dues[lg.facility.code].total_eur + self.arrears[lg.facility.code] for lg in active]
        due = sum(owed, ZERO)
        drawn = early = ZERO
        if available >= due:
            paid_each, surplus = owed, available - due
            early_each = self._early(active, dues, surplus)
            early = sum(early_each, ZERO)
            self.carried = surplus - early
        else:
            drawn = min(self.buffer, due - available)
            self.buffer -= drawn
            paid_each = share_pro_rata(available + drawn, owed)
            early_each = [ZERO for _ in active]
            self.carried = ZERO
        self._book(period, active, owed, paid_each, early_each)
        return PoolPeriod(
            pool=self.pool.code,
            period_start=period_start(period),
            period_end=period_end(period),
            inflows_eur=inflows,
            retained_eur=retained,
            buffer_eur=self.buffer,
            available_eur=available,
            due_eur=due,
            drawn_eur=drawn,
            paid_eur=sum(paid_each, ZERO),
            early_repayment_eur=early,
            arrears_eur=sum(self.arrears.values(), ZERO),
            carried_eur=self.carried,
            coverage=_coverage(available, due),
        )

    def _active(self, ledger: FacilityLedger, period: int) -> bool:
        """From its first tranche to maturity, and after it while it still owes anything."""
        if ledger.first is None or ledger.maturity is None or period < ledger.first:
            return False
        owing = ledger.outstanding > 0 or self.arrears[ledger.facility.code] > 0
        return period <= ledger.maturity or owing

    def _early(
        self, active: list[FacilityLedger], dues: dict[str, Due], surplus: Decimal
    ) -> list[Decimal]:
        """Surplus repays early pro rata to O(k) + tranches(k) − principal(k) in EUR, at most
        that much each; under `carry`, or with nothing left to repay, it is carried instead."""
        if self.pool.surplus is SurplusRule.CARRY or surplus <= 0:
            return [ZERO for _ in active]
        weights = [max(dues[lg.facility.code].remaining_eur, ZERO) for lg in active]
        if surplus >= sum(weights, ZERO):
            return weights
        return share_pro_rata(surplus, weights)

    def _book(
        self,
        period: int,
        active: list[FacilityLedger],
        owed: list[Decimal],
        paid: list[Decimal],
        early: list[Decimal],
    ) -> None:
        for ledger, due_eur, paid_eur, early_eur in zip(active, owed, paid, early, strict=True):
            code = ledger.facility.code
            self.arrears[code] = due_eur - paid_eur
            early_currency = ledger.early_in_currency(period, early_eur) if early_eur else ZERO
            line = ledger.close(period, early_currency)
            self.service.append(line)
            self.payments.append(
                FacilityPayment(
                    code,
                    ledger.facility.lender,
                    line.period_end,
                    due_eur,
                    paid_eur,
                    early_eur,
                    self.arrears[code],
                    line.per_eur,
                )
            )


def run_pool(
    pool: Pool,
    facilities: Iterable[Facility],
    tranches: Sequence[Tranche],
    inflows: Iterable[RevenueInflow],
    rates: RateBook,
) -> PoolRun:
    """The pool's periods from its first tranche or inflow to its facilities' last maturity."""
    ledgers = [
        FacilityLedger(f, tranches, rates)
        for f in sorted(facilities, key=lambda f: f.code)
        if f.pool == pool.code
    ]
    ledgers = [ledger for ledger in ledgers if ledger.first is not None]
    by_period: dict[int, Decimal] = {}
    for inflow in inflows:
        if inflow.pool == pool.code:
            k = period_of(inflow.date)
            by_period[k] = by_period.get(k, ZERO) + inflow.amount_eur
    starts = [lg.first for lg in ledgers if lg.first is not None] + list(by_period)
    ends = [lg.maturity for lg in ledgers if lg.maturity is not None] or list(by_period)
    if not starts:
        return PoolRun(pool.code, (), (), ())
    waterfall = _Waterfall(pool, ledgers)
    periods = [waterfall.step(k, by_period.get(k, ZERO)) for k in range(min(starts), max(ends) + 1)]
    return PoolRun(pool.code, tuple(periods), tuple(waterfall.service), tuple(waterfall.payments))
