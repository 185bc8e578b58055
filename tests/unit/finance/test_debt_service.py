"""Hand-computed debt service (DESIGN §6): an annuity, linear after grace, a bullet."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from pledgeflow.domain.debt_service import facility_schedule
from pledgeflow.domain.finance_periods import RateBook, period_end, period_of
from pledgeflow.domain.financing import Facility, FxRate, Repayment, Tranche

RATES = RateBook.of([FxRate("USD", dt.date(2020, 1, 1), D("1.25"))])


def _facility(repayment: Repayment, rate: str, grace: str, maturity: str, cur: str = "EUR"):
    return Facility(
        code="F",
        lender="L",
        borrower="B",
        currency=cur,
        ceiling=D("5000"),
        interest_rate=D(rate),
        repayment=repayment,
        grace_years=D(grace),
        maturity_years=D(maturity),
    )


def _rows(lines):
    return [
        (ln.period_end.isoformat(), ln.interest, ln.principal, ln.outstanding_end) for ln in lines
    ]


def test_periods_are_half_years_ending_30_june_and_31_december() -> None:
    assert period_end(period_of(dt.date(2024, 3, 1))) == dt.date(2024, 6, 30)
    assert period_end(period_of(dt.date(2024, 7, 1))) == dt.date(2024, 12, 31)


def test_annuity_pays_level_amounts_to_maturity() -> None:
    # 1000 at 4 % a year (2 % a half-year) from 2024-H1, no grace, 2 years: F = 2024-06-30,
    # last principal 2026-06-30. Payment = O·r / (1 − (1+r)^−n) recomputed each period:
    # n=4: 1000·0.02/(1−1.02^−4) = 262.62; interest 20.00 → principal 242.62, O = 757.38
    # n=3: 757.38 → payment 262.63, interest 15.15 → principal 247.48, O = 509.90
    # n=2: 509.90 → payment 262.62, interest 10.20 → principal 252.42, O = 257.48
    # n=1: 257.48 → interest 5.15, principal 257.48, O = 0
    lines = facility_schedule(
        _facility(Repayment.ANNUITY, "0.04", "0", "2"),
        [Tranche("F", dt.date(2024, 3, 1), D(1000))],
        RATES,
    )
    assert _rows(lines) == [
        ("2024-06-30", D("0.00"), D("0.00"), D("1000")),
        ("2024-12-31", D("20.00"), D("242.62"), D("757.38")),
        ("2025-06-30", D("15.15"), D("247.48"), D("509.90")),
        ("2025-12-31", D("10.20"), D("252.42"), D("257.48")),
        ("2026-06-30", D("5.15"), D("257.48"), D("0.00")),
    ]
    assert lines[0].disbursed == D(1000)


def test_linear_after_grace() -> None:
    # 1200 at 5 % from 2024-01-15: F = 2024-06-30; grace 1 year: no principal up to
    # 2025-06-30; maturity 3 years: last principal 2027-06-30, so 4 equal parts of 300.
    # Interest: 1200·0.025 = 30.00 while nothing is repaid, then 900·0.025 = 22.50, …
    lines = facility_schedule(
        _facility(Repayment.LINEAR, "0.05", "1", "3"),
        [Tranche("F", dt.date(2024, 1, 15), D(1200))],
        RATES,
    )
    assert _rows(lines) == [
        ("2024-06-30", D("0.00"), D("0.00"), D("1200")),
        ("2024-12-31", D("30.00"), D("0.00"), D("1200.00")),
        ("2025-06-30", D("30.00"), D("0.00"), D("1200.00")),
        ("2025-12-31", D("30.00"), D("300.00"), D("900.00")),
        ("2026-06-30", D("22.50"), D("300.00"), D("600.00")),
        ("2026-12-31", D("15.00"), D("300.00"), D("300.00")),
        ("2027-06-30", D("7.50"), D("300.00"), D("0.00")),
    ]


def test_bullet_repays_everything_at_maturity_and_converts_to_eur() -> None:
    # 1000 USD at 3 %: interest 15.00 USD a half-year = 12.00 EUR at 1.25 USD per EUR;
    # the whole 1000 USD (800.00 EUR) falls due at F + 1 year = 2025-06-30.
    lines = facility_schedule(
        _facility(Repayment.BULLET, "0.03", "0", "1", "USD"),
        [Tranche("F", dt.date(2024, 2, 1), D(1000))],
        RATES,
    )
    assert _rows(lines) == [
        ("2024-06-30", D("0.00"), D("0.00"), D("1000")),
        ("2024-12-31", D("15.00"), D("0.00"), D("1000.00")),
        ("2025-06-30", D("15.00"), D("1000.00"), D("0.00")),
    ]
    assert [(ln.interest_eur, ln.principal_eur) for ln in lines[1:]] == [
        (D("12.00"), D("0.00")),
        (D("12.00"), D("800.00")),
    ]


def test_a_late_tranche_earns_no_interest_in_its_own_period() -> None:
    # 1000 in 2024-H1 and 1000 more in 2024-H2 (linear, 0 grace, 1 year at 4 %):
    # 2024-H2 interest is on 1000 only: 20.00; its principal is 1000 / 2 = 500.00.
    lines = facility_schedule(
        _facility(Repayment.LINEAR, "0.04", "0", "1"),
        [Tranche("F", dt.date(2024, 1, 1), D(1000)), Tranche("F", dt.date(2024, 9, 1), D(1000))],
        RATES,
    )
    assert _rows(lines)[1] == ("2024-12-31", D("20.00"), D("500.00"), D("1500.00"))
    assert _rows(lines)[2] == ("2025-06-30", D("30.00"), D("1500.00"), D("0.00"))
