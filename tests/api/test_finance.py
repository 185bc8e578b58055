"""Financing over the API: finance officers write records as sheet rows (checked as an
import), donor liaisons see their own nation's facilities only, everyone the pools."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party
from pledgeflow.domain.parties import Role as PartyRole
from pledgeflow.service.access import Role
from tests.api.conftest import Headers

PARTIES_AS_LENDERS = {
    "pools": [{"code": "P", "name": "Pool", "retention": "0.1"}],
    "fx_rates": [{"currency": "PLN", "date": "2024-01-01", "per_eur": "4.00"}],
}


def _facility(
    code: str, lender: str, currency: str, amount: str
) -> dict[str, list[dict[str, str]]]:
    return {
        "facilities": [
            {
                "code": code,
                "lender": lender,
                "borrower": "UKR",
                "currency": currency,
                "ceiling": amount,
                "interest_rate": "0",
                "repayment": "bullet",
                "grace_years": "0",
                "maturity_years": "1",
                "pool": "P",
            }
        ],
        "tranches": [{"facility": code, "date": "2025-02-01", "amount": amount}],
    }


def _lenders(container: Container) -> None:
    """POL and DEU become lenders too."""
    lenders = frozenset({PartyRole.DONOR, PartyRole.LENDER})
    with container.uow() as uow:
        uow.datasets.save(
            Dataset(parties=(Party("POL", "Poland", lenders), Party("DEU", "Germany", lenders)))
        )
        uow.commit("import")


def test_finance_officer_writes_and_liaison_sees_its_own_facility(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    officer = as_role[Role.FINANCE_OFFICER]
    answer = client.post("/finance/records", json={"sheets": PARTIES_AS_LENDERS}, headers=officer)
    assert answer.status_code == 200, answer.text
    assert answer.json()["added"] == {"pools": 1, "fx_rates": 1}
    refused = client.post(
        "/finance/records",
        json={"sheets": _facility("F-POL", "POL", "PLN", "400")},
        headers=officer,
    )
    assert refused.status_code == 422
    assert "no party with the role lender 'POL'" in refused.text
    assert client.get("/finance/debt-service", headers=officer).json() == {"lines": []}


def test_donor_liaison_may_not_write_finance_records(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    body = {"sheets": PARTIES_AS_LENDERS}
    answer = client.post("/finance/records", json=body, headers=as_role[Role.DONOR_LIAISON])
    assert answer.status_code == 403
    client.cookies.clear()
    assert client.get("/finance/debt-service").status_code == 401
    pools = client.get("/public/finance/pools")
    assert pools.status_code == 200
    assert pools.json() == {}


def test_donor_liaison_sees_only_its_own_nations_facilities(
    app: FastAPI, container: Container, client: TestClient, as_role: dict[Role, Headers]
) -> None:
    _lenders(container)
    officer = as_role[Role.FINANCE_OFFICER]
    sheets = {**PARTIES_AS_LENDERS, **_facility("F-POL", "POL", "PLN", "400")}
    assert client.post("/finance/records", json={"sheets": sheets}, headers=officer).is_success
    other = _facility("F-DEU", "DEU", "EUR", "100")
    assert client.post("/finance/records", json={"sheets": other}, headers=officer).is_success
    liaison = as_role[Role.DONOR_LIAISON]  # Poland
    lines = client.get("/finance/debt-service", headers=liaison).json()["lines"]
    assert {line["facility"] for line in lines} == {"F-POL"}
    # 400 PLN at 4 PLN per EUR, due at maturity 2026-06-30: 100 EUR.
    assert lines[-1]["principal_eur"] == "100.00"
    hidden = client.get("/finance/debt-service?facility=F-DEU", headers=liaison)
    assert hidden.status_code == 404
    exposure = client.get("/finance/exposure", headers=liaison).json()["lenders"]
    assert [e["lender"] for e in exposure] == ["POL"]
    everyone = client.get("/finance/debt-service", headers=officer).json()["lines"]
    assert {line["facility"] for line in everyone} == {"F-POL", "F-DEU"}
