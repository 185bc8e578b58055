"""Parties: nations and organisations, and the roles they play in the mission."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pledgeflow.domain.errors import DomainError, require_places


class Role(StrEnum):
    DONOR = "donor"
    RECIPIENT = "recipient"
    HUB_OPERATOR = "hub_operator"
    LENDER = "lender"
    TRAINER = "trainer"
    FUND_MANAGER = "fund_manager"


@dataclass(frozen=True, slots=True)
class Party:
    code: str
    name: str
    roles: frozenset[Role]
    gdp_eur: Decimal | None = None
    currency: str | None = None

    def __post_init__(self) -> None:
        record = f"party {self.code!r}"
        if not self.code.strip():
            raise DomainError(record, "code", "must not be empty")
        if not self.name.strip():
            raise DomainError(record, "name", "must not be empty")
        if not self.roles:
            raise DomainError(record, "roles", "a party needs at least one role")
        if self.gdp_eur is not None and self.gdp_eur < 0:
            raise DomainError(record, "gdp_eur", "must not be negative")
        require_places(record, "gdp_eur", self.gdp_eur, 2)

    def has_role(self, role: Role) -> bool:
        return role in self.roles
