"""The `pledgeflow` command."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgeflow import __version__
from pledgeflow.cli import audit, data, demo, plans, serve, shipments, transparency, users
from pledgeflow.cli import training as training_cli
from pledgeflow.cli.context import console, container, override_settings, user_errors
from pledgeflow.service.audit import ensure_signing_key
from pledgeflow.service.schema import initialise

app = typer.Typer(
    name="pledgeflow",
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


app.command("import")(data.import_command)
app.command("export")(data.export_command)
app.command("show")(data.show_command)
app.command("demo")(demo.demo_command)
app.add_typer(plans.app, name="plan")
app.add_typer(audit.app, name="audit")
app.add_typer(shipments.app, name="ship")
app.add_typer(users.app, name="users")
app.add_typer(training_cli.app, name="training")
app.command("serve")(serve.serve_command)
app.command("export-iati")(transparency.export_iati_command)
app.command("report")(transparency.report_command)
app.add_typer(transparency.app, name="tracker")
