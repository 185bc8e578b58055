"""`pledgeflow serve`: the HTTP API (OpenAPI at /docs) on the configured database."""

from __future__ import annotations

from typing import Annotated

import typer

from pledgeflow.api.app import create_app
from pledgeflow.api.server import serve
from pledgeflow.cli.context import console, container


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the API until interrupted; one process, one login throttle."""
    built = container()
    app = create_app(built, run_jobs=True)
    console.print(f"pledgeflow API on http://{host}:{port} (docs at /docs)")
    serve(app, host, port, built.settings.shutdown_grace_s)
