"""What the public pages and downloads show, drawn once per tracker and then served.

Drawing the charts and writing the workbook cost more than the whole budget of a public
request at M size, and they change only when the tracker does (a business record changed, or
the day turned). So each tracker's tables, charts and any rendered answer are kept beside it
until the tracker cache hands out another one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from pledgeflow.adapters.exporters.sheets import Sheet
from pledgeflow.adapters.reports.plots import Chart
from pledgeflow.adapters.reports.tracker_sections import tracker_charts
from pledgeflow.service.tracker import Tracker
from pledgeflow.service.tracker_tables import tracker_tables

T = TypeVar("T")


@dataclass
class PublicView:
    tracker: Tracker
    tables: dict[str, Sheet]
    charts: dict[str, Chart]
    _memo: dict[str, object] = field(default_factory=dict)

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """`make()` the first time `key` is asked for, the same answer afterwards."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]  # type: ignore[return-value]


class PublicViews:
    def __init__(self) -> None:
        self._last: PublicView | None = None
        self._lock = threading.Lock()

    def view(self, tracker: Tracker) -> PublicView:
        with self._lock:
            if self._last is not None and self._last.tracker is tracker:
                return self._last
        charts = {c.slug: c for c in tracker_charts(tracker)}
        made = PublicView(tracker, tracker_tables(tracker), charts)
        with self._lock:
            self._last = made
        return made
