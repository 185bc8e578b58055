"""`pledgeflow plan …`: make, show, approve, compare and export plans."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.bootstrap import Container
from pledgeflow.cli.context import console, container, option_date, user_errors
from pledgeflow.cli.plan_progress import planning_progress
from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.plans import Plan
from pledgeflow.service import plans
from pledgeflow.service.access import LOCAL_OPERATOR, Principal, Role
from pledgeflow.service.jobs import start_plan_job
from pledgeflow.service.plan_figures import PlanFigures, plan_figures
from pledgeflow.service.plan_jobs import plan_job_params

app = typer.Typer(
    help="Plans: run the planner (no sub-command), or show, approve, diff, export a plan.",
    invoke_without_command=True,
)


@app.callback()
def plan(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="The day the plan starts from: what was delivered or is under way by then "
            "counts as done, and nothing new is dispatched before it; YYYY-MM-DD "
            "(default: today)."
        ),
    ] = None,
    horizon_days: Annotated[
        int,
        typer.Option(
            min=1, help="Plan this many days from --as-of; nothing is scheduled after them."
        ),
    ] = 180,
    out: Annotated[Path | None, typer.Option(help="Also export the plan here.")] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            help="Stop optimising after this many seconds; the plan then states its gap.",
        ),
    ] = plans.PLAN_TIME_LIMIT_S,
    queue: Annotated[
        bool, typer.Option("--queue", help="Queue a plan job for the workers and return.")
    ] = False,
) -> None:
    """Run the planner on the current records and store the plan as a draft."""
    if ctx.invoked_subcommand is not None:
        return
    with user_errors():
        date = option_date(as_of)
    if queue:
        queue_plan(container(), plan_job_params(date, horizon_days, time_limit))
        return
    made, figures = run_planner(container(), date, horizon_days, time_limit)
    print_plan(made.id, figures)
    if out is not None:
        with user_errors():
            plans.export_plan(container().uow(), made.id, out)
        console.print(f"Exported to {out}")


def queue_plan(built: Container, params: dict[str, object]) -> None:
    """Store a plan job and say who will run it; `pledgeflow plan job N` follows it."""
    operator = Principal(built.settings.actor, Role.COORDINATOR)
    with user_errors():
        job = start_plan_job(built.engine, built.job_queue, operator, params)
    runner = "a `pledgeflow worker`" if built.on_postgresql else "`pledgeflow serve`"
    console.print(f"Plan job {job.id} queued; {runner} runs it.")


def run_planner(
    built: Container,
    as_of: dt.date,
    horizon_days: int,
    time_limit: float | None = plans.PLAN_TIME_LIMIT_S,
) -> tuple[plans.MadePlan, PlanFigures]:
    with planning_progress(console) as report, user_errors():
        made = plans.create_plan(
            built.uow(),
            as_of=as_of,
            horizon_days=horizon_days,
            progress=report,
            time_limit=time_limit,
        )
    stored = replace(made.plan, id=made.id)
    return made, plan_figures(built.uow(), LOCAL_OPERATOR, stored)


def print_plan(plan_id: int, figures: PlanFigures) -> None:
    """The plan's figures as `plan_figures` gives them to every surface, in the shared
    number formats."""
    plan, summary = figures.plan, figures.summary
    console.print(
        f"[bold]Plan {plan_id}[/] ({plan.status}) as of {plan.as_of}, horizon {plan.horizon_end}:"
        f" {nf.count(len(plan.allocations))} allocation lines,"
        f" {nf.count(len(plan.shortfalls))} shortfalls; {figures.verdict}"
    )
    console.print(f"Method: {figures.method}")
    tiers = Table(title="Fill by priority tier (delivered and under way included)")
    for name in ("priority", "requirements", "fully met", "mean fill"):
        tiers.add_column(name, justify="right")
    for t in summary.tiers:
        tiers.add_row(
            str(t.priority),
            nf.count(t.requirements),
            nf.count(t.fully_met),
            nf.percent(t.fill_fraction),
        )
    reasons = Table(title="Shortfalls by reason")
    for name in ("reason", "shortfalls"):
        reasons.add_column(name, justify="right")
    for r in summary.shortfalls:
        reasons.add_row(r.reason, nf.count(r.shortfalls))
    hubs = Table(title="Hubs: utilisation and what one more tonne per day, every day, would buy")
    for name in ("hub", "utilisation", "value of +1 t/day"):
        hubs.add_column(name, justify="right")
    for h in summary.hubs:
        hubs.add_row(
            h.hub, nf.percent(h.utilisation), nf.capacity_value(h.capacity_value, h.criterion)
        )
    for table in (tiers, reasons, hubs):
        console.print(table)
    console.print(figures.lateness)
    for notice in figures.notices:
        console.print(f"[bold yellow]note:[/] {notice}", soft_wrap=True)


@app.command()
def show(
    plan_id: Annotated[int, typer.Argument(help="The plan's number.")],
    lines: Annotated[int, typer.Option(help="Show this many shortfalls.")] = 20,
) -> None:
    """A plan's summary and its first shortfalls with their reasons."""
    built = container()
    with user_errors():
        plan = plans.get_plan(built.uow(), plan_id)
    figures = plan_figures(built.uow(), LOCAL_OPERATOR, plan)
    print_plan(plan_id, figures)
    table = Table(title=f"Shortfalls (first {lines})")
    for name in ("requirement", "quantity", "reason", "detail"):
        table.add_column(name, overflow="fold")
    for s in figures.plan.shortfalls[:lines]:
        table.add_row(
            s.requirement, figures.quantity(s.requirement, s.quantity), s.reason.value, s.detail
        )
    console.print(table)


