"""The pool's waterfall conserves money to the cent and never pays a lender more than due.

Pools are drawn with one to three facilities in EUR, USD and GBP, every repayment profile,
random tranches, inflows and rates, and both surplus rules; every period must satisfy step 7
of DESIGN §6 exactly, and every facility's payment must stay within what it was due.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from pledgeflow.domain.finance_figures import compute_figures
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

CURRENCIES = ("EUR", "USD", "GBP")
MONEY = st.integers(1, 10_000_000).map(lambda c: Decimal(c) / 100)
DAYS = st.dates(dt.date(2024, 1, 1), dt.date(2029, 12, 31))


@st.composite
def facility(draw: st.DrawFn, index: int) -> tuple[Facility, list[Tranche]]:
    grace = draw(st.integers(0, 4))
    code = f"F{index}"
    made = Facility(
        code=code,
        lender=f"L{index}",
        borrower="UA",
        currency=draw(st.sampled_from(CURRENCIES)),
        ceiling=Decimal(10**9),
        interest_rate=Decimal(draw(st.integers(0, 900))) / 10_000,
        repayment=draw(st.sampled_from(list(Repayment))),
        grace_years=Decimal(grace) / 2,
        maturity_years=Decimal(grace + draw(st.integers(1, 8))) / 2,
        pool="P",
    )
    tranches = draw(
        st.lists(st.tuples(DAYS, MONEY), min_size=1, max_size=4, unique_by=lambda t: t[0])
    )
    return made, [Tranche(code, day, amount) for day, amount in tranches]


@st.composite
def records(draw: st.DrawFn) -> FinanceRecords:
    drawn = [draw(facility(i)) for i in range(draw(st.integers(1, 3)))]
    inflows = draw(st.lists(st.tuples(DAYS, MONEY), max_size=12))
    rates = [
        FxRate(cur, dt.date(2024, 1, 1) + dt.timedelta(days=200 * n), Decimal(r) / 10_000)
        for cur in ("USD", "GBP")
        for n, r in enumerate(draw(st.lists(st.integers(5_000, 20_000), min_size=1, max_size=6)))
    ]
    pool = Pool(
        "P",
        "pool",
        retention=Decimal(draw(st.integers(0, 100))) / 100,
        surplus=draw(st.sampled_from(list(SurplusRule))),
    )
    return FinanceRecords(
        facilities=tuple(f for f, _ in drawn),
        tranches=tuple(t for _, ts in drawn for t in ts),
        pools=(pool,),
        revenue_inflows=tuple(
            RevenueInflow("P", day, amount, kind=f"k{n}") for n, (day, amount) in enumerate(inflows)
        ),
        fx_rates=tuple(rates),
    )


@settings(max_examples=200, deadline=None)
@given(records())
def test_money_is_conserved_every_period_and_no_lender_is_overpaid(drawn: FinanceRecords) -> None:
    figures = compute_figures(drawn)
    carried = Decimal(0)
    for p in figures.runs["P"].periods:
        left = p.inflows_eur + carried + p.drawn_eur
        right = p.retained_eur + p.paid_eur + p.early_repayment_eur + p.carried_eur
        assert left == right, p
        for amount in (left, p.available_eur, p.paid_eur, p.buffer_eur, p.arrears_eur):
            assert amount == amount.quantize(Decimal("0.01"))
        assert min(p.buffer_eur, p.carried_eur, p.arrears_eur, p.drawn_eur) >= 0
        carried = p.carried_eur
    by_period: dict[dt.date, Decimal] = {}
    for payment in figures.payments:
        assert Decimal(0) <= payment.paid_eur <= payment.due_eur, payment
        by_period[payment.period_end] = (
            by_period.get(payment.period_end, Decimal(0)) + payment.paid_eur
        )
    for p in figures.runs["P"].periods:
        assert by_period.get(p.period_end, Decimal(0)) == p.paid_eur
    for line in figures.service:
        assert line.outstanding_end >= 0, line
        assert line.early_repayment <= line.outstanding_start + line.disbursed - line.principal
