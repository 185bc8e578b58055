"""Commands that move data in and out: import, export, show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pledgeflow.adapters.importers.limits import ImportLimits
from pledgeflow.adapters.rows import MAPPER_BY_FIELD
from pledgeflow.cli.context import console, container, user_errors
from pledgeflow.service.errors import ServiceError
from pledgeflow.service.interchange import MOVED, export_path, import_path

SHOWABLE = ("requirements", "pledges", "items", "sites", "lanes", "parties", "hub_calendar")
# Interchange names of columns whose storage name differs (SQL reserves `from`).
COLUMN_ALIASES = {"from": "from_site", "to": "to_site"}


def import_command(
    path: Annotated[Path, typer.Argument(help="A .xlsx workbook or a folder of CSV files.")],
    update: Annotated[
        bool, typer.Option("--update", help="Update rows whose key is already present.")
    ] = False,
) -> None:
    """Import a workbook or CSV folder; all of it, or nothing when any row has a problem."""
    app = container()
    with (
        Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress,
        user_errors(),
    ):
        tasks: dict[str, Any] = {}

        def on_row(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = progress.add_task(f"checking {table}", total=total)
            progress.update(tasks[table], completed=done)

        limits = ImportLimits.of(app.settings)
        summary = import_path(app.uow(), path, update=update, on_row=on_row, limits=limits)
    table = Table(title=f"Imported {path}")
    table.add_column("table")
    table.add_column("added", justify="right")
    table.add_column("updated", justify="right")
    for name, added in summary.added.items():
        table.add_row(name, str(added), str(summary.updated.get(name, 0)))
    console.print(table)
    for warning in summary.warnings:
        console.print(f"[yellow]warning:[/] {escape(warning)}")


def export_command(
    path: Annotated[Path, typer.Argument(help="A path ending .xlsx, or a folder for CSV files.")],
) -> None:
    """Export every table in the interchange format."""
    app = container()
    with user_errors():
        dataset = export_path(app.uow(), path)
    counts = ", ".join(f"{n} {name}" for name, n in dataset.counts().items() if n)
    console.print(f"Exported {counts or 'nothing'} to {path}")
    moved = sum(p.status in MOVED for p in dataset.pledges)
    if moved:
        console.print(
            f"Note: {moved} pledge(s) are shipped or delivered; their shipments, the plans, "
            "training and the audit log are not interchange tables, so importing this file "
            "elsewhere refuses those pledges. `pledgeflow backup PATH` keeps everything.",
            soft_wrap=True,
        )


def show_command(
    table: Annotated[str, typer.Argument(help=f"One of: {', '.join(SHOWABLE)}.")],
    where: Annotated[
        list[str] | None,
        typer.Option("--where", "-w", help="Filter COLUMN=VALUE; repeat to combine."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many rows.")] = 50,
) -> None:
    """Show a table, filtered, as the interchange format names its columns."""
    with user_errors():
        if table not in SHOWABLE:
            raise ServiceError(f"unknown table {table!r}; choose one of {', '.join(SHOWABLE)}")
        filters = _filters(table, where or [])
    app = container()
    with app.uow() as uow:
        records = uow.datasets.list(table, filters, limit)
        total = uow.datasets.counts()[table]
        matching = uow.datasets.count(table, filters) if filters else total
    mapper = MAPPER_BY_FIELD[table]
    if filters:
        title = f"{table}: {matching:,} of {total:,} match, {len(records):,} shown"
    else:
        title = f"{table} ({len(records):,} shown of {total:,})"
    out = Table(title=title)
    columns = [c.name for c in mapper.table.columns]
    for name in columns:
        out.add_column(name, overflow="fold")
    for record in records:
        row = mapper.to_row(record)
        out.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    console.print(out)


def _filters(table: str, where: list[str]) -> dict[str, str]:
    columns = {c.name for c in MAPPER_BY_FIELD[table].table.columns}
    filters: dict[str, str] = {}
    for clause in where:
        name, sep, value = clause.partition("=")
        column = COLUMN_ALIASES.get(name.strip(), name.strip())
        if not sep or column not in columns:
            raise ServiceError(
                f"--where {clause!r}: expected COLUMN=VALUE with COLUMN one of "
                f"{', '.join(sorted(columns))}"
            )
        filters[column] = value.strip()
    return filters
