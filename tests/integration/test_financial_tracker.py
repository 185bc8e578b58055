"""The tracker's financial category over stored financing records: stages, rates by date, and
what each role sees (one by one, or the public's totals per lender and period)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from pledgeflow.bootstrap import Container
from pledgeflow.domain.burden_sharing import Category, Contribution, Stage
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.financing import (
    Facility,
    FinanceRecords,
    Fund,
    FundContribution,
    FxRate,
    Repayment,
    Tranche,
    TrancheStatus,
)
from pledgeflow.domain.parties import Party, Role
from pledgeflow.service.access import ANONYMOUS, Principal
from pledgeflow.service.access import Role as AccessRole
from pledgeflow.service.tracker import financial_contributions

COORDINATOR = Principal("coordinator", AccessRole.COORDINATOR)
NORWAY = Principal("liaison", AccessRole.DONOR_LIAISON, party="NOR")


def _store(container: Container) -> None:
    """Norway lends NOK 20,000: NOK 5,000 disbursed on 15 Oct 2026 (10 NOK/EUR), NOK 6,000
    planned on 1 Mar 2027 (12 NOK/EUR from 2027). Sweden gives a fund SEK 1,100 on 1 Nov 2026
    (11 SEK/EUR)."""
    loan = Facility(
        "NOR-LOAN", "NOR", "UKR", "NOK", Decimal(20000), Decimal("0.02"),
        Repayment.BULLET, Decimal(0), Decimal(5),
    )  # fmt: skip
    parties = (
        Party("NOR", "Norway", frozenset({Role.DONOR, Role.LENDER})),
        Party("SWE", "Sweden", frozenset({Role.DONOR})),
        Party("NAT", "Fund manager", frozenset({Role.FUND_MANAGER})),
        Party("UKR", "Ukraine", frozenset({Role.RECIPIENT})),
    )
    records = FinanceRecords(
        facilities=(loan,),
        tranches=(
            Tranche("NOR-LOAN", dt.date(2026, 10, 15), Decimal(5000), TrancheStatus.DISBURSED),
            Tranche("NOR-LOAN", dt.date(2027, 3, 1), Decimal(6000), TrancheStatus.PLANNED),
        ),
        fx_rates=(
            FxRate("NOK", dt.date(2026, 1, 1), Decimal(10)),
            FxRate("NOK", dt.date(2027, 1, 1), Decimal(12)),
            FxRate("SEK", dt.date(2026, 1, 1), Decimal(11)),
        ),
        funds=(Fund("F1", "Fund one", "NAT"),),
        fund_contributions=(
            FundContribution("F1", "SWE", Decimal(1100), "SEK", dt.date(2026, 11, 1)),
        ),
    )
    with container.uow() as uow:
        uow.datasets.save(Dataset(parties=parties))
        uow.finance.save_finance(records)
        uow.commit("finance_save")


def _sums(found: list[Contribution]) -> dict[tuple[str, Stage], Decimal]:
    sums: dict[tuple[str, Stage], Decimal] = defaultdict(Decimal)
    for c in found:
        assert c.category is Category.FINANCIAL
        sums[(c.donor, c.stage)] += c.amount_eur
    return dict(sums)


def _read(container: Container, principal: Principal) -> list[Contribution]:
    with container.uow() as uow:
        return financial_contributions(uow, principal)


EXPECTED = {
    ("NOR", Stage.COMMITTED): Decimal(2000),  # the ceiling at the first tranche's rate
    ("NOR", Stage.ALLOCATED): Decimal(1000),  # 5,000 / 10 + 6,000 / 12
    ("NOR", Stage.DELIVERED): Decimal(500),  # the disbursed tranche only
    ("SWE", Stage.COMMITTED): Decimal(100),
    ("SWE", Stage.ALLOCATED): Decimal(100),
    ("SWE", Stage.DELIVERED): Decimal(100),
}


def test_coordinator_sees_each_record_in_eur_and_its_own_currency(container: Container) -> None:
    _store(container)
    found = _read(container, COORDINATOR)
    assert _sums(found) == EXPECTED
    planned = [c for c in found if c.source == "loan NOR-LOAN 2027-03-01"]
    assert [(c.stage, c.currency, c.amount, c.amount_eur) for c in planned] == [
        (Stage.ALLOCATED, "NOK", Decimal(6000), Decimal(500))
    ]


def test_public_sees_the_same_totals_per_lender_and_period_only(container: Container) -> None:
    """The public's figures add up to the same, but no contribution names a single record:
    one total per lender, kind, currency, stage and half-year."""
    _store(container)
    found = _read(container, ANONYMOUS)
    assert _sums(found) == EXPECTED
    assert all(" totals " in c.source for c in found)
    allocated = sorted((c.source, c.amount) for c in found if c.stage is Stage.ALLOCATED)
    assert allocated == [
        ("fund contribution totals SWE 2026-H2", Decimal(1100)),
        ("loan totals NOR 2026-H2", Decimal(5000)),
        ("loan totals NOR 2027-H1", Decimal(6000)),
    ]


def test_donor_liaison_sees_its_own_loan_one_by_one_and_others_in_totals(
    container: Container,
) -> None:
    _store(container)
    found = _read(container, NORWAY)
    assert _sums(found) == EXPECTED
    own = {c.source for c in found if c.donor == "NOR"}
    assert own == {"loan NOR-LOAN", "loan NOR-LOAN 2026-10-15", "loan NOR-LOAN 2027-03-01"}
    assert {c.source for c in found if c.donor == "SWE"} == {"fund contribution totals SWE 2026-H2"}
