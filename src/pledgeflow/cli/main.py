"""The `pledgeflow` command.

Each command's module is imported only when that command runs: the planner, the web stack
and Argon2 cost seconds to import, and `pledgeflow --version` or `pledgeflow show` need none
of them. `pledgeflow --help` lists the commands from the table below without importing them.
"""

from __future__ import annotations

import importlib
from typing import Annotated, Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup, TyperOption

from pledgeflow import __version__
from pledgeflow.cli.context import console, container, override_settings, readable_failures

# name: (module, attribute, one line of help for the command list)
LAZY_COMMANDS = {
    "import": ("pledgeflow.cli.data", "import_command", "Import a workbook or CSV folder."),
    "export": ("pledgeflow.cli.data", "export_command", "Export the interchange tables."),
    "show": ("pledgeflow.cli.data", "show_command", "Show a table, filtered."),
    "backup": ("pledgeflow.cli.backup", "backup_command", "Write a complete backup file."),
    "restore": ("pledgeflow.cli.backup", "restore_command", "Restore a backup into an empty db."),
    "demo": ("pledgeflow.cli.demo", "demo_command", "The whole job on the demo data."),
    "serve": ("pledgeflow.cli.serve", "serve_command", "Serve the API and the browser UI."),
    "plan": ("pledgeflow.cli.plans", "app", "Run the planner; show, approve, diff, export."),
    "audit": ("pledgeflow.cli.audit", "app", "The tamper-evident record."),
    "ship": ("pledgeflow.cli.shipments", "app", "Shipments: record what moved, see deliveries."),
    "users": ("pledgeflow.cli.users", "app", "Accounts, roles and API tokens."),
    "training": ("pledgeflow.cli.training", "app", "Courses, needs and offers; bookings."),
    "worker": ("pledgeflow.cli.workers", "worker_command", "Run plan jobs from the queue."),
    "scenario": ("pledgeflow.cli.scenarios", "app", "What-if scenarios, exposure and asks."),
    "export-iati": (
        "pledgeflow.cli.transparency",
        "export_iati_command",
        "Write releasable records as an IATI 2.03 activity file.",
    ),
    "report": ("pledgeflow.cli.transparency", "report_command", "Write the public report."),
    "tracker": ("pledgeflow.cli.transparency", "app", "Fair-share targets, course values."),
    "finance": ("pledgeflow.cli.finance", "app", "Loans, servicing pools, funds: schedules."),
}


def _plain_flags(command: _click.Command, ctx: _click.Context) -> None:
    """Flags take no value, so their help shows no `<bool>` type beside them."""
    helper = command.get_help_option(ctx)
    for param in [*command.params, *([helper] if helper else [])]:
        if isinstance(param, TyperOption) and param.is_flag:
            param.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        _plain_flags(sub, ctx)


def _load(name: str) -> _click.Command:
    module_name, attribute, _ = LAZY_COMMANDS[name]
    target: Any = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(target, typer.Typer):
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        target = single
    target._add_completion = False  # completion belongs to the top-level command only
    command = typer.main.get_command(target)
    command.name = name
    return command


class LazyCommands(TyperGroup):
    """A group that imports a command's module when the command is asked for; while it
    writes its own help it lists the lazy commands by their one-line help instead."""

    listing = False

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_COMMANDS]

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            if self.listing:
                return TyperCommand(cmd_name, help=LAZY_COMMANDS[cmd_name][2])
            self.commands[cmd_name] = _load(cmd_name)
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _plain_flags(command, ctx)
        return command

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _plain_flags(self, ctx)
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def invoke(self, ctx: _click.Context) -> Any:
        with readable_failures():
            return super().invoke(ctx)


app = typer.Typer(
    name="pledgeflow",
    cls=LazyCommands,
    help="Coordinate assistance: needs, pledges, plans through hubs, deliveries, a signed record.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        console.print(f"pledgeflow {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar="PLEDGEFLOW_DATABASE_URL",
            help="SQLAlchemy URL; default sqlite:///./pledgeflow.db.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Coordinate assistance: needs, pledges, plans through hubs, deliveries, a signed record."""
    override_settings(database_url=database_url)


@app.command()
def init() -> None:
    """Create or upgrade the database schema (safe to run again)."""
    from pledgeflow.cli.context import user_errors
    from pledgeflow.service.audit import ensure_signing_key
    from pledgeflow.service.schema import initialise

    app_container = container(initialised=False)
    with user_errors():
        revision = initialise(app_container.engine)
        public_key, created = ensure_signing_key(app_container.settings)
    url = app_container.engine.url.render_as_string(hide_password=True)
    console.print(f"Database {url} is at schema revision {revision}.")
    state = "created" if created else "kept"
    console.print(
        f"Signing key {state}: {app_container.settings.signing_key_path} (private); "
        f"give partners {public_key}"
    )


if __name__ == "__main__":
    app()
