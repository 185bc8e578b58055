"""A live server and a real headless Chromium for the browser tests.

The app runs under uvicorn in a background thread on 127.0.0.1 and a free port, over a fresh
SQLite database seeded like the in-process page tests. Chromium is Debian's package, driven
by Playwright with `executable_path`; without it (or without Playwright) every test here is
skipped and says why. Screenshots go to test-artifacts/browser/ for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from pledgeflow.adapters import migrations
from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.config import Settings
from tests.web.conftest import seed

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    configured = os.environ.get("PLEDGEFLOW_CHROMIUM")
    if configured and Path(configured).exists():
        return configured
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


Seeder = Callable[[Container], None]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[[Seeder], str]]:
    """Start the app on a fresh database filled by a seeder; answers the base URL."""
    running: list[tuple[uvicorn.Server, threading.Thread, Container]] = []

    def start(seeder: Seeder) -> str:
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'pledgeflow.db'}",
            signing_key_path=tmp_path / "signing.key",
            actor="browser-test",
        )
        container = bootstrap(settings)
        migrations.upgrade(container.engine)
        seeder(container)
        port = _free_port()
        config = uvicorn.Config(
            create_app(container, run_jobs=True), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        running.append((server, thread, container))
        deadline = time.monotonic() + 20
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the test server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread, container in running:
        server.should_exit = True
        thread.join(timeout=10)
        container.engine.dispose()


@pytest.fixture
def live_server(serve: Callable[[Seeder], str]) -> str:
    return serve(seed)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "no Chromium found (/usr/bin/chromium or chromium on PATH): browser tests skipped"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright package is not installed: browser tests skipped")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def screenshot(page: Any, name: str) -> Path:
    """Save the full page at its current width, and again at phone width (390 px)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    wide = ARTIFACTS / f"{name}-1280.png"
    page.screenshot(path=str(wide), full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
    page.set_viewport_size(size)
    return wide
