"""What a running plan shows: its stage, the stage's bound and gap, at least every 2 seconds.

On a terminal a Rich status line is redrawn in place; in a log (not a terminal) plain lines
are written, one every 2 seconds while the planner works, so a long stage never looks hung.
The planner reports through its progress callback (a stage name that carries the objective,
bound and gap of the latest pricing round); a ticker thread repeats the latest report.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

from pledgeflow.adapters.solver_output import silence_solver_banner

TICK_S = 2.0
Report = Callable[[str, float], None]


@contextmanager
def planning_progress(console: Console, what: str = "planning") -> Iterator[Report]:
    """A progress callback for the planner; the display lasts as long as the block."""
    silence_solver_banner()
    started = time.monotonic()
    latest = {"stage": "starting", "fraction": 0.0}
    stop = threading.Event()

    def line() -> str:
        elapsed = time.monotonic() - started
        return f"{what}: {elapsed:5.1f} s, {latest['fraction']:4.0%} — {latest['stage']}"

    def report(stage: str, fraction: float) -> None:
        latest.update(stage=stage, fraction=fraction)

    if console.is_terminal:
        with console.status(line()) as status:
            ticker = threading.Thread(
                target=_tick, args=(stop, lambda: status.update(line()), 0.5), daemon=True
            )
            ticker.start()
            try:
                yield report
            finally:
                stop.set()
                ticker.join()
        return

    def write() -> None:
        console.print(line(), highlight=False, soft_wrap=True)

    ticker = threading.Thread(target=_tick, args=(stop, write, TICK_S), daemon=True)
    ticker.start()
    try:
        yield report
    finally:
        stop.set()
        ticker.join()
        write()


def _tick(stop: threading.Event, show: Callable[[], None], every: float) -> None:
    while not stop.wait(every):
        show()
