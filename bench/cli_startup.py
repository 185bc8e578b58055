"""How long `pledgeflow` takes to start: `--version`, `--help`, and a command on a database.

Each is run as a fresh process several times; the figures are the median wall time and the
median CPU time of the child (the machine's load shows in the first, less in the second).
Issue 14 asks for `--version` within 0.5 s.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    command = [sys.executable, "-c", "from pledgeflow.cli.main import app; app()"]
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "PLEDGEFLOW_DATABASE_URL": f"sqlite:///{Path(folder) / 'bench.db'}",
            "PLEDGEFLOW_SIGNING_KEY_PATH": str(Path(folder) / "signing.key"),
        }
        subprocess.run([*command, "init"], check=True, capture_output=True, env=env)
        for label, args in (
            ("--version", ["--version"]),
            ("--help", ["--help"]),
            ("show items", ["show", "items"]),
        ):
            runs = [timed([*command, *args], env) for _ in range(RUNS)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            print(
                f"pledgeflow {label:<10} wall {wall:6.3f} s   cpu {cpu:6.3f} s  (median of {RUNS})"
            )


if __name__ == "__main__":
    main()
