"""Latency of the public tracker's pages and API on the M-size data set (10,000 requirements
and pledges, a stored approved plan and its first 30 days of shipments, as web_latency.py).

The app runs in-process behind FastAPI's test client. The tracker is computed once per newest
business entry of the audit log and day, then served from memory, so two sets of figures
(target p95 ≤ 100 ms for both): warm, p50, p95 and max over --repeat requests per path; and
the first request after a change to the records (a fair-share target set again, one business
entry in the log), over --changes changes per path, which pays for recomputing the tracker
and drawing its charts. For information, the uncached computation itself (build_tracker),
p50 over a few runs.

    PYTHONPATH=src:. .venv/bin/python bench/public_pages.py [--requirements N] [--repeat 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from bench.web_latency import seeded
from fastapi.testclient import TestClient

from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container
from pledgeflow.domain.burden_sharing import Target
from pledgeflow.service.access import ANONYMOUS
from pledgeflow.service.audit import ensure_signing_key
from pledgeflow.service.tracker import build_tracker

TARGET_P95_MS = 100.0
PATHS = (
    "/ui/public",
    "/public/tracker",
    "/public/tracker/donors.csv",
    "/public/tracker.xlsx",
    "/public/charts/monthly.csv",
)


def timed(client: TestClient, path: str) -> float:
    start = time.perf_counter()
    answer = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    if answer.status_code != 200:
        raise SystemExit(f"{path}: {answer.status_code} {answer.text[:200]}")
    return elapsed


def change_records(container: Container, amount: int) -> None:
    """One business change: the bench's fair-share target set to another amount."""
    target = Target("bench", dt.date(2020, 1, 1), dt.date(2030, 12, 31), Decimal(amount))
    with container.uow() as uow:
        uow.transparency.set_target(target)
        uow.commit("set_target")


def percentiles(times: list[float]) -> tuple[float, float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], times[-1]


def line(label: str, times: list[float]) -> str:
    p50, p95, top = percentiles(times)
    verdict = "ok" if p95 <= TARGET_P95_MS else "OVER"
    return f"{label:44} {p50:8.1f} {p95:8.1f} {top:8.1f}  {verdict} (p95 ≤ {TARGET_P95_MS:.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requirements", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=60)
    parser.add_argument("--changes", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        container = seeded(Path(folder), args.requirements, args.pledges)
        ensure_signing_key(container.settings)
        client = TestClient(create_app(container))
        print(f"{'path':44} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target")
        for path in PATHS:
            timed(client, path)
            print(line(f"{path} warm", [timed(client, path) for _ in range(args.repeat)]))
        changes = 0
        for path in PATHS:
            firsts = []
            for _ in range(args.changes):
                changes += 1
                change_records(container, 1_000_000 + changes)
                firsts.append(timed(client, path))
            print(line(f"{path} first after a change", firsts))
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            build_tracker(container.uow(), container.settings, ANONYMOUS, dt.date.today())
            runs.append((time.perf_counter() - start) * 1000)
        print(f"uncached build_tracker: p50 {statistics.median(runs):.0f} ms over 5 runs")
        container.engine.dispose()


if __name__ == "__main__":
    main()
