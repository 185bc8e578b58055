"""`pledgeflow finance` on the shipped G7 ERA reference figures, through the real command."""

from __future__ import annotations

import csv
from pathlib import Path

from pledgeflow.adapters.exporters.finance import DEBT_SERVICE_COLUMNS, POOL_PERIOD_COLUMNS
from pledgeflow.demo import era_loans
from tests.e2e.conftest import Run

PARTIES = """code,name,roles,gdp_eur,currency
UKR,Ukraine,recipient,,UAH
USA,United States,donor;lender,,USD
CAN,Canada,donor;lender,,CAD
GBR,United Kingdom,donor;lender,,GBP
JPN,Japan,donor;lender,,JPY
DEU,Germany,donor,,EUR
NLD,Netherlands,donor,,EUR
"""


def _import_era(cli: Run, tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    (base / "parties.csv").write_text(PARTIES, encoding="utf-8")
    assert cli("import", base).exit_code == 0
    result = cli("import", era_loans.FOLDER)
    assert result.exit_code == 0, result.output


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_lapse_scenario_prints_the_first_period_with_coverage_below_one(
    cli: Run, tmp_path: Path
) -> None:
    _import_era(cli, tmp_path)
    out = tmp_path / "out"
    result = cli("finance", "pool", "ULCM", "--lapse", "2026-06-30", "--out", out)
    assert result.exit_code == 0, result.output
    assert "Baseline: first period with coverage < 1: none" in result.output
    assert "First period with coverage < 1: 2026-12-31 (coverage 0.0000)" in result.output
    periods = _rows(out / "pool_periods.csv")
    assert list(periods[0]) == POOL_PERIOD_COLUMNS
    after = [p for p in periods if p["period_end"] > "2026-06-30"]
    assert after
    assert all(p["inflows_eur"] == "0" for p in after)
    assert list(_rows(out / "debt_service.csv")[0]) == DEBT_SERVICE_COLUMNS


def test_schedule_and_exposure(cli: Run, tmp_path: Path) -> None:
    _import_era(cli, tmp_path)
    out = tmp_path / "out"
    result = cli("finance", "schedule", "--facility", "ERA-UK", "--out", out)
    assert result.exit_code == 0, result.output
    lines = _rows(out / "debt_service.csv")
    assert {line["facility"] for line in lines} == {"ERA-UK"}
    assert sum(float(line["disbursed"]) for line in lines) == 2_260_000_000
    result = cli("finance", "exposure", "--as-of", "2030-01-01")
    assert result.exit_code == 0, result.output
    assert "GBR" in result.output
    assert "USD" in result.output


def test_unknown_pool_is_a_clear_error(cli: Run, tmp_path: Path) -> None:
    _import_era(cli, tmp_path)
    result = cli("finance", "pool", "NOPE")
    assert result.exit_code == 1
    assert "pool 'NOPE' not found" in result.output
