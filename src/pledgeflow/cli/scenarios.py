"""`pledgeflow scenario …`: what-if scenarios: store, run, sweep every donor, list, delete."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.adapters.exporters import write_sheets
from pledgeflow.adapters.importers.raw_tables import UnreadableFile
from pledgeflow.adapters.importers.reading import read_tables
from pledgeflow.adapters.importers.scenario_changes import (
    read_scenario_changes,
    scenario_changes_sheet,
)
from pledgeflow.cli.context import console, container, option_date, user_errors
from pledgeflow.domain.scenarios import ScenarioChange, Withdraw
from pledgeflow.service import scenarios
from pledgeflow.service.access import Principal, Role
from pledgeflow.service.errors import Rejected, ServiceError
from pledgeflow.service.scenario_jobs import start_sweep_job
from pledgeflow.service.scenario_reports import (
    CLI_VIEWER,
    case_asks,
    visible_changes,
    visible_concentration,
    write_result,
    write_sweep,
)
from pledgeflow.service.scenario_runs import SCENARIO_TIME_LIMIT_S, run_tasks

SHOWN_ROWS = 30
app = typer.Typer(help="What-if scenarios: run one against the records, sweep every donor.")

AsOf = Annotated[str | None, typer.Option(help="Plan date YYYY-MM-DD (default: today).")]
Horizon = Annotated[int, typer.Option(min=1, help="Days from as-of to horizon end.")]
TimeLimit = Annotated[
    float | None,
    typer.Option(min=0.0, help="Seconds each plan may optimise; it then states its gap."),
]
Workers = Annotated[int, typer.Option(min=1, max=16, help="Processes planning in parallel.")]
Out = Annotated[Path | None, typer.Option(help="Folder for the CSV files.")]
Changes = Annotated[
    list[str] | None,
    typer.Option(
        "--change",
        "-c",
        help='A change, e.g. "withdraw USA from 2027-01-10", "delay DEU 14", "cut FRA 0.5 III",'
        ' "close HUB-RZE 2027-01-01 2027-01-07", "cap HUB-RZE 2027-01-01 2027-01-31 20",'
        ' "close DEP-X>HUB-RZE 2027-01-01 2027-01-07", "add R-NEW GEN-10 5 1 2027-02-01 DLV-X",'
        ' "priority R-7 1". Repeat for several.',
    ),
]


def _parsed(texts: list[str], withdraw: list[str]) -> tuple[ScenarioChange, ...]:
    withdrawals: tuple[ScenarioChange, ...] = tuple(Withdraw(donor) for donor in withdraw)
    return withdrawals + scenarios.parse_texts(texts, len(withdrawals) + 1)


@app.command("create")
def create_command(
    name: str,
    change: Changes = None,
    description: Annotated[str | None, typer.Option(help="What the scenario asks.")] = None,
) -> None:
    """Store a named scenario (its changes are checked against the records now)."""
    with user_errors():
        stored = scenarios.create_scenario(
            container().uow(), name, description, _parsed(change or [], [])
        )
    console.print(f"Scenario {stored.name!r} stored with {len(stored.changes)} change(s).")


@app.command("import")
def import_command(path: Path) -> None:
    """Store every scenario of a `scenario_changes` sheet (workbook, CSV file or folder)."""
    with user_errors():
        try:
            rows, problems = read_scenario_changes(read_tables(path))
        except (UnreadableFile, FileNotFoundError) as error:
            raise ServiceError(str(error)) from error
        if problems:
            raise Rejected(f"{path} cannot be imported", problems)
        entries = [(name, None, scenarios.parse_changes(found)) for name, found in rows.items()]
        made = scenarios.create_scenarios(container().uow(), entries)
    console.print(f"{len(made)} scenario(s) stored: {', '.join(s.name for s in made)}")


@app.command("export")
def export_command(path: Path) -> None:
    """Write every stored scenario as a `scenario_changes` sheet (.xlsx or CSV folder)."""
    with user_errors():
        stored = scenarios.list_scenarios(container().uow())
        try:
            write_sheets(
                {"scenario_changes": scenario_changes_sheet([(s.name, s.changes) for s in stored])},
                path,
            )
        except OSError as error:
            raise ServiceError(f"cannot write {path}: {error}") from error
    console.print(f"{len(stored)} scenario(s) written to {path}")


@app.command("list")
def list_command() -> None:
    """Stored scenarios and their changes."""
    with user_errors():
        stored = scenarios.list_scenarios(container().uow())
    table = Table("name", "changes", "created by", "created at")
    for s in stored:
        texts = "; ".join(c.text() for c in scenarios.parse_changes(s.changes))
        table.add_row(s.name, texts, s.created_by, str(s.created_at)[:19])
    console.print(table)


@app.command("delete")
def delete_command(name: str) -> None:
    """Delete a stored scenario (its runs stay in the record)."""
    with user_errors():
        scenarios.delete_scenario(container().uow(), name)
    console.print(f"Scenario {name!r} deleted.")


@app.command("run")
def run_command(
    name: Annotated[str | None, typer.Argument(help="A stored scenario.")] = None,
    withdraw: Annotated[
        list[str] | None, typer.Option(help="A one-off: withdraw this donor (repeatable).")
    ] = None,
    change: Changes = None,
    as_of: AsOf = None,
    horizon_days: Horizon = 180,
    time_limit: TimeLimit = SCENARIO_TIME_LIMIT_S,
    workers: Workers = 1,
    out: Out = None,
) -> None:
    """Plan the baseline and the scenario alike and show what the scenario costs."""
    with user_errors():
        options = scenarios.RunOptions(option_date(as_of), horizon_days, time_limit)
        built = container()
        changes = _parsed(change or [], withdraw or [])
        if name is not None:
            changes = scenarios.stored_changes(built.uow(), name) + changes
        with console.status("planning the baseline and the scenario"):
            result = scenarios.run_scenario(
                built.uow(), changes, options, name=name, runner=lambda t: run_tasks(t, workers)
            )
        print_result(result)
        if out is not None:
            write_result(result, out)
            console.print(f"Wrote scenario_diff and asks to {out}")


def print_result(result: scenarios.ScenarioResult) -> None:
    console.print(f"[bold]Scenario:[/] {'; '.join(c.text() for c in result.changes)}")
    tiers = Table("priority", "requirements", "fill before", "fill after", "fill lost")
    for t in result.diff.tiers:
        row = (f"{t.fill_before:.1%}", f"{t.fill_after:.1%}", f"{t.lost:.3f}")
        tiers.add_row(str(t.priority), str(t.requirements), *row)
    console.print(tiers)
    console.print(f"Weighted fill lost (16/8/4/2/1): {result.diff.weighted_loss:.3f}")
    shown, _, _ = visible_changes(result, CLI_VIEWER)
    table = Table("requirement", "priority", "item", "lost", "later", "from", "reason after")
    for c in shown[:SHOWN_ROWS]:
        lost, later = f"{c.units_lost:g}", f"{c.units_later:g}"
        table.add_row(
            c.requirement,
            str(c.priority),
            c.item,
            lost,
            later,
            str(c.from_date or ""),
            c.reason_after,
        )
    console.print(table if shown else "No requirement loses fill or receives later.")
    if len(shown) > SHOWN_ROWS:
        console.print(f"… and {len(shown) - SHOWN_ROWS} more (--out writes them all).")
    if result.diff.hubs_newly_binding:
        console.print("Hubs that newly bind: " + ", ".join(result.diff.hubs_newly_binding))
    console.print(f"Scenario asks: {len(case_asks(result.scenario))}; run {result.run_id} logged.")


@app.command("sweep")
def sweep_command(
    each_donor: Annotated[
        bool, typer.Option("--each-donor", help="Withdraw each donor with undispatched pledges.")
    ] = False,
    as_of: AsOf = None,
    horizon_days: Horizon = 180,
    time_limit: TimeLimit = SCENARIO_TIME_LIMIT_S,
    workers: Workers = 1,
    out: Out = None,
    queue: Annotated[
        bool, typer.Option("--queue", help="Queue the sweep as a job for the workers and return.")
    ] = False,
) -> None:
    """Rank donors by the priority-weighted fill their withdrawal would cost."""
    with user_errors():
        if not each_donor:
            raise ServiceError("say what to sweep: --each-donor")
        options = scenarios.RunOptions(option_date(as_of), horizon_days, time_limit)
        if queue:
            _queue_sweep(options)
            return
        with console.status("planning the baseline and one withdrawal per donor"):
            result = scenarios.sweep(
                container().uow(), options, runner=lambda tasks: run_tasks(tasks, workers)
            )
        print_sweep(result)
        if out is not None:
            write_sweep(result, out)
            console.print(f"Wrote exposure.csv, concentration.csv and asks.csv to {out}")


def _queue_sweep(options: scenarios.RunOptions) -> None:
    """Store a sweep job; `GET /jobs/{id}` (or its page) follows it and holds the ranking."""
    built = container()
    operator = Principal(built.settings.actor, Role.COORDINATOR)
    job = start_sweep_job(built.engine, built.job_queue, operator, options)
    runner = "a `pledgeflow worker`" if built.on_postgresql else "`pledgeflow serve`"
    console.print(f"Sweep job {job.id} queued; {runner} runs it.")


def print_sweep(result: scenarios.SweepResult) -> None:
    table = Table("rank", "donor", "weighted loss", *(f"P{p}" for p in range(1, 6)), "needs hit")
    for n, d in enumerate(result.ranking, start=1):
        tiers = (f"{d.lost_by_tier.get(p, 0.0):.3f}" for p in range(1, 6))
        table.add_row(str(n), d.donor, f"{d.weighted_loss:.3f}", *tiers, str(d.requirements_hit))
    console.print(table)
    single = [c for c in visible_concentration(result, CLI_VIEWER) if c.single_point]
    console.print(f"Single points of failure: {len(single)}")
    for c in single[:20]:
        console.print(
            f"  {c.requirement} (P{c.priority}, {c.item}): {c.share:.0%} from {c.largest_donor}"
        )
