"""One builder per table: a row's fields → the domain record, with the format's defaults.

Defaults and signs live here (a blank `divisible` is true, a quantity must be positive), while
the rules that tie fields together stay in the domain constructors, whose DomainError is
reported against the column it names.
"""

from __future__ import annotations

from pledgeflow.adapters.importers.fields import AMOUNT, MONEY, QUANTITY, RowFields
from pledgeflow.domain.items import Item, ItemUse, SupplyClass
from pledgeflow.domain.parties import Party
from pledgeflow.domain.pledges import Pledge, PledgeStatus
from pledgeflow.domain.releasability import Releasability
from pledgeflow.domain.requirements import PRIORITIES, Requirement
from pledgeflow.domain.sites import HubCalendarEntry, Lane, Site, SiteKind
from pledgeflow.domain.text_rules import CODE, COUNTRY, CURRENCY, KEY, NOTE, UNIT


def party(f: RowFields) -> Party | None:
    return f.build(
        lambda: Party(
            code=f.text("code", CODE),
            name=f.text("name"),
            roles=f.roles("roles"),
            gdp_eur=f.optional_decimal("gdp_eur", MONEY),
            currency=f.optional_text("currency", CURRENCY),
        )
    )


def item(f: RowFields) -> Item | None:
    return f.build(
        lambda: Item(
            code=f.text("code", KEY),
            name=f.text("name"),
            supply_class=f.enum("supply_class", SupplyClass),
            unit=f.text("unit", UNIT),
            unit_mass_kg=f.decimal("unit_mass_kg", QUANTITY),
            unit_value_eur=f.optional_decimal("unit_value_eur", MONEY),
            divisible=f.boolean("divisible", default=True),
            substitution_group=f.optional_text("substitution_group", KEY),
            substitution_penalty=f.optional_decimal("substitution_penalty", AMOUNT),
            use=f.optional_enum("use", ItemUse),
        )
    )


def site(f: RowFields) -> Site | None:
    return f.build(
        lambda: Site(
            code=f.text("code", KEY),
            name=f.text("name"),
            kind=f.enum("kind", SiteKind),
            country=f.text("country", COUNTRY),
            capacity_t_per_day=f.optional_decimal("capacity_t_per_day", AMOUNT),
            handling_days=f.integer("handling_days", low=0, default=0),
        )
    )


def lane(f: RowFields) -> Lane | None:
    return f.build(
        lambda: Lane(
            from_site=f.text("from", KEY),
            to_site=f.text("to", KEY),
            days=f.integer("days", low=0),
        )
    )


def hub_calendar_entry(f: RowFields) -> HubCalendarEntry | None:
    return f.build(
        lambda: HubCalendarEntry(
            hub=f.text("hub", KEY),
            from_date=f.date("from"),
            to_date=f.date("to"),
            capacity_t_per_day=f.decimal("capacity_t_per_day", AMOUNT),
        )
    )


def requirement(f: RowFields) -> Requirement | None:
    return f.build(
        lambda: Requirement(
            id=f.text("id", KEY),
            item=f.text("item", KEY),
            quantity=f.decimal("quantity", QUANTITY),
            priority=f.integer("priority", low=PRIORITIES.start, high=PRIORITIES.stop - 1),
            needed_by=f.date("needed_by"),
            destination=f.text("destination", KEY),
            releasability=f.enum("releasability", Releasability, Releasability.PUBLIC),
            notes=f.optional_text("notes", NOTE),
        )
    )


def pledge(f: RowFields) -> Pledge | None:
    return f.build(
        lambda: Pledge(
            id=f.text("id", KEY),
            donor=f.text("donor", CODE),
            item=f.text("item", KEY),
            quantity=f.decimal("quantity", QUANTITY),
            available_from=f.date("available_from"),
            origin=f.text("origin", KEY),
            status=f.enum("status", PledgeStatus, PledgeStatus.ANNOUNCED),
            value_eur=f.optional_decimal("value_eur", MONEY),
            earmark=f.optional_text("earmark", KEY),
            releasability=f.enum("releasability", Releasability, Releasability.PUBLIC),
            fund=f.optional_text("fund"),
        )
    )
