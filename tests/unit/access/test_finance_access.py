"""The finance officer role and the financing scope, in the one central access policy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from pledgeflow.domain.financing import (
    Facility,
    FinanceRecords,
    FundContribution,
    Repayment,
    Tranche,
)
from pledgeflow.service.access import (
    Action,
    Principal,
    Resource,
    Role,
    allowed,
    finance_in_scope,
    sees_all,
)


def _facility(code: str, lender: str) -> Facility:
    return Facility(code, lender, "UKR", "EUR", D(100), D(0), Repayment.BULLET, D(0), D(1))


RECORDS = FinanceRecords(
    facilities=(_facility("F-US", "USA"), _facility("F-UK", "GBR")),
    tranches=(
        Tranche("F-US", dt.date(2025, 1, 1), D(10)),
        Tranche("F-UK", dt.date(2025, 1, 1), D(20)),
    ),
    fund_contributions=(
        FundContribution("PURL", "USA", D(5), "EUR", dt.date(2025, 1, 1)),
        FundContribution("PURL", "NLD", D(7), "EUR", dt.date(2025, 1, 1)),
    ),
)


@pytest.mark.parametrize("action", [Action.READ, Action.CREATE, Action.UPDATE])
def test_finance_officer_sees_and_edits_finance_records(action: Action) -> None:
    officer = Principal("fo", Role.FINANCE_OFFICER)
    assert allowed(officer, action, Resource.FINANCE)
    assert finance_in_scope(officer, RECORDS) == RECORDS


def test_finance_officer_reads_public_pledges_only_and_changes_none() -> None:
    officer = Principal("fo", Role.FINANCE_OFFICER)
    assert allowed(officer, Action.READ, Resource.PLEDGES)
    assert not allowed(officer, Action.UPDATE, Resource.PLEDGES)
    assert not allowed(officer, Action.CREATE, Resource.REQUIREMENTS)
    assert not sees_all(Role.FINANCE_OFFICER, Resource.PLEDGES)
    assert not sees_all(Role.FINANCE_OFFICER, Resource.REQUIREMENTS)


def test_donor_liaison_sees_its_own_facilities_and_contributions_only() -> None:
    liaison = Principal("us", Role.DONOR_LIAISON, party="USA")
    assert allowed(liaison, Action.READ, Resource.FINANCE)
    assert not allowed(liaison, Action.CREATE, Resource.FINANCE)
    seen = finance_in_scope(liaison, RECORDS)
    assert [f.code for f in seen.facilities] == ["F-US"]
    assert [t.facility for t in seen.tranches] == ["F-US"]
    assert [c.contributor for c in seen.fund_contributions] == ["USA"]


@pytest.mark.parametrize("role", [Role.PUBLIC, Role.HUB_OPERATOR, Role.RECIPIENT_OFFICER])
def test_others_see_no_single_finance_record(role: Role) -> None:
    principal = Principal("x", role)
    assert not allowed(principal, Action.READ, Resource.FINANCE)
    assert finance_in_scope(principal, RECORDS) == FinanceRecords()


def test_coordinator_edits_and_auditor_only_reads() -> None:
    assert allowed(Principal("c", Role.COORDINATOR), Action.UPDATE, Resource.FINANCE)
    auditor = Principal("a", Role.AUDITOR)
    assert allowed(auditor, Action.READ, Resource.FINANCE)
    assert not allowed(auditor, Action.UPDATE, Resource.FINANCE)
    assert finance_in_scope(auditor, RECORDS) == RECORDS
