"""Use rules for money that buys pledges (issue #19, DESIGN §6 `pledges.fund`).

A pledge's `fund` names the fund or facility whose money bought it. Money restricted to
non-military use may not buy an item marked military, and a fund may not buy more than its
contributions (both in EUR: a purchase at the pledge's value, or the item's unit value times
the quantity; a contribution at the rate of its date). Withdrawn pledges buy nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal

from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.finance_periods import RateBook
from pledgeflow.domain.financing import FinanceRecords, MoneyUse, cents
from pledgeflow.domain.items import Item, ItemUse
from pledgeflow.domain.pledges import Pledge, PledgeStatus


@dataclass(frozen=True, slots=True)
class Refusal:
    """A pledge the rules refuse, with the field and the reason."""

    pledge: str
    field: str
    value: str | None
    reason: str


def purchase_value_eur(pledge: Pledge, items: Mapping[str, Item]) -> Decimal | None:
    if pledge.value_eur is not None:
        return pledge.value_eur
    item = items.get(pledge.item)
    if item is None or item.unit_value_eur is None:
        return None
    return cents(item.unit_value_eur * pledge.quantity)


def contributions_eur(records: FinanceRecords) -> dict[str, Decimal]:
    """Each fund's contributions in EUR, each at the rate of its date, to the cent."""
    rates = RateBook.of(records.fx_rates)
    totals = {fund.code: Decimal("0.00") for fund in records.funds}
    for c in records.fund_contributions:
        try:
            amount = cents(c.amount / rates.per_eur(c.currency, c.date))
        except DomainError:
            amount = Decimal("0.00")
        totals[c.fund] = totals.get(c.fund, Decimal("0.00")) + amount
    return totals


def purchase_refusals(
    pledges: Iterable[Pledge], items: Mapping[str, Item], records: FinanceRecords
) -> list[Refusal]:
    """Every pledge bought against the rules, in pledge order; empty when all are allowed."""
    uses = {f.code: ("fund", f.use) for f in records.funds}
    uses.update({f.code: ("facility", f.use) for f in records.facilities})
    limits = contributions_eur(records)
    spent: dict[str, Decimal] = {}
    refused: list[Refusal] = []
    for pledge in sorted(pledges, key=lambda p: p.id):
        if pledge.fund is None or pledge.status is PledgeStatus.WITHDRAWN:
            continue
        found = uses.get(pledge.fund)
        if found is None:
            reason = f"no fund or facility {pledge.fund!r}"
            refused.append(Refusal(pledge.id, "fund", pledge.fund, reason))
            continue
        kind, use = found
        item = items.get(pledge.item)
        if use is MoneyUse.NON_MILITARY and item is not None and item.use is ItemUse.MILITARY:
            reason = (
                f"{kind} {pledge.fund!r} is restricted to non-military use and item "
                f"{pledge.item!r} is marked military"
            )
            refused.append(Refusal(pledge.id, "fund", pledge.fund, reason))
        if kind == "fund":
            refused += _over_contributions(pledge, items, limits, spent)
    return refused


def _over_contributions(
    pledge: Pledge,
    items: Mapping[str, Item],
    limits: Mapping[str, Decimal],
    spent: dict[str, Decimal],
) -> list[Refusal]:
    fund = pledge.fund or ""
    value = purchase_value_eur(pledge, items)
    if value is None:
        reason = f"a purchase by fund {fund!r} needs value_eur or the item's unit_value_eur"
        return [Refusal(pledge.id, "value_eur", None, reason)]
    spent[fund] = spent.get(fund, Decimal("0.00")) + value
    if spent[fund] <= limits.get(fund, Decimal("0.00")):
        return []
    reason = (
        f"fund {fund!r} cannot buy more than its contributions: purchases reach "
        f"{spent[fund]:,.2f} EUR, contributions are {limits.get(fund, Decimal(0)):,.2f} EUR"
    )
    return [Refusal(pledge.id, "fund", fund, reason)]


def contribution_shares(records: FinanceRecords, contributor: str) -> dict[str, Decimal]:
    """Per fund, the fraction of its contributions (in EUR) that `contributor` gave."""
    rates = RateBook.of(records.fx_rates)
    given: dict[str, Decimal] = {}
    for c in records.fund_contributions:
        if c.contributor == contributor:
            amount = cents(c.amount / rates.per_eur(c.currency, c.date))
            given[c.fund] = given.get(c.fund, Decimal(0)) + amount
    totals = contributions_eur(records)
    return {fund: amount / totals[fund] for fund, amount in given.items() if totals.get(fund)}


def withdraw_fund_share(
    pledges: Iterable[Pledge],
    items: Mapping[str, Item],
    records: FinanceRecords,
    donor: str,
) -> tuple[Pledge, ...]:
    """The pledges as they stand if `donor` withdraws its fund contributions: each pledge a
    fund bought keeps (1 − the donor's share of that fund) of its quantity, rounded down to
    the unit for indivisible items and to storage's 3 places otherwise; a pledge left with
    nothing is withdrawn. This is the fund part of the materiel scenario "withdraw DONOR"."""
    shares = contribution_shares(records, donor)
    changed: list[Pledge] = []
    for pledge in pledges:
        share = shares.get(pledge.fund or "")
        if share is None or pledge.status is PledgeStatus.WITHDRAWN:
            changed.append(pledge)
            continue
        item = items.get(pledge.item)
        step = Decimal(1) if item is not None and not item.divisible else Decimal("0.001")
        kept = (pledge.quantity * (1 - share)).quantize(step, rounding=ROUND_DOWN)
        if kept <= 0:
            changed.append(replace(pledge, status=PledgeStatus.WITHDRAWN))
        else:
            changed.append(replace(pledge, quantity=kept))
    return tuple(changed)
