"""The demo's what-if part: the largest donor withdraws, then every donor in turn.

Both run on the records as they stand after the simulated deliveries, at the re-plan's date
and horizon, with the approved plan as reference, exactly as `pledgeflow scenario run` and
`scenario sweep --each-donor` would; their CSV files go beside the report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

from pledgeflow.adapters.reports.documents import Section
from pledgeflow.adapters.reports.scenario_sections import scenario_section, sweep_section
from pledgeflow.bootstrap import Container
from pledgeflow.cli.context import console, user_errors
from pledgeflow.cli.scenarios import print_result, print_sweep
from pledgeflow.demo.generator import DEMO_AS_OF, DEMO_HORIZON_DAYS
from pledgeflow.domain.scenarios import Snapshot, Withdraw
from pledgeflow.service import scenarios
from pledgeflow.service.scenario_reports import (
    CLI_VIEWER,
    case_asks,
    visible_concentration,
    write_result,
    write_sweep,
)
from pledgeflow.service.scenario_runs import run_tasks

# Each what-if plan may optimise this long; a plan stopped by it states its gap.
DEMO_SCENARIO_TIME_LIMIT_S = 30.0
WORKERS = 2


def largest_donor(snapshot: Snapshot) -> str:
    """The donor holding the most undispatched firm units."""
    dispatched = snapshot.dispatched(snapshot.as_of)
    units: Counter[str] = Counter()
    for pledge in snapshot.dataset.pledges:
        if pledge.is_plannable:
            units[pledge.donor] += int(max(pledge.quantity - dispatched[pledge.id], Decimal(0)))
    return units.most_common(1)[0][0]


def scenario_sections(app: Container, directory: Path, days_later: int) -> list[Section]:
    today = DEMO_AS_OF + dt.timedelta(days=days_later)
    horizon = DEMO_HORIZON_DAYS - days_later
    options = scenarios.RunOptions(today, horizon, DEMO_SCENARIO_TIME_LIMIT_S)
    with user_errors():
        snapshot, _ = scenarios.load_snapshot(app.uow(), options)
        donor = largest_donor(snapshot)
        console.print(f"\n[bold]What if {donor} withdraws?[/]")
        with console.status(f"planning the baseline and the withdrawal of {donor}"):
            result = scenarios.run_scenario(
                app.uow(), [Withdraw(donor)], options, runner=lambda t: run_tasks(t, WORKERS)
            )
        print_result(result)
        write_result(result, directory / "scenario")
        console.print("\n[bold]Donor exposure: each donor withdraws in turn[/]")
        with console.status("planning one withdrawal per donor"):
            swept = scenarios.sweep(app.uow(), options, runner=lambda t: run_tasks(t, WORKERS))
        print_sweep(swept)
        write_sweep(swept, directory / "exposure")
    shown = result.diff.requirements
    return [
        scenario_section(
            f"What if {donor} withdraws on {today}?",
            result.diff.tiers,
            shown,
            result.diff.weighted_loss,
            case_asks(result.scenario, CLI_VIEWER),
        ),
        sweep_section(swept.ranking, visible_concentration(swept, CLI_VIEWER)),
    ]
