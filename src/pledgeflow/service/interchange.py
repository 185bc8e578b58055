"""Import and export of the interchange format: all or nothing, and every problem at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pledgeflow.adapters.exporters import write_dataset
from pledgeflow.adapters.importers import UnreadableFile, read_tables, validate
from pledgeflow.adapters.importers.limits import ImportLimits
from pledgeflow.config import Settings
from pledgeflow.domain.datasets import Dataset
from pledgeflow.service.errors import Rejected, ServiceError
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
    with uow:
        known = uow.datasets.load()
        result = validate(tables, known, update=update, on_row=on_row)
        if result.problems:
            count = len(result.problems)
            raise Rejected(
                f"{path}: {count} problem(s) found; nothing was imported", result.problems
            )
        saved = uow.datasets.save(result.dataset)
        uow.commit("import")
    return ImportSummary(
        added={table: added for table, (added, _) in saved.items()},
        updated={table: updated for table, (_, updated) in saved.items() if updated},
        warnings=tuple(str(warning) for warning in result.warnings),
    )


def export_path(uow: UnitOfWork, path: Path) -> Dataset:
    with uow.reading():
        dataset = uow.datasets.load()
    write_dataset(dataset, path)
    return dataset
