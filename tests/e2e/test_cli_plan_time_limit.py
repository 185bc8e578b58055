"""`pledgeflow plan --time-limit`: a plan cut short is still stored, verified, and says so."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.demo.generator import generate
from tests.e2e.conftest import Run


def test_a_plan_stopped_by_its_time_limit_states_its_gap(cli: Run, tmp_path: Path) -> None:
    data = generate(
        requirements=150,
        pledges=150,
        hubs=3,
        horizon_days=60,
        seed=7,
        as_of=dt.date(2026, 11, 2),
    )
    write_dataset(data, tmp_path / "data")
    assert cli("import", tmp_path / "data").exit_code == 0
    made = cli("plan", "--as-of", "2026-11-02", "--horizon-days", "60", "--time-limit", "0")
    assert made.exit_code == 0, made.output
    text = " ".join(made.output.split())
    assert "Plan 1 (draft)" in text
    assert "% of the best possible plan" in text  # the planners' words (issue 14)
    assert "time limit reached" in text
    shown = cli("plan", "show", "1")
    assert shown.exit_code == 0, shown.output
    assert "% of the best possible plan" in " ".join(shown.output.split())
