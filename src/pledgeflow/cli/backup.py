"""`pledgeflow backup PATH` / `pledgeflow restore PATH`: the whole database in one file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pledgeflow.cli.context import console, container, user_errors
from pledgeflow.service import audit
from pledgeflow.service import backup as service


def backup_command(
    path: Annotated[Path, typer.Argument(help="The backup file to write (a new .zip).")],
    with_password_hashes: Annotated[
        bool,
        typer.Option(
            "--with-password-hashes",
            help="Include users' password hashes (left out by default: without them, "
            "restored users need a new password).",
        ),
    ] = False,
) -> None:
    """Write every table (records, plans, shipments, training, users, the audit log) to PATH."""
    app = container()
    with user_errors():
        summary = service.backup(
            app.engine, app.settings, path, with_password_hashes=with_password_hashes
        )
    rows = sum(summary.tables.values())
    hashes = "with" if summary.with_password_hashes else "without"
    console.print(
        f"Backed up {rows:,} rows of {len(summary.tables)} tables to {path} ({hashes} password "
        f"hashes); audit log {summary.audit_size:,} entries, root {summary.audit_root}",
        soft_wrap=True,
    )
    if summary.checkpoint is None:
        console.print("No signing key here: the backup carries no signed checkpoint.")


def restore_command(
    path: Annotated[Path, typer.Argument(help="A file written by `pledgeflow backup`.")],
) -> None:
    """Restore a backup into an empty database, then verify the audit log against the tables."""
    app = container(initialised=False)
    with user_errors():
        summary = service.restore(app.engine, app.settings, path)
    rows = sum(summary.tables.values())
    console.print(f"Restored {rows:,} rows of {len(summary.tables)} tables from {path}.")
    kept = []
    if summary.checkpoint is not None and audit.verifier_key_path(app.settings).exists():
        kept = [audit.KeptCheckpoint(f"{path.name} checkpoint", summary.checkpoint)]
    with user_errors():
        report = audit.verify_log(app.uow(), app.settings, kept)
    if not report.ok:
        for finding in report.entry_findings + report.checkpoint_findings + report.row_findings:
            console.print(f"  {finding}", soft_wrap=True)
        console.print("[bold red]audit verify found problems after the restore[/]")
        raise typer.Exit(1)
    console.print(f"Audit log verified: {report.size:,} entries, every table row agrees.")
    if not summary.with_password_hashes:
        console.print(
            "Users were restored without password hashes: set each one's with "
            "`pledgeflow users password NAME`."
        )
