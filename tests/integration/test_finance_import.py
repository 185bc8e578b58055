"""Financing sheets import all or nothing, and the use rules refuse pledges by record and reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pledgeflow.bootstrap import Container
from pledgeflow.service import finance
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.errors import Rejected
from pledgeflow.service.interchange import import_path

SHEETS = {
    "parties": "code,name,roles\nUKR,Ukraine,recipient\nNLD,Netherlands,donor\n"
    "NATO,NATO,fund_manager\nUSA,United States,donor;lender\n",
    "items": "code,name,supply_class,unit,unit_mass_kg,unit_value_eur,use\n"
    "SHELL,Shell 155mm,V,each,45,3000,military\nGEN,Generator,VII,each,500,10000,civil\n",
    "sites": "code,name,kind,country\nDEP,Depot,depot,NLD\n",
    "funds": "code,name,manager,currency,use\nCIV,Civil fund,NATO,EUR,non_military\n",
    "fund_contributions": "fund,contributor,amount,currency,date\nCIV,NLD,50000,EUR,2025-01-01\n",
    "pools": "code,name,retention\nP,Pool,0.1\n",
    "facilities": "code,lender,borrower,currency,ceiling,interest_rate,repayment,grace_years,"
    "maturity_years,use,pool\nF1,USA,UKR,USD,1000,0.04,linear,0,1,non_military,P\n",
    "tranches": "facility,date,amount,status\nF1,2025-01-10,1000,disbursed\n",
    "fx_rates": "currency,date,per_eur\nUSD,2024-01-01,1.25\n",
    "revenue_inflows": "pool,date,amount_eur\nP,2025-09-01,700\n",
}


def _folder(tmp_path: Path, pledges: str, **changes: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    header = "id,donor,item,quantity,available_from,origin,status,value_eur,fund\n"
    for name, text in {**SHEETS, **changes, "pledges": header + pledges}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def _refusals(container: Container, folder: Path) -> list[str]:
    with pytest.raises(Rejected) as refused:
        import_path(container.uow(), folder)
    return [str(p) for p in refused.value.problems]


def test_a_non_military_fund_cannot_buy_a_military_item(
    container: Container, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, "PL1,NLD,SHELL,10,2025-02-01,DEP,committed,30000,CIV\n")
    assert _refusals(container, folder) == [
        "pledges, row 2, column fund ('CIV'): pledge 'PL1': fund 'CIV' is restricted to "
        "non-military use and item 'SHELL' is marked military"
    ]
    assert finance.load_records(container.uow()).funds == ()


def test_a_non_military_facility_cannot_buy_a_military_item(
    container: Container, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, "PL1,NLD,SHELL,1,2025-02-01,DEP,committed,3000,F1\n")
    assert _refusals(container, folder) == [
        "pledges, row 2, column fund ('F1'): pledge 'PL1': facility 'F1' is restricted to "
        "non-military use and item 'SHELL' is marked military"
    ]


def test_a_fund_cannot_buy_more_than_its_contributions(
    container: Container, tmp_path: Path
) -> None:
    pledges = (
        "PL1,NLD,GEN,4,2025-02-01,DEP,committed,,CIV\nPL2,NLD,GEN,2,2025-02-01,DEP,committed,,CIV\n"
    )
    assert _refusals(container, _folder(tmp_path, pledges)) == [
        "pledges, row 3, column fund ('CIV'): pledge 'PL2': fund 'CIV' cannot buy more than its "
        "contributions: purchases reach 60,000.00 EUR, contributions are 50,000.00 EUR"
    ]


def test_tranches_beyond_the_ceiling_and_dangling_references_are_named(
    container: Container, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path,
        "",
        tranches="facility,date,amount\nF1,2025-01-10,900\nF1,2025-07-10,200\nF9,2025-01-01,5\n",
    )
    found = _refusals(container, folder)
    ceiling = (
        "tranches, row 3, column amount ('200'): facility 'F1''s tranches add up to 1,100, "
        "more than its ceiling 1,000"
    )
    assert ceiling in found
    assert "tranches, row 4, column facility ('F9'): no facility 'F9'" in found


def test_allowed_purchases_import_and_the_figures_follow(
    container: Container, tmp_path: Path
) -> None:
    folder = _folder(tmp_path, "PL1,NLD,GEN,5,2025-02-01,DEP,committed,,CIV\n")
    import_path(container.uow(), folder)
    with container.uow() as uow:
        assert uow.datasets.list("pledges", {"id": "PL1"})[0].fund == "CIV"
    officer = Principal("fo", Role.FINANCE_OFFICER)
    lines = finance.schedule(container.uow(), officer)
    # 1000 USD at 4 %, linear over the 2 periods after 2025-H1, 1.25 USD per EUR. 2025-H2:
    # interest 20 USD (16 EUR) + principal 500 USD (400 EUR) = 416 EUR due; inflow 700,
    # 70 retained, 630 available: 214 EUR repay early = 267.50 USD, leaving 232.50 USD.
    # 2026-H1: 232.50 USD principal (186 EUR) + 4.65 USD interest (3.72 EUR) = 189.72 due,
    # nothing comes in, the buffer's 70 is drawn: 119.72 EUR in arrears.
    assert [(str(ln.period_end), ln.principal, ln.early_repayment) for ln in lines] == [
        ("2025-06-30", Decimal("0.00"), Decimal("0.00")),
        ("2025-12-31", Decimal("500.00"), Decimal("267.50")),
        ("2026-06-30", Decimal("232.50"), Decimal("0.00")),
    ]
    exposure = finance.exposure(container.uow(), officer, dt.date(2026, 12, 31))
    assert [(e.lender, e.arrears_eur) for e in exposure] == [("USA", Decimal("119.72"))]


def test_overlong_and_control_characters_are_refused_by_name(
    container: Container, tmp_path: Path
) -> None:
    long_code = "P" * 65
    folder = _folder(tmp_path, "", pools=f"code,name\n{long_code},Pool\nQ,Bad\x01name\n")
    found = _refusals(container, folder)
    assert f"pools, row 2, column code ('{'P' * 40}'): longer than 64 characters" in found
    assert (
        "pools, row 3, column name ('Bad\\x01name'): blank, or holds a control character" in found
    )
