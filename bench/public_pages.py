"""Latency of the public tracker's pages and API on the M-size data set (10,000 requirements
and pledges, a stored approved plan and its first 30 days of shipments, as web_latency.py).

The app runs in-process behind FastAPI's test client. The tracker is computed once per newest
business entry of the audit log and day, then served from memory, so figures are: the first
request (it computes the tracker: read every public record, sum, sign a checkpoint), then
p50, p95 and max over --repeat requests per path (target p95 ≤ 100 ms); and, for
information, the uncached computation itself (build_tracker), p50 over a few runs.

    PYTHONPATH=src:. .venv/bin/python bench/public_pages.py [--requirements N] [--repeat 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from bench.web_latency import seeded
from fastapi.testclient import TestClient

from pledgeflow.api.app import create_app
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requirements", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        container = seeded(Path(folder), args.requirements, args.pledges)
        ensure_signing_key(container.settings)
        client = TestClient(create_app(container))
        print(f"{'path':32} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target")
        for path in PATHS:
            first = timed(client, path)
            times = sorted(timed(client, path) for _ in range(args.repeat))
            p95 = times[max(0, int(len(times) * 0.95) - 1)]
            verdict = "ok" if p95 <= TARGET_P95_MS else "OVER"
            print(
                f"{path:32} {first:9.1f} {statistics.median(times):8.1f} {p95:8.1f} "
                f"{times[-1]:8.1f}  {verdict} (p95 ≤ {TARGET_P95_MS:.0f})"
            )
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            build_tracker(container.uow(), container.settings, ANONYMOUS, dt.date.today())
            runs.append((time.perf_counter() - start) * 1000)
        print(f"uncached build_tracker: p50 {statistics.median(runs):.0f} ms over 5 runs")
        container.engine.dispose()


if __name__ == "__main__":
    main()
