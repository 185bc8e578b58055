"""Plan jobs beside users: latency while jobs plan, worker speed-up, queue-to-start overhead.

For each backend it starts the real processes, `pledgeflow serve` (SQLite: its own pool of
--workers plans at once) or `pledgeflow serve` plus --workers `pledgeflow worker` processes
(PostgreSQL), over a fresh database holding a generated data set of --rows requirements and
pledges, an approved greedy plan of it (so shipments can be dispatched), and coordinators.

1. Contention: --jobs plan jobs are queued through `POST /plans`; while any is queued or
   running, --users threads (httpx, one token each) loop over list reads (requirements,
   pledges, plans, shipments) and shipment events posted from the approved plan's simulated
   deliveries. Prints p50/p95/max latency, server errors (5xx, transport, "database is
   locked"), and refusals (4xx: e.g. an event the rules refuse), and the jobs' wall time.
2. Overhead: on an idle worker, one job at a time: started_at − created_at, as the job row
   records them (the job is then cancelled, its planning is not the point).
3. Speed-up (PostgreSQL; --batch > 0): --batch jobs on --batch-rows data, run by 1 then by 2
   `pledgeflow worker` processes (one job each at a time), timed from queueing the batch
   (workers already up) to the last job done; prints the wall times and their ratio.

    PYTHONPATH=src:. .venv/bin/python bench/contention.py [--backend sqlite,postgresql]
        [--rows 1000] [--jobs 4] [--workers 2] [--users 20] [--batch 16] [--batch-rows 1000]

PostgreSQL comes from PLEDGEFLOW_BENCH_POSTGRES_URL (default the test server's
postgresql://postgres@127.0.0.1:5432/test); each run works in a schema of its own, dropped at
the end. Timings depend on the machine and on what else runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, text

from pledgeflow.adapters.db import make_engine
from pledgeflow.demo.deliveries import simulate_events
from pledgeflow.demo.generator import generate
from pledgeflow.domain.plans import PlanQuality
from pledgeflow.domain.shipments import ShipmentEvent
from pledgeflow.plan import build_problem, greedy_plan
from pledgeflow.service import plans, users
from pledgeflow.service.access import Role
from pledgeflow.service.schema import initialise
from pledgeflow.service.unit_of_work import UnitOfWork

AS_OF = dt.date(2026, 11, 2)
PASSWORD = "bench password"
POSTGRES = os.environ.get(
    "PLEDGEFLOW_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
PLEDGEFLOW = [sys.executable, "-m", "pledgeflow.cli.main"]
LOGS = Path(tempfile.gettempdir()) / "pledgeflow-bench-logs"


@dataclass
class Tally:
    times_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, started: float, answer: httpx.Response | None, error: str = "") -> None:
        with self.lock:
            self.times_ms.append((time.perf_counter() - started) * 1000)
            if answer is None or answer.status_code >= 500 or "database is locked" in error:
                self.errors.append(error or f"{answer.status_code if answer else '?'}")
            elif answer.status_code >= 400:
                self.refused += 1


def seed(url: str, rows: int) -> list[ShipmentEvent]:
    """The data set, an approved greedy plan, coordinator accounts; the plan's simulated
    shipment events, for the users to post."""
    engine = make_engine(url)
    initialise(engine)
    data = generate(requirements=rows, pledges=rows, hubs=4, horizon_days=90, seed=1, as_of=AS_OF)
    with UnitOfWork(engine, "bench") as uow:
        uow.datasets.save(data)
        uow.commit("import")
    greedy = greedy_plan(build_problem(data), as_of=AS_OF, horizon_days=90)
    with UnitOfWork(engine, "bench") as uow:
        plan_id = uow.plans.add(
            replace(greedy, quality=PlanQuality(False, 1.0, 0.0, "greedy")), uow.now()
        )
        uow.commit("plan")
    plans.approve_plan(UnitOfWork(engine, "bench"), plan_id)
    stored = plans.get_plan(UnitOfWork(engine, "bench"), plan_id)
    for n in range(2):
        users.add_user(UnitOfWork(engine, "bench"), f"coordinator{n}", PASSWORD, Role.COORDINATOR)
    engine.dispose()
    return simulate_events(stored, data, days=30, seed=7)


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{POSTGRES}?options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


class Site:
    """The running processes of one backend: serve, and workers on PostgreSQL."""

    def __init__(self, url: str, folder: Path, workers: int) -> None:
        self.env = os.environ | {
            "PLEDGEFLOW_DATABASE_URL": url,
            "PLEDGEFLOW_SIGNING_KEY_PATH": str(folder / "signing.key"),
            "PLEDGEFLOW_JOB_CONCURRENCY": str(workers),
        }
        self.port = 18000 + os.getpid() % 1000
        self.base = f"http://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen[bytes]] = []
        self.workers: list[subprocess.Popen[bytes]] = []
        self._start([*PLEDGEFLOW, "serve", "--port", str(self.port)], self.processes)
        if url.startswith("postgresql"):
            self.start_workers(workers)
        for _ in range(300):
            try:
                if httpx.get(f"{self.base}/openapi.json", timeout=2).status_code < 500:
                    return
            except httpx.TransportError:
                time.sleep(0.1)
        raise SystemExit("pledgeflow serve did not start")

    def _start(self, command: list[str], into: list[subprocess.Popen[bytes]]) -> None:
        """Each process's output goes to LOGS/<command>-<n>.log, kept for reading after."""
        LOGS.mkdir(parents=True, exist_ok=True)
        log = LOGS / f"{command[3]}-{len(into)}-{os.getpid()}.log"
        with log.open("ab") as out:
            into.append(subprocess.Popen(command, env=self.env, stdout=out, stderr=out))

    def start_workers(self, count: int) -> None:
        for _ in range(count):
            self._start([*PLEDGEFLOW, "worker", "--heartbeat", "2"], self.workers)

    def stop_workers(self) -> None:
        for process in self.workers:
            process.terminate()
            process.wait(60)
        self.workers.clear()

    def close(self) -> None:
        self.stop_workers()
        for process in self.processes:
            process.terminate()
            process.wait(60)

    def token(self, name: str) -> str:
        answer = httpx.post(
            f"{self.base}/auth/login", json={"name": name, "password": PASSWORD}, timeout=120
        )
        answer.raise_for_status()
        return str(answer.json()["token"])


