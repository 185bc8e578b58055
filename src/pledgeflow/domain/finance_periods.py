"""Half-year periods and exchange rates, the two clocks of DESIGN §6.

A period is numbered `year * 2 + half` (half 0 = 1 Jan–30 Jun, 1 = 1 Jul–31 Dec), so
"F + grace_years" is plain addition of half-years and every date so reached is a period end.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.financing import EUR, FxRate


def period_of(day: dt.date) -> int:
    return day.year * 2 + (0 if day.month <= 6 else 1)


def period_start(period: int) -> dt.date:
    year, half = divmod(period, 2)
    return dt.date(year, 7 if half else 1, 1)


def period_end(period: int) -> dt.date:
    year, half = divmod(period, 2)
    return dt.date(year, 12, 31) if half else dt.date(year, 6, 30)


@dataclass(frozen=True)
class RateBook:
    """Rates per currency by date; the rate for a day is the latest on or before it."""

    dates: dict[str, list[dt.date]]
    rates: dict[str, list[Decimal]]

    @classmethod
    def of(cls, fx_rates: Iterable[FxRate]) -> RateBook:
        dates: dict[str, list[dt.date]] = {}
        rates: dict[str, list[Decimal]] = {}
        for rate in sorted(fx_rates, key=lambda r: (r.currency, r.date)):
            dates.setdefault(rate.currency, []).append(rate.date)
            rates.setdefault(rate.currency, []).append(rate.per_eur)
        return cls(dates, rates)

    def per_eur(self, currency: str, day: dt.date) -> Decimal:
        """Units of `currency` for 1 EUR on `day`; EUR is 1."""
        if currency == EUR:
            return Decimal(1)
        position = bisect.bisect_right(self.dates.get(currency, []), day)
        if position == 0:
            raise DomainError(
                f"fx rates {currency!r}", "date", f"no rate on or before {day.isoformat()}"
            )
        return self.rates[currency][position - 1]
