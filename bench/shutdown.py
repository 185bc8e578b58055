"""Issue 16, also observed: an abandoned POST /plans must not delay shutdown past 10 s.

A real server over a SQLite file holding a generated set large enough that planning takes
well over a minute; a coordinator posts /plans and gives up after 2 s (the request is
abandoned, the planner keeps running in its worker thread); 3 s later the server gets SIGTERM.
Prints how long it took to exit (must be under 10 s; before the fix it waited for the planner).

    .venv/bin/python bench/shutdown.py [--requirements 10000] [--pledges 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_server import live_server

from pledgeflow.bootstrap import Container
from pledgeflow.demo.generator import generate
from pledgeflow.service import users
from pledgeflow.service.access import Role

AS_OF = dt.date(2026, 11, 2)
PASSWORD = "bench password"


def seeder(requirements: int, pledges: int) -> object:
    def seed(container: Container) -> None:
        dataset = generate(
            requirements=requirements,
            pledges=pledges,
            hubs=8,
            horizon_days=180,
            seed=7,
            as_of=AS_OF,
        )
        with container.uow() as uow:
            uow.datasets.save(dataset)
            uow.commit("import")
        users.add_user(container.uow(), "coordinator", PASSWORD, Role.COORDINATOR)

    return seed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requirements", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=10_000)
    options = parser.parse_args()
    seed = seeder(options.requirements, options.pledges)
    with live_server("sqlite", seed) as server:  # type: ignore[arg-type]
        with httpx.Client(base_url=server.base_url, timeout=30) as client:
            login = {"name": "coordinator", "password": PASSWORD}
            token = client.post("/auth/login", json=login).json()["token"]
            headers = {"Authorization": f"Bearer {token}"}
            try:
                body = {"as_of": AS_OF.isoformat()}
                client.post("/plans", json=body, headers=headers, timeout=2)
                print("the plan finished within 2 s: use a larger set")
                return 1
            except httpx.TimeoutException:
                print("POST /plans abandoned after 2 s; the planner is running")
        time.sleep(3)
        began = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            print("the server was still running 120 s after SIGTERM")
            return 1
        seconds = time.monotonic() - began
        verdict = "ok" if seconds < 10 else "TOO SLOW"
        print(f"exited {seconds:.1f} s after SIGTERM (limit 10 s): {verdict}")
    return 0 if seconds < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
