"""The demo's what-if part: every donor withdraws in turn, then the most exposed one in detail.

Both run on the records as they stand after the simulated deliveries, at the re-plan's date
and horizon, with the approved plan as reference, exactly as `pledgeflow scenario run` and
`scenario sweep --each-donor` would; their CSV files go beside the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pledgeflow.adapters.reports.documents import Section
from pledgeflow.adapters.reports.scenario_sections import scenario_section, sweep_section
from pledgeflow.bootstrap import Container
from pledgeflow.cli.context import console, user_errors
from pledgeflow.cli.scenarios import print_result, print_sweep
from pledgeflow.demo.generator import DEMO_AS_OF, DEMO_HORIZON_DAYS
from pledgeflow.domain.scenario_diffs import Case
from pledgeflow.domain.scenarios import Withdraw
from pledgeflow.service import scenarios
from pledgeflow.service.scenario_reports import (
    CLI_VIEWER,
    case_asks,
    visible_concentration,
    write_result,
    write_sweep,
)
from pledgeflow.service.scenario_runs import ScenarioTask, run_tasks

# Each what-if plan may optimise this long; a plan stopped by it states its gap.
DEMO_SCENARIO_TIME_LIMIT_S = 10.0
WORKERS = 2


def _on_workers(tasks: Sequence[ScenarioTask]) -> list[Case]:
    return run_tasks(tasks, WORKERS)


def scenario_sections(app: Container, directory: Path, days_later: int) -> list[Section]:
    today = DEMO_AS_OF + dt.timedelta(days=days_later)
    horizon = DEMO_HORIZON_DAYS - days_later
    options = scenarios.RunOptions(today, horizon, DEMO_SCENARIO_TIME_LIMIT_S)
    with user_errors():
        console.print("\n[bold]Donor exposure: each donor withdraws in turn[/]")
        with console.status("planning one withdrawal per donor"):
            swept = scenarios.sweep(app.uow(), options, runner=_on_workers)
        print_sweep(swept)
        write_sweep(swept, directory / "exposure")
        donor = swept.ranking[0].donor
        console.print(f"\n[bold]What if {donor}, the most exposed, withdraws?[/]")
        with console.status(f"planning the baseline and the withdrawal of {donor}"):
            result = scenarios.run_scenario(
                app.uow(), [Withdraw(donor)], options, runner=_on_workers
            )
        print_result(result)
        write_result(result, directory / "scenario")
    return [
        sweep_section(swept.ranking, visible_concentration(swept, CLI_VIEWER)),
        scenario_section(
            f"What if {donor} withdraws on {today}?",
            result.diff.tiers,
            result.diff.requirements,
            result.diff.weighted_loss,
            case_asks(result.scenario, CLI_VIEWER),
        ),
    ]
