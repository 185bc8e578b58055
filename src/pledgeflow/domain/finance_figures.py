"""The financing figures of DESIGN §6 over all records: schedules, pools, exposure, scenarios.

Facilities with a pool are stepped inside their pool's waterfall (their early repayments
come from it); the others are serviced by their borrower and follow their plain schedule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.debt_service import ZERO, ServiceLine, facility_schedule
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.finance_periods import RateBook
from pledgeflow.domain.financing import FinanceRecords, cents
from pledgeflow.domain.money_scenarios import MoneyScenario, apply_scenarios
from pledgeflow.domain.servicing_pools import FacilityPayment, PoolPeriod, PoolRun, run_pool


@dataclass(frozen=True, slots=True)
class FinanceFigures:
    runs: dict[str, PoolRun]
    service: tuple[ServiceLine, ...]
    payments: tuple[FacilityPayment, ...]


def compute_figures(records: FinanceRecords) -> FinanceFigures:
    """Every pool's run and every facility's debt service, facility then period in order."""
    rates = RateBook.of(records.fx_rates)
    runs = {
        pool.code: run_pool(
            pool, records.facilities, records.tranches, records.revenue_inflows, rates
        )
        for pool in sorted(records.pools, key=lambda p: p.code)
    }
    service = [line for run in runs.values() for line in run.service]
    for facility in records.facilities:
        if facility.pool is None:
            service += facility_schedule(facility, records.tranches, rates)
    service.sort(key=lambda line: (line.facility, line.period_end))
    payments = tuple(p for run in runs.values() for p in run.payments)
    return FinanceFigures(runs, tuple(service), payments)


@dataclass(frozen=True, slots=True)
class LenderExposure:
    """What a lender is owed in one currency: outstanding principal and arrears."""

    lender: str
    currency: str
    outstanding: Decimal
    arrears: Decimal
    outstanding_eur: Decimal
    arrears_eur: Decimal


def lender_exposure(figures: FinanceFigures, as_of: dt.date | None = None) -> list[LenderExposure]:
    """Per lender and currency, as at the end of the last period ending on or before `as_of`
    (or of the projection, when None); amounts in EUR at that period's rate."""
    last: dict[str, ServiceLine] = {}
    for line in figures.service:
        if as_of is None or line.period_end <= as_of:
            last[line.facility] = line
    arrears = {(p.facility, p.period_end): p.arrears_eur for p in figures.payments}
    totals: dict[tuple[str, str], list[Decimal]] = {}
    for line in last.values():
        owed_eur = arrears.get((line.facility, line.period_end), ZERO)
        sums = totals.setdefault((line.lender, line.currency), [ZERO, ZERO, ZERO, ZERO])
        sums[0] += line.outstanding_end
        sums[1] += cents(owed_eur * line.per_eur)
        sums[2] += cents(line.outstanding_end / line.per_eur)
        sums[3] += owed_eur
    return [
        LenderExposure(lender, currency, *sums)
        for (lender, currency), sums in sorted(totals.items())
    ]


@dataclass(frozen=True, slots=True)
class ScenarioComparison:
    """A pool's periods before and after the scenario, and who is left unpaid at the end."""

    pool: str
    baseline: tuple[PoolPeriod, ...]
    scenario: tuple[PoolPeriod, ...]
    first_shortfall: PoolPeriod | None
    baseline_first_shortfall: PoolPeriod | None
    arrears_at_end: list[LenderExposure]
    service: tuple[ServiceLine, ...]
    baseline_service: tuple[ServiceLine, ...]


def compare_scenario(
    records: FinanceRecords, pool: str, scenarios: tuple[MoneyScenario, ...]
) -> ScenarioComparison:
    if pool not in {p.code for p in records.pools}:
        raise DomainError(f"pool {pool!r}", "pool", "does not exist")
    baseline = compute_figures(records).runs[pool]
    figures = compute_figures(apply_scenarios(records, scenarios))
    run = figures.runs[pool]
    pooled = {f.code for f in records.facilities if f.pool == pool}
    own = FinanceFigures(
        figures.runs,
        tuple(line for line in figures.service if line.facility in pooled),
        tuple(p for p in figures.payments if p.facility in pooled),
    )
    return ScenarioComparison(
        pool,
        baseline.periods,
        run.periods,
        run.first_shortfall(),
        baseline.first_shortfall(),
        lender_exposure(own),
        own.service,
        baseline.service,
    )
