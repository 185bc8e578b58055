"""The contention burst of issue 16, point 2, against a real server: 40 concurrent wrong
passwords for one name, while 4 writers each make 5 writes, on SQLite and on PostgreSQL.

Before the fix, every unit of work began BEGIN IMMEDIATE (reads and failed logins too), and
this burst gave nine 500s to logins and one to a writer. It must now give no 5xx: logins are
401 until the throttle answers 429, each write is 201 (or 503 + Retry-After if it waited past
the lock timeout, which it should not here). Prints the answers by status code per database
and exits 1 if any was a 5xx. Timings are whatever the (shared) machine gives.

    PLEDGEFLOW_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test \\
        .venv/bin/python bench/login_burst.py
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_server import databases, live_server

from pledgeflow.bootstrap import Container
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party, Role
from pledgeflow.service import users
from pledgeflow.service.access import Role as AccessRole

LOGINS = 40
WRITERS = 4
WRITES_EACH = 5
PASSWORD = "bench password"


def seed(container: Container) -> None:
    with container.uow() as uow:
        uow.datasets.save(Dataset(parties=(Party("UKR", "Ukraine", frozenset({Role.RECIPIENT})),)))
        uow.commit("import")
    users.add_user(container.uow(), "target", PASSWORD, AccessRole.COORDINATOR)
    for number in range(WRITERS):
        users.add_user(container.uow(), f"writer{number}", PASSWORD, AccessRole.COORDINATOR)


def burst(base_url: str) -> tuple[Counter[int], Counter[int], float]:
    tokens = []
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for number in range(WRITERS):
            body = {"name": f"writer{number}", "password": PASSWORD}
            tokens.append(client.post("/auth/login", json=body).json()["token"])
    start = threading.Barrier(LOGINS + WRITERS)

    def bad_login(_: int) -> int:
        with httpx.Client(base_url=base_url, timeout=60) as client:
            start.wait()
            body = {"name": "target", "password": "not the password"}
            return client.post("/auth/login", json=body).status_code

    def writer(number: int) -> list[int]:
        headers = {"Authorization": f"Bearer {tokens[number]}"}
        with httpx.Client(base_url=base_url, timeout=60, headers=headers) as client:
            start.wait()
            statuses = []
            for write in range(WRITES_EACH):
                party = {
                    "code": f"W{number}X{write}",
                    "name": f"Writer {number}",
                    "roles": ["donor"],
                }
                statuses.append(client.post("/parties", json=party).status_code)
            return statuses

    began = time.monotonic()
    with ThreadPoolExecutor(max_workers=LOGINS + WRITERS) as pool:
        logins = pool.map(bad_login, range(LOGINS))
        writes = pool.map(writer, range(WRITERS))
        login_counts = Counter(logins)
        write_counts = Counter(s for statuses in writes for s in statuses)
    return login_counts, write_counts, time.monotonic() - began


def main() -> int:
    failures = 0
    for kind in databases():
        with live_server(kind, seed) as server:
            logins, writes, seconds = burst(server.base_url)
        errors = sum(n for s, n in (logins + writes).items() if s >= 500)
        failures += errors
        print(f"{kind}: {LOGINS} bad logins + {WRITERS}×{WRITES_EACH} writes in {seconds:.1f} s")
        print(f"  logins by status: {dict(sorted(logins.items()))}")
        print(f"  writes by status: {dict(sorted(writes.items()))}")
        print(f"  5xx: {errors}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
