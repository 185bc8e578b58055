"""Use rules and the fund part of "withdraw DONOR", on records alone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from pledgeflow.domain.financing import FinanceRecords, Fund, FundContribution, FxRate
from pledgeflow.domain.fund_purchases import purchase_refusals, withdraw_fund_share
from pledgeflow.domain.items import Item, ItemUse, SupplyClass
from pledgeflow.domain.pledges import Pledge, PledgeStatus

DAY = dt.date(2025, 1, 1)
ITEMS = {
    "SHELL": Item(
        "SHELL", "Shell", SupplyClass.V, "each", D(45), D(3000), False, use=ItemUse.MILITARY
    ),
    "FUEL": Item("FUEL", "Fuel", SupplyClass.III, "l", D("0.8"), D(1), True, use=ItemUse.DUAL),
}
# PURL: 600 EUR from NLD and 440 USD = 400 EUR from USA (1.10 USD per EUR): NLD gives 60 %.
RECORDS = FinanceRecords(
    funds=(Fund("PURL", "PURL", "NATO"),),
    fund_contributions=(
        FundContribution("PURL", "NLD", D(600), "EUR", DAY),
        FundContribution("PURL", "USA", D(440), "USD", DAY),
    ),
    fx_rates=(FxRate("USD", DAY, D("1.10")),),
)


def _pledge(pid: str, item: str, quantity: str, fund: str | None = "PURL") -> Pledge:
    return Pledge(pid, "POL", item, D(quantity), DAY, "DEP", PledgeStatus.COMMITTED, fund=fund)


def test_withdrawing_a_contributor_removes_its_share_of_what_the_fund_bought() -> None:
    pledges = [
        _pledge("A", "SHELL", "7"),
        _pledge("B", "FUEL", "1000"),
        _pledge("C", "FUEL", "5", None),
    ]
    after = withdraw_fund_share(pledges, ITEMS, RECORDS, "NLD")
    # 40 % stays: 7 shells → 2.8 → 2 whole shells; 1000 l → 400 l; C was not bought by a fund.
    assert [(p.id, p.quantity, p.status) for p in after] == [
        ("A", D(2), PledgeStatus.COMMITTED),
        ("B", D("400.000"), PledgeStatus.COMMITTED),
        ("C", D(5), PledgeStatus.COMMITTED),
    ]


def test_a_purchase_whittled_to_nothing_is_withdrawn() -> None:
    after = withdraw_fund_share([_pledge("A", "SHELL", "1")], ITEMS, RECORDS, "NLD")
    assert after[0].status is PledgeStatus.WITHDRAWN


def test_contributions_count_in_eur_at_their_rate() -> None:
    # 1000 EUR in all: a pledge valued 900 EUR and 100 l of fuel at 1 EUR fit exactly.
    within = [
        _pledge("A", "FUEL", "100"),
        Pledge("B", "POL", "FUEL", D(800), DAY, "DEP", value_eur=D(900), fund="PURL"),
    ]
    assert purchase_refusals(within, ITEMS, RECORDS) == []
    over = [*within, _pledge("C", "FUEL", "0.01")]
    assert [r.pledge for r in purchase_refusals(over, ITEMS, RECORDS)] == ["C"]
