"""The audit log in the database: appends during a large import, and a full verify.

Figures (SQLite file in a temporary folder, or PostgreSQL with --postgres URL), each with a
baseline measured in the same process:

- append: one import-sized command writing N rows; baseline = the same rows written with the
  log switched off (plain INSERTs), so the ratio is what the log costs on top of the writes.
- verify: `audit verify` over a log of M entries (re-hash every entry, rebuild the tree,
  replay the log against the tables); baseline = merely reading every log row back.

    .venv/bin/python bench/audit_log.py [--appends 100000] [--log-size 1000000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import sqlalchemy as sa

from pledgeflow.adapters import migrations
from pledgeflow.adapters.db import make_engine
from pledgeflow.adapters.tables import audit_log, parties
from pledgeflow.config import Settings
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party, Role
from pledgeflow.service import audit
from pledgeflow.service.unit_of_work import UnitOfWork

T = TypeVar("T")
_BATCH = 100_000


def timed(action: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def party_rows(start: int, count: int) -> tuple[Party, ...]:
    return tuple(
        Party(f"B{i:07d}", f"Bench party {i}", frozenset({Role.DONOR}), Decimal(i) * 1000)
        for i in range(start, start + count)
    )


def fresh_engine(url: str) -> sa.Engine:
    engine = make_engine(url)
    migrations.downgrade(engine)
    migrations.upgrade(engine)
    return engine


def logged_write(engine: sa.Engine, rows: tuple[Party, ...]) -> int:
    with UnitOfWork(engine, "bench") as uow:
        uow.datasets.save(Dataset(parties=rows))
        return len(uow.commit("import"))


def unlogged_write(engine: sa.Engine, rows: tuple[Party, ...]) -> None:
    from pledgeflow.adapters.rows import party_row

    with engine.begin() as conn:
        values = [party_row(p) for p in rows]
        for start in range(0, len(values), 500):
            conn.execute(sa.insert(parties), values[start : start + 500])


def bench_appends(url: str, count: int) -> None:
    rows = party_rows(0, count)
    baseline_s, _ = timed(lambda: unlogged_write(fresh_engine(url), rows))
    engine = fresh_engine(url)
    logged_s, entries = timed(lambda: logged_write(engine, rows))
    print(f"append: {entries:,} rows in one command")
    print(f"  with the audit log    {logged_s:8.2f} s   {entries / logged_s:10,.0f} entries/s")
    print(f"  baseline, no log      {baseline_s:8.2f} s   {count / baseline_s:10,.0f} rows/s")
    print(f"  ratio logged/plain    {logged_s / baseline_s:8.2f}×")


def bench_verify(url: str, size: int, folder: Path) -> None:
    engine = fresh_engine(url)
    build_s = 0.0
    for start in range(0, size, _BATCH):
        seconds, _ = timed(
            lambda s=start: logged_write(engine, party_rows(s, min(_BATCH, size - s)))
        )
        build_s += seconds
    settings = Settings(database_url=url, signing_key_path=folder / "signing.key")
    audit.ensure_signing_key(settings)

    def read_all() -> int:
        with engine.connect() as conn:
            return sum(
                1 for _ in conn.execution_options(yield_per=2000).execute(sa.select(audit_log))
            )

    baseline_s, read = timed(read_all)
    verify_s, report = timed(lambda: audit.verify_log(UnitOfWork(engine, "bench"), settings))
    if not report.ok or not report.size == size == read:
        raise SystemExit(f"verify found problems: {report.size} entries, {read} read")
    print(f"verify: a log of {size:,} entries (built in {build_s:.1f} s)")
    print(f"  full audit verify     {verify_s:8.2f} s   {size / verify_s:10,.0f} entries/s")
    print(f"  baseline, read rows   {baseline_s:8.2f} s")
    print(f"  ratio verify/read     {verify_s / baseline_s:8.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appends", type=int, default=100_000)
    parser.add_argument("--log-size", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="a PostgreSQL URL instead of a temporary SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = args.postgres or f"sqlite:///{folder / 'bench.db'}"
        print(f"database: {make_engine(url).dialect.name}")
        bench_appends(url, args.appends)
        bench_verify(url, args.log_size, folder)


if __name__ == "__main__":
    main()
