"""Conversions between domain records and table rows, one pair per table."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from pledgeflow.adapters import tables as t
from pledgeflow.domain.items import Item, ItemUse, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind

Row = Mapping[Any, Any]
ROLE_ORDER = tuple(Role)


def party_row(p: Party) -> dict[str, Any]:
    roles = ";".join(r.value for r in ROLE_ORDER if r in p.roles)
    return {
        "code": p.code,
        "name": p.name,
        "roles": roles,
        "gdp_eur": p.gdp_eur,
        "currency": p.currency,
    }


def party_from(r: Row) -> Party:
    return Party(
        code=r["code"],
        name=r["name"],
        roles=frozenset(Role(x) for x in r["roles"].split(";") if x),
        gdp_eur=r["gdp_eur"],
        currency=r["currency"],
    )


def item_row(i: Item) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": i.name,
        "supply_class": i.supply_class.value,
        "unit": i.unit,
        "unit_mass_kg": i.unit_mass_kg,
        "unit_value_eur": i.unit_value_eur,
        "divisible": i.divisible,
        "substitution_group": i.substitution_group,
        "substitution_penalty": i.substitution_penalty,
        "use": None if i.use is None else i.use.value,
    }


def item_from(r: Row) -> Item:
    return Item(
        code=r["code"],
        name=r["name"],
        supply_class=SupplyClass(r["supply_class"]),
        unit=r["unit"],
        unit_mass_kg=r["unit_mass_kg"],
        unit_value_eur=r["unit_value_eur"],
        divisible=bool(r["divisible"]),
        substitution_group=r["substitution_group"],
        substitution_penalty=r["substitution_penalty"],
        use=None if r["use"] is None else ItemUse(r["use"]),
    )


def site_row(s: Site) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": s.name,
        "kind": s.kind.value,
        "country": s.country,
        "capacity_t_per_day": s.capacity_t_per_day,
        "handling_days": s.handling_days,
    }


def site_from(r: Row) -> Site:
    return Site(
        code=r["code"],
        name=r["name"],
        kind=SiteKind(r["kind"]),
        country=r["country"],
        capacity_t_per_day=r["capacity_t_per_day"],
        handling_days=r["handling_days"],
    )


def lane_row(lane: Lane) -> dict[str, Any]:
    return {"from_site": lane.from_site, "to_site": lane.to_site, "days": lane.days}


def lane_from(r: Row) -> Lane:
    return Lane(from_site=r["from_site"], to_site=r["to_site"], days=r["days"])


def calendar_row(c: HubCalendarEntry) -> dict[str, Any]:
    return {
        "hub": c.hub,
        "from_date": c.from_date,
        "to_date": c.to_date,
        "capacity_t_per_day": c.capacity_t_per_day,
    }


def calendar_from(r: Row) -> HubCalendarEntry:
    return HubCalendarEntry(
        hub=r["hub"],
        from_date=r["from_date"],
        to_date=r["to_date"],
        capacity_t_per_day=r["capacity_t_per_day"],
    )


def requirement_row(q: Requirement) -> dict[str, Any]:
    return {
        "id": q.id,
        "item": q.item,
        "quantity": q.quantity,
        "priority": q.priority,
        "needed_by": q.needed_by,
        "destination": q.destination,
        "releasability": q.releasability.value,
        "notes": q.notes,
    }


def requirement_from(r: Row) -> Requirement:
    return Requirement(
        id=r["id"],
        item=r["item"],
        quantity=r["quantity"],
        priority=r["priority"],
        needed_by=r["needed_by"],
        destination=r["destination"],
        releasability=Releasability(r["releasability"]),
        notes=r["notes"],
    )


def pledge_row(p: Pledge) -> dict[str, Any]:
    return {
        "id": p.id,
        "donor": p.donor,
        "item": p.item,
        "quantity": p.quantity,
        "available_from": p.available_from,
        "origin": p.origin,
        "status": p.status.value,
        "value_eur": p.value_eur,
        "earmark": p.earmark,
        "releasability": p.releasability.value,
        "fund": p.fund,
    }


def pledge_from(r: Row) -> Pledge:
    return Pledge(
        id=r["id"],
        donor=r["donor"],
        item=r["item"],
        quantity=r["quantity"],
        available_from=r["available_from"],
        origin=r["origin"],
        status=PledgeStatus(r["status"]),
        value_eur=r["value_eur"],
        earmark=r["earmark"],
        releasability=Releasability(r["releasability"]),
        fund=r["fund"],
    )


@dataclass(frozen=True)
class Mapper:
    """How one Dataset field maps to its table; rows are keyed by the primary key."""

    field: str
    table: Table
    to_row: Callable[[Any], dict[str, Any]]
    from_row: Callable[[Row], Any]

    @property
    def key_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.table.primary_key.columns)


# Insertion order respects foreign keys: parties, items and sites before what refers to them.
MAPPERS = (
    Mapper("parties", t.parties, party_row, party_from),
    Mapper("items", t.items, item_row, item_from),
    Mapper("sites", t.sites, site_row, site_from),
    Mapper("lanes", t.lanes, lane_row, lane_from),
    Mapper("hub_calendar", t.hub_calendar, calendar_row, calendar_from),
    Mapper("requirements", t.requirements, requirement_row, requirement_from),
    Mapper("pledges", t.pledges, pledge_row, pledge_from),
)
MAPPER_BY_FIELD = {m.field: m for m in MAPPERS}
