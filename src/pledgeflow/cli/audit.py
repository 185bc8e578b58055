"""`pledgeflow audit …`: checkpoints, verification, proofs and the log itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pledgeflow.audit.checkpoints import load_verifier_key
from pledgeflow.cli.context import console, container, errors, user_errors
from pledgeflow.service import audit
from pledgeflow.service.audit import AuditReport, KeptCheckpoint

app = typer.Typer(help="The tamper-evident record: checkpoints, verification, proofs.")


@app.command()
def checkpoint(
    out: Annotated[Path | None, typer.Option(help="Write the checkpoint to this file.")] = None,
) -> None:
    """Sign a checkpoint of the log as it stands (C2SP tlog-checkpoint text)."""
    built = container()
    with user_errors():
        note = audit.make_checkpoint(built.uow(), built.settings)
    if out is None:
        console.print(note, end="", markup=False, highlight=False)
        return
    out.write_text(note, encoding="utf-8")
    console.print(f"Checkpoint written to {out}")


@app.command()
def verify(
    checkpoints: Annotated[
        list[Path] | None,
        typer.Option("--checkpoint", "-c", help="A checkpoint a partner kept; repeatable."),
    ] = None,
) -> None:
    """Rebuild the whole tree, check kept checkpoints, and reconcile the tables with the log."""
    built = container()
    with user_errors():
        kept = [KeptCheckpoint(str(p), p.read_text(encoding="utf-8")) for p in checkpoints or []]
        report = audit.verify_log(built.uow(), built.settings, kept)
    _print_report(report)
    if not report.ok:
        raise typer.Exit(1)


def _print_report(report: AuditReport) -> None:
    console.print(f"Log: {report.size} entries, root {report.root.hex()}")
    for name in report.checkpoints_ok:
        console.print(f"[green]consistent[/] {name}")
    if report.first_bad_entry is not None:
        errors.print(f"[bold red]first bad entry: {report.first_bad_entry}[/]")
    for finding in report.entry_findings + report.checkpoint_findings:
        errors.print(f"[red]{finding}[/]")
    if report.row_findings:
        table = Table(title="Rows that differ from the log")
        for name in ("table", "key", "problem"):
            table.add_column(name)
        for row in report.row_findings:
            table.add_row(row.table, row.key, row.problem)
        errors.print(table)
    if report.ok:
        console.print("[bold green]The log verifies and the tables agree with it.[/]")
    else:
        errors.print("[bold red]error:[/] the record does not verify (see above)")


@app.command()
def prove(
    seq: Annotated[int, typer.Argument(help="The entry's sequence number.")],
    out: Annotated[Path | None, typer.Option(help="Write the bundle to this file.")] = None,
) -> None:
    """An inclusion proof bundle for one entry that verifies offline with the public key."""
    built = container()
    with user_errors():
        bundle = audit.prove(built.uow(), built.settings, seq)
    text = json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        console.print(text, end="", markup=False, highlight=False)
        return
    out.write_text(text, encoding="utf-8")
    console.print(f"Proof of entry {seq} in a tree of {bundle['tree_size']} written to {out}")


@app.command("check-proof")
def check_proof(
    bundle: Annotated[Path, typer.Argument(help="A bundle written by `audit prove`.")],
    key: Annotated[Path, typer.Option(help="The log's public key (verifier key text).")],
) -> None:
    """Check a proof bundle offline: no database needed, only the log's public key."""
    with user_errors():
        checkpoint = audit.check_proof(
            json.loads(bundle.read_text(encoding="utf-8")), load_verifier_key(key)
        )
    console.print(
        f"[green]verified[/]: the entry is in {checkpoint.origin} at size {checkpoint.size}"
    )


def change_text(change: dict[str, Any]) -> str:
    """One change in words: `insert pledges P-1`, a composite key joined by `/`."""
    key = change.get("key")
    parts = key if isinstance(key, list | tuple) else [key]
    named = "/".join("" if part is None else str(part) for part in parts)
    return f"{change.get('op', '?')} {change.get('table', '?')} {named}"


@app.command()
def show(
    since: Annotated[int, typer.Option(help="First sequence number to show.")] = 0,
    limit: Annotated[int, typer.Option(help="At most this many entries.")] = 50,
) -> None:
    """List log entries."""
    built = container()
    table = Table(title="Audit log")
    for name in ("seq", "recorded at (UTC)", "actor", "command", "change"):
        table.add_column(name, overflow="fold")
    for entry in audit.show(built.uow(), since, limit):
        summary = change_text(entry["change"])
        table.add_row(
            str(entry["seq"]),
            f"{entry['recorded_at']:%Y-%m-%d %H:%M:%S}",
            entry["actor"],
            entry["command"],
            summary,
        )
    console.print(table)
