"""A real `pledgeflow serve` on 127.0.0.1 over a fresh database, for the security benches.

SQLite is a file in a temporary folder; PostgreSQL a schema of its own in the database named
by PLEDGEFLOW_TEST_POSTGRES_URL (dropped afterwards). The server runs as a child process, so
its RSS and its shutdown are its own; `seed` prepares the database in this process first.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, text

from pledgeflow.adapters import migrations
from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.config import Settings

POSTGRES_URL = os.environ.get("PLEDGEFLOW_TEST_POSTGRES_URL")


def databases() -> list[str]:
    return ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@contextmanager
def database_url(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    assert POSTGRES_URL
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    def __init__(self, process: subprocess.Popen[bytes], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    def rss_mib(self) -> float:
        """The server's resident memory now, from /proc (Linux)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def peak_rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(row for row in status.splitlines() if row.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024


@contextmanager
def live_server(kind: str, seed: Callable[[Container], None]) -> Iterator[LiveServer]:
    """A seeded database of `kind` and a server on it, stopped (SIGTERM) afterwards."""
    import tempfile

    with (
        tempfile.TemporaryDirectory(prefix="pledgeflow-bench-") as name,
        database_url(kind, Path(name)) as url,
    ):
        folder = Path(name)
        settings = Settings(
            database_url=url, signing_key_path=folder / "signing.key", actor="bench"
        )
        container = bootstrap(settings)
        migrations.upgrade(container.engine)
        seed(container)
        container.engine.dispose()
        port = _free_port()
        environment = os.environ | {
            "PLEDGEFLOW_DATABASE_URL": url,
            "PLEDGEFLOW_SIGNING_KEY_PATH": str(folder / "signing.key"),
        }
        command = [str(Path(sys.executable).parent / "pledgeflow"), "serve", "--port", str(port)]
        process = subprocess.Popen(
            command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base_url, process)
            yield LiveServer(process, base_url)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            httpx.get(f"{base_url}/openapi.json", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start within 60 s")
