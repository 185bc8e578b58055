"""`pledgeflow serve`: the HTTP API (OpenAPI at /docs) on the configured database."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from pledgeflow.api.app import create_app
from pledgeflow.cli.context import console, container


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the API until interrupted; one process, one login throttle."""
    app = create_app(container(), run_jobs=True)
    console.print(f"pledgeflow API on http://{host}:{port} (docs at /docs)")
    uvicorn.run(app, host=host, port=port, log_level="info")
