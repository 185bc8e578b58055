"""Checking that every reference names a record that exists, in the file or in the database.

References are checked on the cells' text, independently of whether the row itself is valid,
so a row with a bad quantity and an unknown donor reports both. A record the file defines
overrides the database's version of it (the file may be an update), so its site kind and
roles are the file's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from pledgeflow.adapters.importers.fields import (
    RowFields,
    boolean_text,
    enum_member,
    number_text,
    parse_roles,
)
from pledgeflow.adapters.importers.raw_tables import RawTable
from pledgeflow.domain.datasets import Dataset
from pledgeflow.domain.parties import Role
from pledgeflow.domain.sites import SiteKind

_NOWHERE = "not in this file nor in the database"


@dataclass(slots=True)
class Catalogue:
    """What may be referred to; None (a kind, roles, divisibility) means "unreadable, reported
    with its own row", so rows referring to it are not blamed as well."""

    party_roles: dict[str, frozenset[Role] | None] = field(default_factory=dict)
    item_divisible: dict[str, bool | None] = field(default_factory=dict)
    site_kinds: dict[str, SiteKind | None] = field(default_factory=dict)
    requirements: set[str] = field(default_factory=set)


def catalogue_of(known: Dataset, tables: Mapping[str, RawTable]) -> Catalogue:
    catalogue = Catalogue(
        party_roles={party.code: party.roles for party in known.parties},
        item_divisible={item.code: item.divisible for item in known.items},
        site_kinds={site.code: site.kind for site in known.sites},
        requirements={requirement.id for requirement in known.requirements},
    )
    for code, roles_text in _cells(tables.get("parties"), "code", "roles"):
        roles, unknown = parse_roles(roles_text)
        catalogue.party_roles[code] = None if unknown else roles
    for code, divisible_text in _cells(tables.get("items"), "code", "divisible"):
        catalogue.item_divisible[code] = boolean_text(divisible_text, default=True)
    for code, kind_text in _cells(tables.get("sites"), "code", "kind"):
        catalogue.site_kinds[code] = enum_member(SiteKind, kind_text)
    for code, _ in _cells(tables.get("requirements"), "id", "id"):
        catalogue.requirements.add(code)
    return catalogue


def _cells(table: RawTable | None, key: str, other: str) -> list[tuple[str, str]]:
    """(key, other) cell pairs of every row with a key; [] when the table or key is absent."""
    if table is None or key not in table.header:
        return []
    key_at = table.header.index(key)
    other_at = table.header.index(other) if other in table.header else None
    pairs = []
    for row in table.rows:
        cells = row.cells
        code = cells[key_at] if key_at < len(cells) else ""
        if code:
            value = cells[other_at] if other_at is not None and other_at < len(cells) else ""
            pairs.append((code, value))
    return pairs


def check_references(table: str, f: RowFields, catalogue: Catalogue) -> None:
    """Record a problem for each reference in row `f` of `table` that leads nowhere."""
    if table == "lanes":
        _site(f, "from", catalogue)
        _site(f, "to", catalogue)
    elif table == "hub_calendar":
        _hub(f, "hub", catalogue)
    elif table == "requirements":
        _item(f, "item", catalogue)
        _site(f, "destination", catalogue)
    elif table == "pledges":
        _donor(f, "donor", catalogue)
        _item(f, "item", catalogue)
        _site(f, "origin", catalogue)
        earmark = f.raw("earmark")
        if earmark and earmark not in catalogue.requirements:
            f.problem("earmark", earmark, f"no such requirement ({_NOWHERE})")


def _site(f: RowFields, column: str, catalogue: Catalogue) -> None:
    code = f.raw(column)
    if code and code not in catalogue.site_kinds:
        f.problem(column, code, f"no such site ({_NOWHERE})")


def _item(f: RowFields, column: str, catalogue: Catalogue) -> None:
    """The item must exist; if it comes only in whole units, so must the row's quantity."""
    code = f.raw(column)
    if not code:
        return
    if code not in catalogue.item_divisible:
        f.problem(column, code, f"no such item ({_NOWHERE})")
        return
    quantity = number_text(f.raw("quantity"))
    whole = quantity is None or quantity == quantity.to_integral_value()
    if catalogue.item_divisible[code] is False and not whole:
        f.problem("quantity", f.raw("quantity"), f"item {code} is indivisible: use a whole number")


def _hub(f: RowFields, column: str, catalogue: Catalogue) -> None:
    code = f.raw(column)
    if not code:
        return
    if code not in catalogue.site_kinds:
        f.problem(column, code, f"no such site ({_NOWHERE})")
        return
    kind = catalogue.site_kinds[code]
    if kind is not None and kind is not SiteKind.HUB:
        f.problem(column, code, f"site is a {kind}, not a hub: only hubs have a calendar")


def _donor(f: RowFields, column: str, catalogue: Catalogue) -> None:
    code = f.raw(column)
    if not code:
        return
    if code not in catalogue.party_roles:
        f.problem(column, code, f"no such party ({_NOWHERE})")
        return
    roles = catalogue.party_roles[code]
    if roles is not None and Role.DONOR not in roles:
        f.problem(column, code, "party does not have the donor role")