@app.command()
def approve(plan_id: Annotated[int, typer.Argument(help="The draft plan's number.")]) -> None:
    """Approve a draft plan; the plan approved before it is superseded."""
    built = container()
    with user_errors():
        plans.approve_plan(built.uow(), plan_id)
    console.print(f"Plan {plan_id} approved.")


@app.command()
def diff(
    first: Annotated[int, typer.Argument(help="The earlier plan.")],
    second: Annotated[int, typer.Argument(help="The later plan.")],
) -> None:
    """What the change does to fill and shortfalls per priority tier, then line by line."""
    built = container()
    with user_errors():
        changes = plans.diff_plans(built.uow(), first, second)
        before, after = plans.get_plan(built.uow(), first), plans.get_plan(built.uow(), second)
    print_tier_changes(built, (first, before), (second, after))
    table = Table(title=f"Plan {first} → plan {second}: {len(changes)} changed lines")
    for name in ("pledge", "requirement", "hub", "before", "after"):
        table.add_column(name)
    for c in changes:
        table.add_row(c.pledge, c.requirement, c.hub, f"{c.before:,.1f}", f"{c.after:,.1f}")
    console.print(table)


def print_tier_changes(built: Container, *compared: tuple[int, Plan]) -> None:
    """Per tier, mean fill and shortfall before and after; a warning first when the plans
    start from different days, since their fills then count different deliveries as done."""
    (first, a), (second, b) = compared
    if a.as_of != b.as_of:
        console.print(
            f"[bold yellow]warning:[/] plan {first} is as of {a.as_of}, plan {second} as of "
            f"{b.as_of}: deliveries between those days count as done in one plan only",
            soft_wrap=True,
        )
    with built.uow() as uow:
        dataset = uow.datasets.load()
    priority = {r.id: r.priority for r in dataset.requirements}
    rows = []
    for plan_id, plan in compared:
        figures = plan_figures(built.uow(), LOCAL_OPERATOR, replace(plan, id=plan_id))
        fills = {t.priority: t.fill_fraction for t in figures.summary.tiers}
        short: dict[int, set[str]] = {}
        for s in plan.shortfalls:
            short.setdefault(priority.get(s.requirement, 0), set()).add(s.requirement)
        rows.append((fills, {tier: len(names) for tier, names in short.items()}))
    table = Table(title=f"What plan {second} changes against plan {first}, per priority tier")
    columns = ("priority", "mean fill before", "after", "change", "requirements short before")
    for name in (*columns, "after"):
        table.add_column(name, justify="right")
    (fill_a, short_a), (fill_b, short_b) = rows
    for tier in sorted(set(fill_a) | set(fill_b)):
        x, y = fill_a.get(tier, 0.0), fill_b.get(tier, 0.0)
        change = f"{(y - x) * 100:+.1f} pts"
        amounts = (f"{short_a.get(tier, 0):,}", f"{short_b.get(tier, 0):,}")
        table.add_row(str(tier), f"{x:.1%}", f"{y:.1%}", change, *amounts)
    console.print(table)


@app.command("export")
def export(
    plan_id: Annotated[int, typer.Argument(help="The plan's number.")],
    path: Annotated[Path, typer.Argument(help="A .xlsx path or a folder for CSV files.")],
) -> None:
    """Export a plan's allocations and shortfalls sheets."""
    built = container()
    with user_errors():
        plans.export_plan(built.uow(), plan_id, path)
    console.print(f"Plan {plan_id} exported to {path}")
