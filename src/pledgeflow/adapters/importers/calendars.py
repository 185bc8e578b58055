"""Hub calendar entries of one hub must not overlap: on a shared day its capacity is ambiguous."""

from __future__ import annotations

import datetime as dt

from pledgeflow.adapters.importers.fields import RowFields
from pledgeflow.domain.sites import HubCalendarEntry

Span = tuple[dt.date, dt.date, int | None]
"""First day, last day, and the file row (None: held by the database)."""


class CalendarOverlaps:
    """The entries seen so far per hub, to check each new one against.

    An entry with exactly the same days as another has the same key, so it is a duplicate
    or an update and is left to the key check; only partial overlaps are reported here.
    """

    def __init__(self, known: tuple[HubCalendarEntry, ...]) -> None:
        self._spans: dict[str, list[Span]] = {}
        for entry in known:
            self._spans.setdefault(entry.hub, []).append((entry.from_date, entry.to_date, None))

    def check(self, fields: RowFields, entry: HubCalendarEntry) -> None:
        spans = self._spans.setdefault(entry.hub, [])
        for first, last, row in spans:
            same_days = (first, last) == (entry.from_date, entry.to_date)
            if not same_days and first <= entry.to_date and entry.from_date <= last:
                where = "in the database" if row is None else f"in row {row}"
                fields.problem(
                    "from",
                    fields.raw("from"),
                    f"overlaps the entry for {first}…{last} {where}; a day needs one capacity",
                )
                break
        spans.append((entry.from_date, entry.to_date, fields.row.number))
