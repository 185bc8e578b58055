"""`pledgeflow demo`: the whole job on the shipped demo data, from a fresh database to a report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.reports import documents
from pledgeflow.adapters.reports.documents import Section
from pledgeflow.adapters.reports.finance_section import finance_section
from pledgeflow.adapters.reports.sections import (
    audit_section,
    dataset_section,
    deliveries_section,
    plan_section,
)
from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.cli.context import console, require_free_port, user_errors
from pledgeflow.cli.demo_scenarios import scenario_sections
from pledgeflow.cli.plans import print_plan, run_planner
from pledgeflow.cli.training import run_training_demo
from pledgeflow.cli.transparency import demo_transparency
from pledgeflow.config import Settings
from pledgeflow.demo import era_loans
from pledgeflow.demo.deliveries import simulate_events
from pledgeflow.demo.generator import DEMO_AS_OF, DEMO_HORIZON_DAYS, DEMO_SEED, demo_dataset
from pledgeflow.domain import number_formats as nf
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.money_scenarios import Lapse
from pledgeflow.domain.plan_summaries import PlanSummary, summarise_plan
from pledgeflow.domain.summaries import DatasetSummary, summarise
from pledgeflow.plan import build_problem, greedy_plan
from pledgeflow.service import audit, finance, plans
from pledgeflow.service.allocation_tracking import track_allocations
from pledgeflow.service.audit import KeptCheckpoint, ensure_signing_key
from pledgeflow.service.deliveries import delivery_state
from pledgeflow.service.hub_throughput import over_capacity_days, over_capacity_text
from pledgeflow.service.interchange import import_path
from pledgeflow.service.schema import initialise
from pledgeflow.service.shipments import record_events
from pledgeflow.web.demo_site import serve_demo

SIMULATED_DAYS = 30


def demo_command(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where the fresh database, inputs and report go.")
    ] = Path("demo-output"),
    scale: Annotated[int, typer.Option(min=1, help="Multiply the demo's size.")] = 1,
    serve: Annotated[bool, typer.Option("--serve", help="Then open it in the web UI.")] = False,
    port: Annotated[int, typer.Option(min=1, max=65535, help="The UI's local port.")] = 8000,
) -> None:
    """Build a fresh database from the shipped demo data, and report on it."""
    if serve:
        with user_errors():
            require_free_port("127.0.0.1", port)
    directory.mkdir(parents=True, exist_ok=True)
    app = _fresh_container(directory)
    with user_errors():
        initialise(app.engine)
        inputs = directory / "input"
        dataset = demo_dataset(scale)
        write_dataset(dataset, inputs)
        write_dataset(dataset, directory / "demo.xlsx")
        import_path(app.uow(), inputs)
        with app.uow() as uow:
            stored = uow.datasets.load()
    summary = summarise(stored)
    _print_summary(summary)
    sections = [dataset_section(summary)]
    plan_id, plan_part = _plan_and_approve(app, stored, directory)
    sections.append(plan_part)
    sections.append(_thirty_days_later(app, plan_id))
    sections.extend(scenario_sections(app, directory, SIMULATED_DAYS))
    console.print("\n[bold]Training[/]")
    run_training_demo(app, directory / "training")
    sections.append(_financing(app))
    sections.extend(demo_transparency(app, directory, DEMO_AS_OF + dt.timedelta(SIMULATED_DAYS)))
    sections.append(_checkpoint_and_verify(app, directory))
    report = documents.Report(
        title="pledgeflow demo",
        subtitle=f"Demo data at scale {scale}: {_counts(stored.counts())}",
        sections=sections,
    )
    path = documents.write(report, directory / "report.html")
    console.print(f"\nDatabase: {directory / 'pledgeflow.db'}")
    console.print(f"Inputs:   {inputs}/ and {directory / 'demo.xlsx'}")
    console.print(f"Plan:     {directory / 'plan.xlsx'}")
    console.print(f"[bold]Report:   {path.resolve()}[/]")
    if serve:
        serve_demo(app, console, "127.0.0.1", port)


def _plan_and_approve(app: Container, dataset: Dataset, directory: Path) -> tuple[int, Section]:
    """Plan as of the demo's date, compare with the spreadsheet method, approve, export."""
    made, figures = run_planner(app, DEMO_AS_OF, DEMO_HORIZON_DAYS)
    print_plan(made.id, figures)
    greedy = greedy_plan(build_problem(dataset), as_of=DEMO_AS_OF, horizon_days=DEMO_HORIZON_DAYS)
    baseline = summarise_plan(greedy, dataset)
    _print_comparison(figures.summary, baseline)
    with user_errors():
        plans.approve_plan(app.uow(), made.id)
        plans.export_plan(app.uow(), made.id, directory / "plan.xlsx")
    return made.id, plan_section(made.id, figures, baseline)


