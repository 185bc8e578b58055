"""Validation: raw tables → valid domain records, and every problem found, in one pass.

Nothing stops at the first mistake: a user fixing a 600-row workbook wants the whole list.
Each row is checked for its own fields, its key (unique in the file; new unless updating) and
its references (to rows of the file or records already in the database), in that order, and
is kept only if all of it passed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from pledgeflow.adapters.importers import records
from pledgeflow.adapters.importers.calendars import CalendarOverlaps
from pledgeflow.adapters.importers.columns import IGNORED_PREFIX, TABLES, TableSpec
from pledgeflow.adapters.importers.fields import RowFields
from pledgeflow.adapters.importers.network_warnings import network_warnings
from pledgeflow.adapters.importers.problems import ImportProblem, ImportResult
from pledgeflow.adapters.importers.raw_tables import RawRow, RawTable
from pledgeflow.adapters.importers.references import catalogue_of, check_references
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.errors import DomainError
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.sites import HubCalendarEntry

T = TypeVar("T")
Progress = Callable[[str, int, int], None]
Key = tuple[str, ...]

PROGRESS_STRIDE = 500
"""Rows between two progress reports: often enough for a progress bar, cheap for 50,000 rows."""


def validate(
    tables: Mapping[str, RawTable],
    known: Dataset,
    *,
    update: bool,
    on_row: Progress | None = None,
) -> ImportResult:
    """Check every row of `tables` against the format and against `known` (the database).

    A row whose key is already known is an update when `update` is set and a problem
    otherwise. `on_row(table, done, total)` is called every PROGRESS_STRIDE rows and at the
    end of each table.
    """
    table_names = ", ".join(TABLES)
    problems = [
        ImportProblem(name, None, None, table.source, f"unknown table; tables are: {table_names}")
        for name, table in tables.items()
        if name not in TABLES
    ]
    run = _Pass(tables, known, update, on_row, problems)
    dataset = Dataset(
        parties=run.collect("parties", records.party),
        items=run.collect("items", records.item),
        sites=run.collect("sites", records.site),
        lanes=run.collect("lanes", records.lane),
        hub_calendar=run.collect("hub_calendar", records.hub_calendar_entry),
        requirements=run.collect("requirements", records.requirement),
        pledges=run.collect("pledges", records.pledge),
    )
    order = {name: position for position, name in enumerate(TABLES)}
    problems.sort(key=lambda problem: (order.get(problem.table, -1), problem.row or 0))
    warnings = network_warnings(dataset, known)
    return ImportResult(dataset, problems, run.added, run.updated, warnings)


def known_keys(known: Dataset) -> dict[str, set[Key]]:
    """The key of every record in `known`, spelt as the file would spell it."""
    return {
        "parties": {(party.code,) for party in known.parties},
        "items": {(item.code,) for item in known.items},
        "sites": {(site.code,) for site in known.sites},
        "lanes": {(lane.from_site, lane.to_site) for lane in known.lanes},
        "hub_calendar": {
            (entry.hub, entry.from_date.isoformat(), entry.to_date.isoformat())
            for entry in known.hub_calendar
        },
        "requirements": {(requirement.id,) for requirement in known.requirements},
        "pledges": {(pledge.id,) for pledge in known.pledges},
    }


class _Pass:
    """The state of one validation run: what exists, what was seen, what was counted."""

    def __init__(
        self,
        tables: Mapping[str, RawTable],
        known: Dataset,
        update: bool,
        on_row: Progress | None,
        problems: list[ImportProblem],
    ) -> None:
        self.tables = tables
        self.update = update
        self.on_row = on_row
        self.problems = problems
        self.catalogue = catalogue_of(known, tables)
        self.known_keys = known_keys(known)
        self.known_pledges = {pledge.id: pledge for pledge in known.pledges}
        self.calendar = CalendarOverlaps(known.hub_calendar)
        self.added: dict[str, int] = {}
        self.updated: dict[str, int] = {}

    def collect(self, name: str, build: Callable[[RowFields], T | None]) -> tuple[T, ...]:
        """The valid records of table `name`, recording the problems of the others."""
        table = self.tables.get(name)
        if table is None:
            return ()
        spec = TABLES[name]
        index = self._check_header(spec, table)
        unnamed = [position for position, column in enumerate(table.header) if not column]
        seen: dict[Key, int] = {}
        kept: list[T] = []
        self.added[name] = self.updated[name] = 0
        for done, row in enumerate(table.rows, start=1):
            fields = RowFields(name, row, index, self.problems)
            _check_unnamed_cells(fields, row, unnamed, len(table.header))
            record = build(fields)
            is_update = self._check_key(spec, fields, seen)
            check_references(name, fields, self.catalogue)
            if record is not None:
                self._check_record(fields, record, is_update)
            if record is not None and not fields.failed:
                kept.append(record)
                counts = self.updated if is_update else self.added
                counts[name] += 1
            if self.on_row is not None and (done % PROGRESS_STRIDE == 0 or done == len(table.rows)):
                self.on_row(name, done, len(table.rows))
        return tuple(kept)

    def _check_header(self, spec: TableSpec, table: RawTable) -> dict[str, int]:
        """Column positions by name, after recording unknown, repeated and missing columns."""
        index: dict[str, int] = {}
        for position, column in enumerate(table.header):
            if not column or column.startswith(IGNORED_PREFIX):
                continue
            if column in index:
                self._header_problem(spec, column, "column appears twice")
            elif column not in spec.columns:
                expected = ", ".join(spec.columns)
                reason = f"unknown column (columns are: {expected}; prefix x_ to keep your own)"
                self._header_problem(spec, column, reason)
            else:
                index[column] = position
        for column in spec.columns:
            if column in spec.required and column not in index:
                self.problems.append(
                    ImportProblem(spec.name, 1, column, None, "required column is missing")
                )
        return index

    def _header_problem(self, spec: TableSpec, column: str, reason: str) -> None:
        self.problems.append(ImportProblem(spec.name, 1, column, column, reason))

    def _check_key(self, spec: TableSpec, fields: RowFields, seen: dict[Key, int]) -> bool:
        """Whether the row updates a known record; records a duplicate or unwanted update."""
        key = tuple(fields.raw(column) for column in spec.key)
        if not all(key):
            return False
        shown = ", ".join(key)
        first = seen.setdefault(key, fields.row.number)
        if first != fields.row.number:
            fields.problem(spec.key[0], shown, f"duplicate: same key as row {first}")
        if key not in self.known_keys[spec.name]:
            return False
        if not self.update:
            fields.problem(spec.key[0], shown, "already present (use --update to change it)")
        return self.update

    def _check_record(self, fields: RowFields, record: object, is_update: bool) -> None:
        """Rules that need the record and what surrounds it, beyond its own row."""
        if isinstance(record, HubCalendarEntry):
            self.calendar.check(fields, record)
        elif isinstance(record, Pledge) and is_update:
            try:
                self.known_pledges[record.id].moved_to(record.status)
            except DomainError as error:
                fields.problem("status", fields.raw("status"), error.reason)


def _check_unnamed_cells(fields: RowFields, row: RawRow, unnamed: list[int], width: int) -> None:
    """A value with no column name above it would be silently lost: report it."""
    if len(row.cells) <= width and not unnamed:
        return
    for position, value in enumerate(row.cells):
        if value and (position >= width or position in unnamed):
            fields.problem(None, value, f"value in column {position + 1}, which has no name")
