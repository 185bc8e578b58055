"""`make bench`: every benchmark, each in its own process so peak memory is its own.

Each script prints its figures and its ratios against a baseline measured in the same run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    "planner.py",
    "replan.py",
    "audit_merkle.py",
    "audit_log.py",
    "interchange_validation.py",
    "shipments.py",
    "web_latency.py",
    "public_pages.py",
    "cli_startup.py",
    "scenarios.py",
)


def main() -> int:
    failed = []
    for name in SCRIPTS:
        script = HERE / name
        if not script.exists():
            print(f"== {name}: missing", flush=True)
            failed.append(name)
            continue
        print(f"\n== {name}", flush=True)
        started = time.perf_counter()
        # The repository root on the path lets scripts import `bench.baselines`.
        env = {**os.environ, "PYTHONPATH": str(HERE.parent)}
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent, env=env)
        print(f"== {name}: exit {code} after {time.perf_counter() - started:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
