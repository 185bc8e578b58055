"""Writing a Dataset in the interchange format, so that importing the result gives it back."""

from __future__ import annotations

from pathlib import Path

from pledgeflow.adapters.exporters.sheets import Sheet, write_sheets
from pledgeflow.adapters.importers.columns import TABLES
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge
from pledgeflow.domain.requirements import Requirement


def write_dataset(dataset: Dataset, path: Path) -> None:
    """Write `dataset` to a workbook (`path` ends in .xlsx) or to a folder of CSV files.

    A workbook holds a sheet per non-empty table; a folder holds a file per table, empty ones
    with just their header, so that re-exporting into the same folder never leaves an older
    file of a table behind. An entirely empty dataset gives every table's header, a template.
    """
    sheets = dataset_sheets(dataset)
    if path.suffix.lower() == ".xlsx":
        filled = {name: sheet for name, sheet in sheets.items() if sheet[1]}
        sheets = filled or sheets
    write_sheets(sheets, path)


def dataset_sheets(dataset: Dataset) -> dict[str, Sheet]:
    """Every table of `dataset` as header and rows, in the documented column order."""
    rows: dict[str, list[list[object]]] = {
        "parties": [_party_row(party) for party in dataset.parties],
        "items": [
            [
                item.code,
                item.name,
                item.supply_class,
                item.unit,
                item.unit_mass_kg,
                item.unit_value_eur,
                item.divisible,
                item.substitution_group,
                item.substitution_penalty,
                item.use,
            ]
            for item in dataset.items
        ],
        "sites": [
            [s.code, s.name, s.kind, s.country, s.capacity_t_per_day, s.handling_days]
            for s in dataset.sites
        ],
        "lanes": [[lane.from_site, lane.to_site, lane.days] for lane in dataset.lanes],
        "hub_calendar": [
            [entry.hub, entry.from_date, entry.to_date, entry.capacity_t_per_day]
            for entry in dataset.hub_calendar
        ],
        "requirements": [_requirement_row(requirement) for requirement in dataset.requirements],
        "pledges": [_pledge_row(pledge) for pledge in dataset.pledges],
    }
    return {name: (list(spec.columns), rows[name]) for name, spec in TABLES.items()}


def roles_text(roles: frozenset[Role]) -> str:
    """Roles `;`-joined in the order Role declares them, so equal sets give equal text."""
    return ";".join(role.value for role in Role if role in roles)


def _party_row(party: Party) -> list[object]:
    return [party.code, party.name, roles_text(party.roles), party.gdp_eur, party.currency]


def _requirement_row(r: Requirement) -> list[object]:
    return [
        *(r.id, r.item, r.quantity, r.priority, r.needed_by, r.destination),
        *(r.releasability, r.notes),
    ]


def _pledge_row(p: Pledge) -> list[object]:
    return [
        *(p.id, p.donor, p.item, p.quantity, p.available_from, p.origin, p.status),
        *(p.value_eur, p.earmark, p.releasability, p.fund),
    ]
