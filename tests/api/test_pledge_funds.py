"""A pledge's `fund` over the API: exposed on create, update and read, and held to the use
rules an import applies (issue #19 pt 4), refused with the same text and nothing saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.financing import FinanceRecords, Fund, FundContribution, MoneyUse
from pledgeflow.domain.items import Item, ItemUse, SupplyClass
from pledgeflow.service.access import Role
from tests.api.conftest import Headers

NEW = {
    "id": "P-FUND",
    "donor": "POL",
    "item": "GEN-10",
    "quantity": "1",
    "available_from": "2026-12-01",
    "origin": "DEP-POL",
}


@pytest.fixture
def funds(app: FastAPI, container: Container) -> None:
    """After `app` stored the conftest's mission: CIV (non-military only) and OPEN (any use),
    each given EUR 6,000 by Poland; a military shell worth 100 a unit beside the conftest's
    generator worth 5,400."""
    shell = Item(
        "SHELL", "Shell", SupplyClass.V, "each", Decimal(45), Decimal(100), use=ItemUse.MILITARY
    )
    day = dt.date(2026, 1, 1)
    with container.uow() as uow:
        uow.datasets.save(Dataset(items=(shell,)))
        uow.finance.save_finance(
            FinanceRecords(
                funds=(
                    Fund("CIV", "Civil fund", "DEU", use=MoneyUse.NON_MILITARY),
                    Fund("OPEN", "Open fund", "DEU"),
                ),
                fund_contributions=(
                    FundContribution("CIV", "POL", Decimal(6000), "EUR", day),
                    FundContribution("OPEN", "POL", Decimal(6000), "EUR", day),
                ),
            )
        )
        uow.commit("import")


def _errors(answer: Response) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = answer.json()["errors"]
    return errors


@pytest.mark.usefixtures("funds")
def test_a_non_military_fund_cannot_buy_a_military_item(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    headers = as_role[Role.COORDINATOR]
    body = NEW | {"item": "SHELL", "fund": "CIV"}
    answer = client.post("/pledges", headers=headers, json=body)
    assert answer.status_code == 422
    assert _errors(answer) == [
        {
            "field": "fund",
            "reason": "pledge 'P-FUND': fund 'CIV' is restricted to non-military use and item "
            "'SHELL' is marked military",
        }
    ]
    assert client.get("/pledges/P-FUND", headers=headers).status_code == 404


@pytest.mark.usefixtures("funds")
def test_a_fund_cannot_buy_more_than_its_contributions_on_create_or_update(
    client: TestClient, as_role: dict[Role, Headers]
) -> None:
    headers = as_role[Role.COORDINATOR]
    too_much = client.post(
        "/pledges", headers=headers, json=NEW | {"quantity": "2", "fund": "OPEN"}
    )
    assert too_much.status_code == 422
    assert _errors(too_much) == [
        {
            "field": "fund",
            "reason": "pledge 'P-FUND': fund 'OPEN' cannot buy more than its contributions: "
            "purchases reach 10,800.00 EUR, contributions are 6,000.00 EUR",
        }
    ]
    made = client.post("/pledges", headers=headers, json=NEW | {"fund": "OPEN"})
    assert made.status_code == 201, made.text
    assert made.json()["fund"] == "OPEN"
    version = made.headers["ETag"]
    grown = client.patch(
        "/pledges/P-FUND", headers=headers | {"If-Match": version}, json={"quantity": "2"}
    )
    assert grown.status_code == 422
    assert "cannot buy more than its contributions" in _errors(grown)[0]["reason"]
    kept = client.get("/pledges/P-FUND", headers=headers).json()
    assert (kept["quantity"], kept["fund"]) == ("1", "OPEN")
    moved = client.patch(
        "/pledges/P-FUND", headers=headers | {"If-Match": version}, json={"fund": "NOPE"}
    )
    assert moved.status_code == 422
    assert _errors(moved) == [
        {"field": "fund", "reason": "pledge 'P-FUND': no fund or facility 'NOPE'"}
    ]
    cleared = client.patch(
        "/pledges/P-FUND", headers=headers | {"If-Match": version}, json={"fund": None}
    )
    assert cleared.status_code == 200
    assert cleared.json()["fund"] is None
