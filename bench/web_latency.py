"""Page latency of the browser UI on the M-size data set (10,000 requirements and pledges).

The app runs in-process behind FastAPI's test client (the whole HTTP stack, no socket), over
a SQLite file in a temporary folder holding the M-size set, a stored plan of it and the
shipment events of its first 30 days. The plan is the greedy baseline's (`greedy_plan`): a
real, feasible plan of the whole set, made in seconds where the optimiser takes minutes; the
pages read a stored plan the same way whichever method made it.

Figures, per page and viewer: p50, p95 and max over --repeat requests, after one warm-up
request whose time is printed separately (the dashboard's first view computes its figures,
later views reuse them until a business record changes). The 200 ms target is the
dashboard's and the lists'; the tracking and plan pages are measured for information.
Baseline, measured in the same process: GET /auth/me, the cheapest signed-in request (cookie,
session lookup, JSON), so each ratio is what a page costs over the fixed price of any
signed-in request.

    .venv/bin/python bench/web_latency.py [--requirements 10000] [--pledges 10000] [--repeat 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from pledgeflow.adapters import migrations
from pledgeflow.api.app import create_app
from pledgeflow.bootstrap import Container, bootstrap
from pledgeflow.config import Settings
from pledgeflow.demo.deliveries import simulate_events
from pledgeflow.demo.generator import generate
from pledgeflow.domain.plans import PlanQuality
from pledgeflow.domain.shipments import ShipmentEvent
from pledgeflow.plan import build_problem, greedy_plan
from pledgeflow.service import plans, shipments, users
from pledgeflow.service.access import Role
from pledgeflow.service.errors import Rejected

AS_OF = dt.date(2026, 11, 2)
PASSWORD = "bench password"
TARGET_P95_MS = 200.0


def seeded(folder: Path, requirements: int, pledges: int) -> Container:
    container = bootstrap(
        Settings(
            database_url=f"sqlite:///{folder / 'bench.db'}",
            signing_key_path=folder / "signing.key",
            actor="bench",
        )
    )
    migrations.upgrade(container.engine)
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
    greedy = greedy_plan(build_problem(dataset), as_of=AS_OF, horizon_days=180)
    # The greedy method states no gap (NaN), which the plans table does not store: 1.0 says
    # "no bound known" in the gap's own terms.
    plan = replace(greedy, quality=PlanQuality(False, 1.0, 0.0, "greedy"))
    with container.uow() as uow:
        plan_id = uow.plans.add(plan, uow.now())
        uow.commit("plan")
    plans.approve_plan(container.uow(), plan_id)
    stored = plans.get_plan(container.uow(), plan_id)
    refused = record_shipments(container, simulate_events(stored, dataset, days=30, seed=7))
    donor = next(p.donor for p in dataset.pledges)
    users.add_user(container.uow(), "coordinator", PASSWORD, Role.COORDINATOR)
    users.add_user(container.uow(), "liaison", PASSWORD, Role.DONOR_LIAISON, donor)
    print(
        f"data: {dataset.counts()}, plan {plan_id}: {len(stored.allocations)} lines, "
        f"{len(stored.shortfalls)} shortfalls; {refused} simulated shipments refused"
    )
    return container


def record_shipments(container: Container, events: list[ShipmentEvent]) -> int:
    """Record each simulated shipment on its own, all its events or none; returns how many
    the service refused (a plan line whose float quantity rounds, at 3 places, above what
    its pledge or requirement has left)."""
    by_shipment: dict[str, list[ShipmentEvent]] = defaultdict(list)
    for event in events:
        by_shipment[event.shipment].append(event)
    refused = 0
    for batch in by_shipment.values():
        try:
            shipments.record_events(container.uow(), batch)
        except Rejected:
            refused += 1
    return refused


def signed_in(container: Container, name: str) -> TestClient:
    client = TestClient(create_app(container), base_url="https://testserver")
    form = {"name": name, "password": PASSWORD}
    answer = client.post("/ui/login", data=form, follow_redirects=False)
    if answer.status_code != 303:
        raise SystemExit(f"login {name}: {answer.status_code}")
    return client


def measure(client: TestClient, path: str, repeat: int) -> tuple[float, list[float]]:
    """(first request ms, the next `repeat` requests' ms); every answer must be a 200."""
    times = []
    for _ in range(repeat + 1):
        start = time.perf_counter()
        answer = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        if answer.status_code != 200 or (
            path.startswith("/ui") and 'class="who"' not in answer.text
        ):
            raise SystemExit(f"{path}: {answer.status_code}, not a signed-in page")
    return times[0], times[1:]


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=int, default=10_000)
    parser.add_argument("--pledges", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        container = seeded(Path(folder), args.requirements, args.pledges)
        print(f"set-up: {time.perf_counter() - started:.1f} s")
        clients = {name: signed_in(container, name) for name in ("coordinator", "liaison")}
        _, base = measure(clients["coordinator"], "/auth/me", args.repeat)
        base_p95 = p95(base)
        print(f"baseline GET /auth/me: p50 {statistics.median(base):.1f} ms, p95 {base_p95:.1f} ms")
        pages = [
            ("coordinator", "/ui/", True),
            ("liaison", "/ui/", True),
            ("coordinator", "/ui/requirements", True),
            ("coordinator", "/ui/requirements?priority=1&offset=2000", True),
            ("coordinator", "/ui/pledges", True),
            ("liaison", "/ui/pledges?status=committed", True),
            ("coordinator", "/ui/shipments", False),
            ("coordinator", "/ui/plans/1", False),
        ]
        worst = 0.0
        head = f"{'first':>8} {'p50':>8} {'p95':>8} {'max':>8} {'×base':>7}"
        print(f"{'viewer':<12} {'page':<42} {head}")
        for viewer, path, targeted in pages:
            first, times = measure(clients[viewer], path, args.repeat)
            high = p95(times)
            worst = max(worst, high) if targeted else worst
            print(
                f"{viewer:<12} {path:<42} {first:8.1f} {statistics.median(times):8.1f} "
                f"{high:8.1f} {max(times):8.1f} {high / base_p95:7.1f}"
                + ("" if targeted else "  (no target)")
            )
        container.engine.dispose()
    verdict = "within" if worst < TARGET_P95_MS else "OVER"
    print(
        f"dashboard and lists, worst p95 {worst:.1f} ms: "
        f"{verdict} the {TARGET_P95_MS:.0f} ms target"
    )
    return 0 if worst < TARGET_P95_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
