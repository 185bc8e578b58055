"""`pledgeflow tracker …`, `export-iati` and `report` end to end: targets and course values
set, the IATI file written and valid, the report written; mistakes end with one clear line and
exit code 1, and change nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.pledges import PledgeStatus
from tests.e2e.conftest import Run
from tests.e2e.test_cli_training import imported, wide_console, words

__all__ = ["wide_console"]  # its autouse fixture widens the console here too
from tests.integration.test_transparency import SCHEMA, hand_dataset


def _importable(dataset: Dataset) -> Dataset:
    """The import refuses a pledge marked delivered with no shipment behind it (only recorded
    shipments deliver): here that pledge comes in allocated."""
    pledges = tuple(
        replace(p, status=PledgeStatus.ALLOCATED) if p.status is PledgeStatus.DELIVERED else p
        for p in dataset.pledges
    )
    return replace(dataset, pledges=pledges)


def test_target_export_and_report(cli: Run, tmp_path: Path) -> None:
    write_dataset(_importable(hand_dataset(restricted=True)), tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    result = cli(
        "tracker", "target", "2026", "--from", "2026-01-01", "--to", "2026-12-31",
        "--amount-eur", "5000",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Target 2026 set." in result.output
    result = cli("export-iati", tmp_path / "iati.xml", "--donor", "NOR")
    assert result.exit_code == 0, result.output
    assert "Wrote 1 activities" in result.output
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(etree.parse(str(tmp_path / "iati.xml")))
    result = cli("report", "--out", tmp_path / "report.html", "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Burden sharing: the public tracker" in html
    assert "Contributed against fair share (EUR)" in html
    assert "Norway" in html
    assert "P-SECRET" not in html


def test_mistakes_are_one_line_and_change_nothing(cli: Run, tmp_path: Path) -> None:
    imported(cli, tmp_path)
    result = cli("tracker", "target", "2026", "--from", "2026-12-31", "--to", "2026-01-01",
                 "--gdp-share", "0.001")  # fmt: skip
    assert result.exit_code == 1
    assert "fair-share target '2026': end: 2026-01-01 is before the start 2026-12-31" in words(
        result.output
    )
    result = cli("tracker", "target", "2026", "--from", "2026-01-01", "--to", "2026-12-31")
    assert result.exit_code == 1
    assert "give either an amount or a share of GDP" in words(result.output)
    result = cli("tracker", "course-value", "NOPE", "100")
    assert result.exit_code == 1
    assert "course 'NOPE' does not exist" in words(result.output)
    result = cli("tracker", "course-value", "MED", "12.345")
    assert result.exit_code == 1
    assert "value_per_seat_eur: has more than 2 decimal places" in words(result.output)
    assert cli("tracker", "course-value", "MED", "1200").exit_code == 0
    result = cli("export-iati", tmp_path / "x.xml", "--donor", "XXX")
    assert result.exit_code == 1
    assert "donor 'XXX' does not exist" in words(result.output)
    assert not (tmp_path / "x.xml").exists()


def test_a_period_name_must_be_safe_in_urls_and_files(cli: Run) -> None:
    result = cli("tracker", "target", "<b>2026", "--from", "2026-01-01", "--to", "2026-12-31",
                 "--amount-eur", "1")  # fmt: skip
    assert result.exit_code == 1
    assert "period: must be 1 to 32 letters, digits" in words(result.output)
