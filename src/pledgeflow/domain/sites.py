"""Places and the links between them: depots, hubs, delivery points and lanes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pledgeflow.domain.errors import DomainError, require_places


class SiteKind(StrEnum):
    DEPOT = "depot"
    HUB = "hub"
    DELIVERY = "delivery"
    TRAINING = "training"


@dataclass(frozen=True, slots=True)
class Site:
    code: str
    name: str
    kind: SiteKind
    country: str
    capacity_t_per_day: Decimal | None = None
    handling_days: int = 0

    def __post_init__(self) -> None:
        record = f"site {self.code!r}"
        if not self.code.strip():
            raise DomainError(record, "code", "must not be empty")
        if not self.name.strip():
            raise DomainError(record, "name", "must not be empty")
        if not self.country.strip():
            raise DomainError(record, "country", "must not be empty")
        if self.kind is SiteKind.HUB and self.capacity_t_per_day is None:
            raise DomainError(record, "capacity_t_per_day", "a hub needs a daily capacity")
        if self.kind is not SiteKind.HUB and self.capacity_t_per_day is not None:
            raise DomainError(record, "capacity_t_per_day", "only hubs have a capacity")
        if self.capacity_t_per_day is not None and self.capacity_t_per_day < 0:
            raise DomainError(record, "capacity_t_per_day", "must not be negative")
        if self.handling_days < 0:
            raise DomainError(record, "handling_days", "must not be negative")
        require_places(record, "capacity_t_per_day", self.capacity_t_per_day, 3)
        if self.kind is not SiteKind.HUB and self.handling_days:
            raise DomainError(record, "handling_days", "only hubs have handling days")

    @property
    def is_hub(self) -> bool:
        return self.kind is SiteKind.HUB


@dataclass(frozen=True, slots=True)
class Lane:
    from_site: str
    to_site: str
    days: int

    def __post_init__(self) -> None:
        record = f"lane {self.from_site!r} → {self.to_site!r}"
        if self.from_site == self.to_site:
            raise DomainError(record, "to", "a lane must join two different sites")
        if self.days < 0:
            raise DomainError(record, "days", "must not be negative")


@dataclass(frozen=True, slots=True)
class HubCalendarEntry:
    """A hub's capacity on a run of days, overriding its usual capacity; 0 means closed."""

    hub: str
    from_date: dt.date
    to_date: dt.date
    capacity_t_per_day: Decimal

    def __post_init__(self) -> None:
        record = f"hub_calendar {self.hub!r} {self.from_date}…{self.to_date}"
        if self.to_date < self.from_date:
            raise DomainError(record, "to", "must not be before 'from'")
        if self.capacity_t_per_day < 0:
            raise DomainError(record, "capacity_t_per_day", "must not be negative")
        require_places(record, "capacity_t_per_day", self.capacity_t_per_day, 3)

    def covers(self, day: dt.date) -> bool:
        return self.from_date <= day <= self.to_date