def _thirty_days_later(app: Container, plan_id: int) -> Section:
    """Thirty simulated days of shipment events (seeded: most on time, some late, a few
    lost), then a re-plan from where things stand, compared with the approved plan."""
    today = DEMO_AS_OF + dt.timedelta(days=SIMULATED_DAYS)
    with user_errors():
        approved = plans.get_plan(app.uow(), plan_id)
        with app.uow() as uow:
            dataset = uow.datasets.load()
        events = simulate_events(approved, dataset, days=SIMULATED_DAYS, seed=DEMO_SEED)
        record_events(app.uow(), events)
        state = delivery_state(app.uow())
    variances = track_allocations(approved, state.shipments, today)
    tracks = Counter(v.track.value for v in variances)
    console.print(
        f"\n[bold]{SIMULATED_DAYS} days later[/] ({today}): {len(events)} shipment events recorded "
        f"on {len(state.shipments)} shipments; allocations "
        + ", ".join(f"{n} {track}" for track, n in sorted(tracks.items()))
    )
    made, figures = run_planner(app, today, DEMO_HORIZON_DAYS - SIMULATED_DAYS)
    print_plan(made.id, figures)
    with user_errors():
        changes = plans.diff_plans(app.uow(), plan_id, made.id)
    console.print(f"Re-plan {made.id} against plan {plan_id}: {len(changes)} lines changed")
    over = over_capacity_days(state.shipments, state.dataset, DEMO_AS_OF, today)
    console.print(
        f"Hub-days over capacity in the {SIMULATED_DAYS} simulated days: {len(over)}"
        + "".join(f"\n  {h.hub} {h.day}: {over_capacity_text(h)}" for h in over)
    )
    return deliveries_section(today, variances, made.id, figures, len(changes), over)


def _print_comparison(summary: PlanSummary, baseline: PlanSummary) -> None:
    table = Table(title="Mean fill by tier: pledgeflow vs the greedy spreadsheet method")
    for name in ("priority", "pledgeflow", "greedy"):
        table.add_column(name, justify="right")
    for ours, theirs in zip(summary.tiers, baseline.tiers, strict=True):
        table.add_row(
            str(ours.priority), nf.percent(ours.fill_fraction), nf.percent(theirs.fill_fraction)
        )
    console.print(table)


def _financing(app: Container) -> Section:
    """The G7 ERA loans (public reference figures) and the lapse of the immobilisation."""
    lapse = dt.date(2026, 6, 30)
    with user_errors():
        import_path(app.uow(), era_loans.FOLDER)
        compared = finance.pool_scenario(app.uow(), "ULCM", [Lapse(lapse)])
    first = compared.first_shortfall
    console.print(
        f"\n[bold]Financing[/]: ERA loans imported; if the immobilisation lapses after {lapse}, "
        "the first period with coverage < 1 is "
        + ("none" if first is None else f"{first.period_end} (coverage {first.coverage})")
    )
    return finance_section(compared, lapse)


def _checkpoint_and_verify(app: Container, directory: Path) -> Section:
    with user_errors():
        ensure_signing_key(app.settings)
        note = audit.make_checkpoint(app.uow(), app.settings)
        kept = directory / "checkpoint.txt"
        kept.write_text(note, encoding="utf-8")
        report = audit.verify_log(app.uow(), app.settings, [KeptCheckpoint(str(kept), note)])
    state = "[green]verified[/]" if report.ok else "[red]DOES NOT VERIFY[/]"
    console.print(
        f"Audit log: {report.size:,} entries, checkpoint {kept} signed and {state}; public key "
        f"{audit.verifier_key_path(app.settings)}"
    )
    return audit_section(report.size, report.root.hex(), note.replace("\n", " "), report.ok)


def _fresh_container(directory: Path) -> Container:
    database = directory / "pledgeflow.db"
    for leftover in directory.glob("pledgeflow.db*"):
        leftover.unlink()
    return bootstrap(
        Settings(
            database_url=f"sqlite:///{database}",
            signing_key_path=directory / "signing.key",
            actor="demo",
        )
    )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.items())


def _print_summary(summary: DatasetSummary) -> None:
    by_priority = Table(title="Requirements by priority")
    for name in ("priority", "requirements", "mass t", "value EUR"):
        by_priority.add_column(name, justify="right")
    for p in summary.by_priority:
        by_priority.add_row(
            str(p.priority), str(p.requirements), f"{p.mass_t:,.1f}", f"{p.value_eur:,.0f}"
        )
    by_donor = Table(title="Pledges by donor (top 10 by value)")
    for name in ("donor", "pledges", "mass t", "value EUR", "% of GDP"):
        by_donor.add_column(name, justify="right")
    for d in summary.by_donor[:10]:
        share = "" if d.share_of_gdp is None else f"{d.share_of_gdp * 100:.4f}"
        by_donor.add_row(d.name, str(d.pledges), f"{d.mass_t:,.1f}", f"{d.value_eur:,.0f}", share)
    by_class = Table(title="Mass by supply class")
    for name in ("class", "required t", "pledged t"):
        by_class.add_column(name, justify="right")
    for c in summary.by_class:
        by_class.add_row(c.supply_class, f"{c.required_t:,.1f}", f"{c.pledged_t:,.1f}")
    for table in (by_priority, by_donor, by_class):
        console.print(table)
