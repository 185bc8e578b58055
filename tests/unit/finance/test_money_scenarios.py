"""Money scenarios change the inputs only, as DESIGN §6 says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from pledgeflow.domain.financing import (
    Facility,
    FinanceRecords,
    FxRate,
    Repayment,
    RevenueInflow,
    Tranche,
    TrancheStatus,
)
from pledgeflow.domain.money_scenarios import Ceiling, FxFactor, InflowFactor, Lapse

F = Facility("EU", "EU", "UKR", "EUR", D(35), D(0), Repayment.BULLET, D(0), D(1))
RECORDS = FinanceRecords(
    facilities=(F,),
    tranches=(
        Tranche("EU", dt.date(2025, 1, 1), D(10), TrancheStatus.DISBURSED),
        Tranche("EU", dt.date(2025, 6, 1), D(10)),
        Tranche("EU", dt.date(2025, 12, 1), D(15)),
    ),
    revenue_inflows=(
        RevenueInflow("P", dt.date(2025, 6, 30), D("100.00")),
        RevenueInflow("P", dt.date(2025, 12, 31), D("100.00")),
    ),
    fx_rates=(FxRate("USD", dt.date(2024, 1, 1), D("1.10")),),
)


def test_lapse_drops_inflows_dated_after_the_date() -> None:
    kept = Lapse(dt.date(2025, 6, 30)).apply(RECORDS).revenue_inflows
    assert [i.date for i in kept] == [dt.date(2025, 6, 30)]


def test_inflows_factor_applies_on_and_after_its_date() -> None:
    changed = InflowFactor(D("0.5"), dt.date(2025, 12, 31)).apply(RECORDS).revenue_inflows
    assert [i.amount_eur for i in changed] == [D("100.00"), D("50.00")]


def test_ceiling_cuts_planned_tranches_latest_first() -> None:
    # 35 → 20: the 15 of December goes entirely, then 0 more (10 + 10 = 20).
    cut = Ceiling("EU", D(20)).apply(RECORDS)
    assert [(t.date.month, t.amount) for t in cut.tranches] == [(1, D(10)), (6, D(10))]
    # 35 → 12: December goes, June is cut to 2; the disbursed 10 is never cut.
    cut = Ceiling("EU", D(12)).apply(RECORDS)
    assert [(t.date.month, t.amount) for t in cut.tranches] == [(1, D(10)), (6, D(2))]
    assert cut.facilities[0].ceiling == D(12)


def test_fx_factor_from_a_date_adds_the_ruling_rate_there() -> None:
    rates = FxFactor("USD", D(2), dt.date(2025, 7, 1)).apply(RECORDS).fx_rates
    assert sorted((r.date, r.per_eur) for r in rates) == [
        (dt.date(2024, 1, 1), D("1.10")),
        (dt.date(2025, 7, 1), D("2.200000")),
    ]
