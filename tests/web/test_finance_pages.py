"""The financing page: aggregates for everyone, lender figures only for roles that read finance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pledgeflow.bootstrap import Container
from pledgeflow.demo import era_loans
from pledgeflow.service.access import Role as AccessRole
from pledgeflow.service.interchange import import_path
from tests.web.chart_data import assert_matches, downloads

PARTIES = """code,name,roles
UKR,Ukraine,recipient
USA,United States,donor;lender
CAN,Canada,donor;lender
GBR,United Kingdom,donor;lender
JPN,Japan,donor;lender
NLD,Netherlands,donor
"""


def _era(container: Container, tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "parties.csv").write_text(PARTIES, encoding="utf-8")
    import_path(container.uow(), base, update=True)
    import_path(container.uow(), era_loans.FOLDER)


Browse = Callable[[AccessRole], tuple[TestClient, str]]


def test_everyone_sees_the_pools_coverage_but_not_the_lenders(
    app: FastAPI, container: Container, tmp_path: Path
) -> None:
    _era(container, tmp_path)
    answer = TestClient(app, base_url="https://testserver").get("/ui/finance?pool=ULCM")
    assert answer.status_code == 200, answer.text
    assert "Coverage per period, pool ULCM" in answer.text
    assert "Outstanding by lender per period" not in answer.text
    assert "Lender exposure" not in answer.text
    charts = downloads(TestClient(app, base_url="https://testserver"), answer.text)
    assert list(charts) == ["chart-coverage-per-period-pool-ulcm-capped-at-3"]


def test_a_finance_officer_sees_lenders_and_a_lapse_against_the_baseline(
    app: FastAPI, container: Container, browse: Browse, tmp_path: Path
) -> None:
    _era(container, tmp_path)
    client, _ = browse(AccessRole.FINANCE_OFFICER)
    answer = client.get("/ui/finance", params={"pool": "ULCM", "lapse": "2026-06-30"})
    assert answer.status_code == 200, answer.text
    assert "Outstanding by lender per period, stacked" in answer.text
    assert "under the scenario:\n  <strong>2026-12-31 (coverage 0.0000)" in answer.text
    assert "<td>USA</td><td>USD</td>" in answer.text


def test_a_donor_liaison_sees_only_its_own_nations_facilities(
    app: FastAPI, container: Container, browse: Browse, tmp_path: Path
) -> None:
    _era(container, tmp_path)
    client, _ = browse(AccessRole.DONOR_LIAISON)  # Poland: lends nothing here
    answer = client.get("/ui/finance")
    assert answer.status_code == 200, answer.text
    assert "Outstanding by lender per period" not in answer.text
    assert "<td>USA</td>" not in answer.text
    slug = "outstanding-by-lender-per-period-stacked-eur-bn"
    assert client.get(f"/ui/finance/charts/{slug}.csv").status_code == 404


def test_a_malformed_scenario_is_named(app: FastAPI, container: Container, tmp_path: Path) -> None:
    _era(container, tmp_path)
    client = TestClient(app, base_url="https://testserver")
    answer = client.get("/ui/finance", params={"pool": "ULCM", "inflows": "half"})
    assert answer.status_code == 422
    assert "scenario:" in answer.text


def test_lenders_are_stacked_per_period_and_every_chart_serves_its_rows(
    app: FastAPI, container: Container, browse: Browse, tmp_path: Path
) -> None:
    """Issue 19: disbursed and outstanding by lender over time, stacked, one series per
    lender; issue 20: each chart's CSV holds one column per series and one row per period."""
    _era(container, tmp_path)
    client, _ = browse(AccessRole.FINANCE_OFFICER)
    answer = client.get("/ui/finance", params={"pool": "ULCM", "lapse": "2026-06-30"})
    assert answer.status_code == 200, answer.text
    charts = downloads(client, answer.text)
    outstanding = charts["chart-outstanding-by-lender-per-period-stacked-eur-bn"]
    disbursed = charts["chart-disbursed-by-lender-per-period-stacked-eur-bn"]
    coverage = charts["chart-coverage-per-period-pool-ulcm-capped-at-3"]
    for chart, rows in charts.values():
        assert_matches(chart, rows)
    assert len(charts) == 3
    lenders = outstanding[0].series
    assert lenders == ["CAN", "EU", "GBR", "JPN", "USA"]
    assert disbursed[0].series == lenders
    assert 'class="graph stackedbar-graph vertical"' in answer.text
    assert coverage[0].series == ["baseline", "scenario", "1.0"]
    assert len(coverage[1]) - 1 == answer.text.count("<tr><td>20")
