"""Hand-computed pool waterfalls (DESIGN §6, steps 1–7)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from pledgeflow.domain.finance_figures import compute_figures, lender_exposure
from pledgeflow.domain.finance_periods import RateBook
from pledgeflow.domain.financing import (
    Facility,
    FinanceRecords,
    FxRate,
    Pool,
    Repayment,
    RevenueInflow,
    SurplusRule,
    Tranche,
)
from pledgeflow.domain.servicing_pools import run_pool, share_pro_rata


def _facility(code: str, lender: str, currency: str, repayment: Repayment) -> Facility:
    return Facility(
        code=code,
        lender=lender,
        borrower="UA",
        currency=currency,
        ceiling=D("10000"),
        interest_rate=D(0),
        repayment=repayment,
        grace_years=D(0),
        maturity_years=D(1),
        pool="P",
    )


def _row(p):
    return (
        p.period_end.isoformat(),
        p.inflows_eur,
        p.retained_eur,
        p.buffer_eur,
        p.available_eur,
        p.due_eur,
        p.drawn_eur,
        p.paid_eur,
        p.early_repayment_eur,
        p.arrears_eur,
        p.carried_eur,
        p.coverage,
    )


def _surplus_then_shortfall(surplus: SurplusRule):
    # Facility A: 1000 EUR, 0 %, linear, no grace, 1 year, disbursed 2024-01-10.
    # 2024-H1: nothing due. 2024-H2: principal 1000 / 2 = 500; inflow 700, 10 % retained (70):
    # available 630 ≥ due 500 → paid 500, surplus 130 repays A early (O: 1000 − 500 − 130 = 370).
    # 2025-H1 (maturity): principal 370, no inflow: available 0 < due 370 → the buffer's 70
    # is drawn, paid 70, arrears 300; coverage 0 / 370 = 0.
    pool = Pool("P", "pool", retention=D("0.1"), surplus=surplus)
    facility = _facility("A", "EU", "EUR", Repayment.LINEAR)
    tranche = Tranche("A", dt.date(2024, 1, 10), D(1000))
    inflow = RevenueInflow("P", dt.date(2024, 9, 1), D(700))
    return run_pool(pool, [facility], [tranche], [inflow], RateBook.of([]))


def test_surplus_repays_early_and_shortfall_draws_buffer_leaving_arrears() -> None:
    run = _surplus_then_shortfall(SurplusRule.EARLY_REPAYMENT)
    zero = D("0.00")
    assert [_row(p) for p in run.periods] == [
        ("2024-06-30", zero, zero, zero, zero, zero, zero, zero, zero, zero, zero, None),
        (
            "2024-12-31",
            D(700),
            D("70.00"),
            D("70.00"),
            D("630.00"),
            D("500.00"),
            zero,
            D("500.00"),
            D("130.00"),
            zero,
            zero,
            D("1.2600"),
        ),
        (
            "2025-06-30",
            zero,
            zero,
            zero,
            zero,
            D("370.00"),
            D("70.00"),
            D("70.00"),
            zero,
            D("300.00"),
            zero,
            D("0.0000"),
        ),
    ]
    assert [line.early_repayment for line in run.service] == [zero, D("130.00"), zero]
    assert [line.outstanding_end for line in run.service] == [D(1000), D("370.00"), D("0.00")]
    assert run.first_shortfall() is run.periods[2]


def test_a_carry_pool_keeps_its_surplus_for_the_next_period() -> None:
    # Same as above but the 130 is carried: 2025-H1 has available 130 against due 500,
    # draws the buffer's 70, pays 200 and leaves 300 in arrears.
    run = _surplus_then_shortfall(SurplusRule.CARRY)
    assert run.periods[1].carried_eur == D("130.00")
    assert run.periods[1].early_repayment_eur == D("0.00")
    last = run.periods[2]
    assert (last.available_eur, last.due_eur, last.drawn_eur, last.paid_eur, last.arrears_eur) == (
        D("130.00"),
        D("500.00"),
        D("70.00"),
        D("200.00"),
        D("300.00"),
    )


def test_two_lenders_in_two_currencies_are_paid_pro_rata() -> None:
    # U: 2200 USD at 1.10 USD per EUR = 2000.00 EUR; G: 850 GBP at 0.85 GBP per EUR =
    # 1000.00 EUR; both bullets due 2025-06-30: due 3000.00 EUR, inflow 1500 → coverage 0.5,
    # paid pro rata to due: U 1000.00, G 500.00; arrears U 1000.00 EUR = 1100.00 USD,
    # G 500.00 EUR = 425.00 GBP.
    records = FinanceRecords(
        facilities=(
            _facility("U", "US", "USD", Repayment.BULLET),
            _facility("G", "UK", "GBP", Repayment.BULLET),
        ),
        tranches=(
            Tranche("U", dt.date(2024, 3, 1), D(2200)),
            Tranche("G", dt.date(2024, 3, 1), D(850)),
        ),
        pools=(Pool("P", "pool"),),
        revenue_inflows=(RevenueInflow("P", dt.date(2025, 5, 1), D(1500)),),
        fx_rates=(
            FxRate("USD", dt.date(2024, 1, 1), D("1.10")),
            FxRate("GBP", dt.date(2024, 1, 1), D("0.85")),
        ),
    )
    figures = compute_figures(records)
    last = figures.runs["P"].periods[-1]
    assert (last.due_eur, last.paid_eur, last.arrears_eur, last.coverage) == (
        D("3000.00"),
        D("1500.00"),
        D("1500.00"),
        D("0.5000"),
    )
    paid = {
        (p.facility, p.period_end.isoformat()): (p.paid_eur, p.arrears_eur)
        for p in figures.payments
    }
    assert paid[("U", "2025-06-30")] == (D("1000.00"), D("1000.00"))
    assert paid[("G", "2025-06-30")] == (D("500.00"), D("500.00"))
    exposure = {(e.lender, e.currency): e for e in lender_exposure(figures)}
    assert (exposure["US", "USD"].arrears, exposure["US", "USD"].arrears_eur) == (
        D("1100.00"),
        D("1000.00"),
    )
    assert (exposure["UK", "GBP"].arrears, exposure["UK", "GBP"].arrears_eur) == (
        D("425.00"),
        D("500.00"),
    )
    assert exposure["US", "USD"].outstanding == D("0.00")


def test_pro_rata_shares_add_up_to_the_cent() -> None:
    shares = share_pro_rata(D("100.00"), [D("1.00"), D("1.00"), D("1.00")])
    assert shares == [D("33.34"), D("33.33"), D("33.33")]
    assert sum(shares) == D("100.00")
