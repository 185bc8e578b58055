"""`pledgeflow demo`: the whole job on the shipped demo data, from a fresh database to a report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.reports import documents
from pledgeflow.adapters.reports.sections import dataset_section
from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.cli.context import console, user_errors
from pledgeflow.config import Settings
from pledgeflow.demo.generator import demo_dataset
from pledgeflow.service.interchange import import_path
from pledgeflow.service.schema import initialise
from pledgeflow.service.summaries import DatasetSummary, summarise


def demo_command(
    directory: Annotated[
        Path, typer.Option("--dir", help="Where the fresh database, inputs and report go.")
    ] = Path("demo-output"),
    scale: Annotated[int, typer.Option(min=1, help="Multiply the demo's size.")] = 1,
) -> None:
    """Build a fresh database from the shipped demo data, and report on it."""
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
    report = documents.Report(
        title="pledgeflow demo",
        subtitle=f"Demo data at scale {scale}: {_counts(stored.counts())}",
        sections=[dataset_section(summary)],
    )
    path = documents.write(report, directory / "report.html")
    console.print(f"\nDatabase: {directory / 'pledgeflow.db'}")
    console.print(f"Inputs:   {inputs}/ and {directory / 'demo.xlsx'}")
    console.print(f"[bold]Report:   {path.resolve()}[/]")


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