def event_body(event: ShipmentEvent) -> dict[str, Any]:
    body = {
        "id": event.id,
        "kind": event.kind.value,
        "date": event.date.isoformat(),
        "quantity": str(event.quantity),
        "site": event.site,
        "note": event.note,
        "allocation": None if event.allocation is None else str(event.allocation),
    }
    return {k: v for k, v in body.items() if v is not None}


def user_loop(
    site: Site, token: str, events: list[ShipmentEvent], tally: Tally, stop: threading.Event
) -> None:
    reads = ["/requirements?limit=50", "/pledges?limit=50", "/plans", "/shipments?limit=50"]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=site.base, headers=headers, timeout=60) as client:
        step = 0
        while not stop.is_set():
            started = time.perf_counter()
            try:
                if step % 5 == 4 and events:
                    event = events.pop(0)
                    answer = client.post(
                        f"/shipments/{event.shipment}/events", json=event_body(event)
                    )
                else:
                    answer = client.get(reads[step % 4])
                tally.add(started, answer, "" if answer.status_code < 500 else answer.text[:200])
            except httpx.TransportError as error:
                tally.add(started, None, f"transport: {error}")
            step += 1


def queue_jobs(site: Site, token: str, count: int) -> list[int]:
    headers = {"Authorization": f"Bearer {token}"}
    ids = []
    for _ in range(count):
        answer = httpx.post(
            f"{site.base}/plans",
            json={"as_of": AS_OF.isoformat(), "horizon_days": 90},
            headers=headers,
            timeout=120,
        )
        answer.raise_for_status()
        ids.append(int(answer.json()["id"]))
    return ids


def wait_jobs(
    site: Site, token: str, ids: list[int], limit_s: float = 3600
) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + limit_s
    while True:
        answers = [httpx.get(f"{site.base}/jobs/{i}", headers=headers, timeout=120) for i in ids]
        failed = [a for a in answers if a.status_code != 200]
        if failed:
            print(f"    GET /jobs answered {failed[0].status_code}: {failed[0].text[:200]}")
            if time.monotonic() > deadline:
                raise SystemExit("the jobs did not finish in time")
            time.sleep(0.5)
            continue
        jobs = [a.json() for a in answers]
        if (
            all(j["state"] in ("done", "failed", "cancelled") for j in jobs)
            or time.monotonic() > deadline
        ):
            return jobs
        time.sleep(0.5)


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]


