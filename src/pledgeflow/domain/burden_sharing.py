"""Burden sharing: who committed, allocated and delivered what, in EUR, by category and month.

Every figure is a sum of `Contribution`s, one per record and stage, each with the date that
places it in time, so totals, monthly series and fair-share periods are the same sums cut
differently and can never disagree. A donor's share of GDP is value / `gdp_eur`; a fair share
is a period's group target × the donor's share of the group's GDP (DESIGN §1.7).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum


class Category(StrEnum):
    IN_KIND = "in_kind_military"
    FINANCIAL = "financial"
    TRAINING = "training"


class Stage(StrEnum):
    COMMITTED = "committed"
    ALLOCATED = "allocated"
    DELIVERED = "delivered"


CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True, slots=True)
class Contribution:
    """One record's value at one stage: `source` names the record (e.g. "pledge P-1").
    A record in another currency (a loan tranche) also keeps its own `amount` and
    `currency`, which the IATI file reports; every sum here is in EUR."""

    donor: str
    category: Category
    stage: Stage
    amount_eur: Decimal
    date: dt.date
    source: str
    currency: str = "EUR"
    amount: Decimal | None = None

    @property
    def own_amount(self) -> Decimal:
        return self.amount_eur if self.amount is None else self.amount


@dataclass(frozen=True, slots=True)
class Donor:
    code: str
    name: str
    gdp_eur: Decimal | None


@dataclass(frozen=True, slots=True)
class DonorFigures:
    """EUR per (category, stage); `share_of_gdp` per stage over all categories."""

    donor: Donor
    amounts: dict[tuple[Category, Stage], Decimal]

    def amount(self, category: Category | None, stage: Stage) -> Decimal:
        if category is None:
            return sum((self.amounts.get((c, stage), Decimal(0)) for c in Category), Decimal(0))
        return self.amounts.get((category, stage), Decimal(0))

    def share_of_gdp(self, stage: Stage) -> Decimal | None:
        gdp = self.donor.gdp_eur
        return None if not gdp else self.amount(None, stage) / gdp


@dataclass(frozen=True, slots=True)
class MonthFigures:
    month: str
    amounts: dict[Stage, Decimal]
    cumulative: dict[Stage, Decimal]


@dataclass(frozen=True, slots=True)
class BurdenSharing:
    donors: list[DonorFigures]
    months: list[MonthFigures]
    newest_record: dt.date | None
    records: int


def tally(donors: Sequence[Donor], contributions: Iterable[Contribution]) -> BurdenSharing:
    """Per donor by category and stage, and month by month; donors without contributions
    still appear (with zeros), so a donor that gave nothing is visible as such."""
    amounts: dict[str, dict[tuple[Category, Stage], Decimal]] = {d.code: {} for d in donors}
    by_month: dict[str, dict[Stage, Decimal]] = defaultdict(dict)
    newest: dt.date | None = None
    count = 0
    for c in contributions:
        cell = amounts.setdefault(c.donor, {})
        cell[(c.category, c.stage)] = cell.get((c.category, c.stage), Decimal(0)) + c.amount_eur
        month = by_month[f"{c.date.year:04d}-{c.date.month:02d}"]
        month[c.stage] = month.get(c.stage, Decimal(0)) + c.amount_eur
        newest = c.date if newest is None or c.date > newest else newest
        count += 1
    known = {d.code: d for d in donors}
    figures = [
        DonorFigures(known.get(code, Donor(code, code, None)), cell)
        for code, cell in amounts.items()
    ]
    figures.sort(key=lambda f: (-f.amount(None, Stage.COMMITTED), f.donor.code))
    return BurdenSharing(figures, _months(by_month), newest, count)


def _months(by_month: dict[str, dict[Stage, Decimal]]) -> list[MonthFigures]:
    """Every month from the first to the last, gaps filled with zeros, with running totals."""
    if not by_month:
        return []
    first, last = min(by_month), max(by_month)
    running = dict.fromkeys(Stage, Decimal(0))
    months = []
    year, month = int(first[:4]), int(first[5:])
    while f"{year:04d}-{month:02d}" <= last:
        label = f"{year:04d}-{month:02d}"
        here = {s: by_month.get(label, {}).get(s, Decimal(0)) for s in Stage}
        running = {s: running[s] + here[s] for s in Stage}
        months.append(MonthFigures(label, here, dict(running)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True, slots=True)
class Target:
    """A period's group target: a yearly-style amount in EUR, or a share of the group's GDP;
    contributions at `stage` dated within [start, end] count against it."""

    period: str
    start: dt.date
    end: dt.date
    amount_eur: Decimal | None = None
    gdp_share: Decimal | None = None
    stage: Stage = Stage.DELIVERED

    def group_target(self, group_gdp: Decimal) -> Decimal:
        if self.amount_eur is not None:
            return self.amount_eur
        return (self.gdp_share or Decimal(0)) * group_gdp


@dataclass(frozen=True, slots=True)
class FairShare:
    period: str
    donor: Donor
    gdp_share_of_group: Decimal
    fair_share_eur: Decimal
    contributed_eur: Decimal

    @property
    def balance_eur(self) -> Decimal:
        """Positive: ahead of the fair share by that much; negative: behind."""
        return self.contributed_eur - self.fair_share_eur

    @property
    def standing(self) -> str:
        return "ahead" if self.balance_eur >= 0 else "behind"


def fair_shares(
    target: Target, donors: Sequence[Donor], contributions: Iterable[Contribution]
) -> list[FairShare]:
    """The group is every donor with a GDP; a donor without one has no share to be held to."""
    group = [d for d in donors if d.gdp_eur]
    group_gdp = sum((d.gdp_eur or Decimal(0) for d in group), Decimal(0))
    if not group_gdp:
        return []
    total = target.group_target(group_gdp)
    given: dict[str, Decimal] = defaultdict(Decimal)
    for c in contributions:
        if c.stage is target.stage and target.start <= c.date <= target.end:
            given[c.donor] += c.amount_eur
    rows = []
    for d in group:
        share = (d.gdp_eur or Decimal(0)) / group_gdp
        rows.append(FairShare(target.period, d, share, cents(total * share), cents(given[d.code])))
    rows.sort(key=lambda r: (r.balance_eur, r.donor.code))
    return rows
