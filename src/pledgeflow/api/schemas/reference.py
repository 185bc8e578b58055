"""Reference data: parties, items, sites and lanes."""

from __future__ import annotations

from pydantic import MISSING, BaseModel, Field

from pledgeflow.api.schemas.fields import (
    Code,
    Days,
    Flag,
    Input,
    Key,
    Money,
    Name,
    PositiveQuantity,
    Quantity,
    Unit,
)
from pledgeflow.domain.items import Item, SupplyClass
from pledgeflow.domain.parties import Party, Role
from pledgeflow.domain.sites import Lane, Site, SiteKind
from pledgeflow.domain.text_rules import COUNTRY, CURRENCY


def _text(value: object) -> str | None:
    return None if value is None else str(value)


class PartyCreate(Input):
    code: Code
    name: Name
    roles: list[Role] = Field(min_length=1, max_length=5)
    gdp_eur: Money | None = None
    currency: str | None = Field(default=None, pattern=CURRENCY.pattern)

    def to_domain(self) -> Party:
        return Party(self.code, self.name, frozenset(self.roles), self.gdp_eur, self.currency)


class PartyPublic(BaseModel):
    code: str
    name: str
    roles: list[str]
    gdp_eur: str | None
    currency: str | None

    @classmethod
    def of(cls, p: Party) -> PartyPublic:
        roles = sorted(r.value for r in p.roles)
        return cls(
            code=p.code, name=p.name, roles=roles, gdp_eur=_text(p.gdp_eur), currency=p.currency
        )


class ItemCreate(Input):
    code: Key
    name: Name
    supply_class: SupplyClass
    unit: Unit
    unit_mass_kg: PositiveQuantity
    unit_value_eur: Money | None = None
    divisible: Flag = True
    substitution_group: Key | None = None
    substitution_penalty: Quantity | None = None

    def to_domain(self) -> Item:
        return Item(**self.model_dump())


class ItemPublic(BaseModel):
    code: str
    name: str
    supply_class: str
    unit: str
    unit_mass_kg: str
    unit_value_eur: str | None
    divisible: bool
    substitution_group: str | None
    substitution_penalty: str | None

    @classmethod
    def of(cls, i: Item) -> ItemPublic:
        return cls(
            code=i.code,
            name=i.name,
            supply_class=i.supply_class.value,
            unit=i.unit,
            unit_mass_kg=str(i.unit_mass_kg),
            unit_value_eur=_text(i.unit_value_eur),
            divisible=i.divisible,
            substitution_group=i.substitution_group,
            substitution_penalty=_text(i.substitution_penalty),
        )


class SiteCreate(Input):
    code: Key
    name: Name
    kind: SiteKind
    country: str = Field(pattern=COUNTRY.pattern)
    capacity_t_per_day: Quantity | None = None
    handling_days: Days = 0

    def to_domain(self) -> Site:
        return Site(**self.model_dump())


class SiteUpdate(Input):
    name: Name | MISSING = MISSING
    capacity_t_per_day: Quantity | MISSING | None = MISSING
    handling_days: Days | MISSING = MISSING


class SitePublic(BaseModel):
    code: str
    name: str
    kind: str
    country: str
    capacity_t_per_day: str | None
    handling_days: int

    @classmethod
    def of(cls, s: Site) -> SitePublic:
        return cls(
            code=s.code,
            name=s.name,
            kind=s.kind.value,
            country=s.country,
            capacity_t_per_day=_text(s.capacity_t_per_day),
            handling_days=s.handling_days,
        )


class LaneCreate(Input):
    from_site: Key
    to_site: Key
    days: Days

    def to_domain(self) -> Lane:
        return Lane(self.from_site, self.to_site, self.days)


class LanePublic(BaseModel):
    from_site: str
    to_site: str
    days: int

    @classmethod
    def of(cls, lane: Lane) -> LanePublic:
        return cls(from_site=lane.from_site, to_site=lane.to_site, days=lane.days)