def contention(site: Site, events: list[ShipmentEvent], args: argparse.Namespace) -> None:
    coordinator = site.token("coordinator0")
    started = time.perf_counter()
    ids = queue_jobs(site, coordinator, args.jobs)
    tally, stop = Tally(), threading.Event()
    shares = [events[n :: args.users] for n in range(args.users)]
    threads = [
        threading.Thread(
            target=user_loop, args=(site, site.token("coordinator1"), shares[n], tally, stop)
        )
        for n in range(args.users)
    ]
    for thread in threads:
        thread.start()
    try:
        jobs = wait_jobs(site, coordinator, ids)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    wall = time.perf_counter() - started
    states = [j["state"] for j in jobs]
    times = sorted(tally.times_ms)
    print(
        f"  contention: {args.jobs} plan jobs ({args.rows} rows) on {args.workers} workers, "
        f"{args.users} users: jobs {states} in {wall:.1f} s; {len(times)} requests, "
        f"p50 {statistics.median(times):.0f} ms, p95 {p95(times):.0f} ms, max {times[-1]:.0f} ms, "
        f"errors {len(tally.errors)}, refusals {tally.refused}"
    )
    for error in tally.errors[:5]:
        print(f"    error: {error}")


def overhead(site: Site, repeat: int = 5) -> None:
    token = site.token("coordinator0")
    headers = {"Authorization": f"Bearer {token}"}
    delays = []
    for _ in range(repeat):
        (job_id,) = queue_jobs(site, token, 1)
        while (job := httpx.get(f"{site.base}/jobs/{job_id}", headers=headers, timeout=120).json())[
            "started_at"
        ] is None:
            time.sleep(0.02)
        delays.append(
            (
                dt.datetime.fromisoformat(job["started_at"])
                - dt.datetime.fromisoformat(job["created_at"])
            ).total_seconds()
            * 1000
        )
        httpx.delete(f"{site.base}/jobs/{job_id}", headers=headers, timeout=120)
        wait_jobs(site, token, [job_id])
    print(
        f"  queue→start on an idle worker: {', '.join(f'{d:.0f}' for d in delays)} ms "
        f"(median {statistics.median(delays):.0f} ms)"
    )


def workers_up(url: str, count: int) -> None:
    """Wait until `count` workers have registered, so start-up is not timed as planning."""
    engine = make_engine(url)
    try:
        for _ in range(1200):
            with engine.connect() as connection:
                up = connection.execute(text("SELECT count(*) FROM procrastinate_workers"))
                if up.scalar_one() >= count:
                    return
            time.sleep(0.1)
        raise SystemExit(f"{count} workers did not start")
    finally:
        engine.dispose()


def speed_up(url: str, folder: Path, args: argparse.Namespace) -> None:
    walls = {}
    for count in (1, 2):
        with database("postgresql", folder / f"batch{count}") as batch_url:
            seed(batch_url, args.batch_rows)
            site = Site(batch_url, folder, 0)
            try:
                token = site.token("coordinator0")
                site.start_workers(count)
                workers_up(batch_url, count)
                started = time.perf_counter()
                ids = queue_jobs(site, token, args.batch)
                jobs = wait_jobs(site, token, ids)
                walls[count] = time.perf_counter() - started
                done = sum(j["state"] == "done" for j in jobs)
                print(
                    f"  batch of {args.batch} plans ({args.batch_rows} rows), {count} worker(s): "
                    f"{walls[count]:.1f} s, {done} done"
                )
            finally:
                site.close()
    print(f"  speed-up 2 workers vs 1: {walls[1] / walls[2]:.2f}×")


def run(backend: str, args: argparse.Namespace) -> None:
    print(f"{backend}:")
    with tempfile.TemporaryDirectory() as name, database(backend, Path(name)) as url:
        folder = Path(name)
        events = seed(url, args.rows)
        site = Site(url, folder, args.workers)
        try:
            contention(site, events, args)
            overhead(site)
        finally:
            site.close()
        if backend == "postgresql" and args.batch > 0:
            speed_up(url, folder, args)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--batch-rows", type=int, default=1000)
    args = parser.parse_args()
    for backend in args.backend.split(","):
        run(backend, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
