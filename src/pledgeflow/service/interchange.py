"""Import and export of the interchange format: all or nothing, and every problem at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.importers import UnreadableFile, read_tables, validate
from pledgeflow.adapters.importers.limits import ImportLimits
from pledgeflow.adapters.importers.problems import ImportProblem
from pledgeflow.adapters.importers.raw_tables import RawTable
from pledgeflow.config import Settings
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.pledges import PledgeStatus
from pledgeflow.service.errors import Rejected, ServiceError
from pledgeflow.service.finance_imports import check_finance, split_tables
from pledgeflow.service.unit_of_work import UnitOfWork

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportSummary:
    added: dict[str, int]
    updated: dict[str, int]
    warnings: tuple[str, ...] = ()


def import_path(
    uow: UnitOfWork,
    path: Path,
    *,
    update: bool = False,
    on_row: Progress | None = None,
    limits: ImportLimits | None = None,
) -> ImportSummary:
    """Validate the whole file against what the database holds, then write all of it or none.

    Validation and the write share one transaction, so rows another user adds meanwhile cannot
    slip between the check and the write. `limits` default to the environment's settings.
    """
    try:
        tables = read_tables(path, limits or ImportLimits.of(Settings()))
    except (UnreadableFile, FileNotFoundError) as error:
        raise ServiceError(str(error)) from error
    business, finance = split_tables(tables)
    with uow:
        known = uow.datasets.load()
        result = validate(business, known, update=update, on_row=on_row)
        shipped = {shipment.pledge for shipment in uow.shipments.all()}
        result.problems.extend(_moved_without_shipments(tables, result.dataset, shipped))
        rows, finance_problems = check_finance(
            uow, finance, known, result.dataset, _pledge_rows(tables), update=update
        )
        problems = result.problems + finance_problems
        if problems:
            count = len(problems)
            raise Rejected(f"{path}: {count} problem(s) found; nothing was imported", problems)
        saved = uow.datasets.save(result.dataset)
        saved.update(uow.finance.save_finance(rows.records()))
        uow.commit("import")
    return ImportSummary(
        added={table: added for table, (added, _) in saved.items()},
        updated={table: updated for table, (_, updated) in saved.items() if updated},
        warnings=tuple(str(warning) for warning in result.warnings),
    )


MOVED = (PledgeStatus.SHIPPED, PledgeStatus.DELIVERED)


def _moved_without_shipments(
    tables: Mapping[str, RawTable], dataset: Dataset, shipped: set[str]
) -> list[ImportProblem]:
    """A pledge is shipped or delivered because shipments say so; imported with that status
    and no shipment behind it, the planner would count its goods as already moved (neither
    supply nor delivered fill). The interchange tables carry records, not shipments: such a
    pledge is refused, and a whole database moves with `pledgeflow backup` / `restore`."""
    moved = {p.id: p.status for p in dataset.pledges if p.status in MOVED and p.id not in shipped}
    table = tables.get("pledges")
    if not moved or table is None or "id" not in table.header:
        return []
    at = table.header.index("id")
    return [
        ImportProblem(
            "pledges",
            row.number,
            "status",
            str(moved[row.cells[at]]),
            "set by recorded shipments, and this database has none for this pledge: import it "
            "as committed or allocated and record its shipments (pledgeflow ship import), or "
            "move the whole database with pledgeflow backup / restore",
        )
        for row in table.rows
        if len(row.cells) > at and row.cells[at] in moved
    ]


def _pledge_rows(tables: Mapping[str, RawTable]) -> dict[str, int]:
    """The spreadsheet row of each pledge id in the file, to name it in a use-rule refusal."""
    table = tables.get("pledges")
    if table is None or "id" not in table.header:
        return {}
    position = table.header.index("id")
    return {row.cells[position]: row.number for row in table.rows if len(row.cells) > position}


def export_path(uow: UnitOfWork, path: Path) -> Dataset:
    with uow.reading():
        dataset = uow.datasets.load()
    write_dataset(dataset, path)
    return dataset
