"""The financial category of the tracker (issue #20) from the financing records (DESIGN §6).

A loan counts for its lender: committed is the facility's ceiling, at the date of its first
tranche (a facility with no tranche yet has no date to place it, so counts once one is
recorded); allocated is every tranche, planned or disbursed; delivered the disbursed ones.
A fund contribution counts for its contributor at all three stages on its date. Each record
is converted to EUR at the rate of its date with the finance figures' own `RateBook`, and
keeps its own currency and amount for the IATI file. Records that a caller may not see one
by one are given as totals per lender (or contributor), currency, stage and half-year
period, dated at the newest record they include: the public's view of financing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from pledgeflow.domain.burden_sharing import Category, Contribution, Stage
from pledgeflow.domain.finance_periods import RateBook, period_of
from pledgeflow.domain.financing import (
    FinanceRecords,
    Tranche,
    TrancheStatus,
    cents,
)

LOAN_SOURCE = "loan"
FUND_SOURCE = "fund contribution"


def _contribution(
    donor: str,
    stage: Stage,
    amount: Decimal,
    currency: str,
    day: dt.date,
    source: str,
    *,
    rates: RateBook,
) -> Contribution:
    return Contribution(
        donor,
        Category.FINANCIAL,
        stage,
        cents(amount / rates.per_eur(currency, day)),
        day,
        source,
        currency,
        amount,
    )


def loan_contributions(records: FinanceRecords, rates: RateBook) -> list[Contribution]:
    """Each facility's ceiling (committed) and each of its tranches (allocated, and delivered
    once disbursed), for the facility's lender, in the facility's currency and in EUR."""
    by_facility: dict[str, list[Tranche]] = {}
    for tranche in records.tranches:
        by_facility.setdefault(tranche.facility, []).append(tranche)
    out: list[Contribution] = []
    for facility in sorted(records.facilities, key=lambda f: f.code):
        tranches = sorted(by_facility.get(facility.code, []), key=lambda t: t.date)
        if not tranches:
            continue
        lender, currency = facility.lender, facility.currency
        source = f"{LOAN_SOURCE} {facility.code}"
        out.append(
            _contribution(
                lender,
                Stage.COMMITTED,
                facility.ceiling,
                currency,
                tranches[0].date,
                source,
                rates=rates,
            )
        )
        for t in tranches:
            stages = [Stage.ALLOCATED]
            if t.status is TrancheStatus.DISBURSED:
                stages.append(Stage.DELIVERED)
            for stage in stages:
                out.append(
                    _contribution(
                        lender,
                        stage,
                        t.amount,
                        currency,
                        t.date,
                        f"{source} {t.date}",
                        rates=rates,
                    )
                )
    return out


def fund_contributions(records: FinanceRecords, rates: RateBook) -> list[Contribution]:
    """Each contribution to a fund, at all three stages on its date, for its contributor."""
    return [
        _contribution(
            c.contributor,
            stage,
            c.amount,
            c.currency,
            c.date,
            f"{FUND_SOURCE} {c.fund} {c.contributor} {c.date}",
            rates=rates,
        )
        for c in sorted(records.fund_contributions, key=lambda c: (c.date, c.fund, c.contributor))
        for stage in Stage
    ]


def financing_contributions(records: FinanceRecords, rates: RateBook) -> list[Contribution]:
    return [*loan_contributions(records, rates), *fund_contributions(records, rates)]


def kind_of(source: str) -> str:
    """`LOAN_SOURCE` or `FUND_SOURCE`: which kind of financing record a source names."""
    return FUND_SOURCE if source.startswith(FUND_SOURCE) else LOAN_SOURCE


def lender_totals(contributions: Iterable[Contribution]) -> list[Contribution]:
    """Contributions summed per donor, kind, currency, stage and half-year period, each total
    dated at the newest record it includes: totals per lender, no single record."""
    groups: dict[tuple[str, str, str, Stage, int], list[Contribution]] = {}
    for c in contributions:
        key = (c.donor, kind_of(c.source), c.currency, c.stage, period_of(c.date))
        groups.setdefault(key, []).append(c)
    out = []
    for (donor, kind, currency, stage, period), group in sorted(groups.items()):
        year, half = divmod(period, 2)
        out.append(
            Contribution(
                donor,
                Category.FINANCIAL,
                stage,
                sum((c.amount_eur for c in group), Decimal("0.00")),
                max(c.date for c in group),
                f"{kind} totals {donor} {year}-H{half + 1}",
                currency,
                sum((c.own_amount for c in group), Decimal("0.00")),
            )
        )
    return out
