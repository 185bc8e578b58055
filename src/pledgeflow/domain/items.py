"""The catalogue: what can be needed and pledged, and which items may stand in for others."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from pledgeflow.domain.errors import DomainError, require_places


class ItemUse(StrEnum):
    """What an item is for; money restricted to non-military use may not buy `military` ones."""

    MILITARY = "military"
    DUAL = "dual"
    CIVIL = "civil"


class SupplyClass(StrEnum):
    """NATO classes of supply, I (subsistence) to X (non-military programmes)."""

    I = "I"  # noqa: E741
    II = "II"
    III = "III"
    IV = "IV"
    V = "V"
    VI = "VI"
    VII = "VII"
    VIII = "VIII"
    IX = "IX"
    X = "X"


@dataclass(frozen=True, slots=True)
class Item:
    code: str
    name: str
    supply_class: SupplyClass
    unit: str
    unit_mass_kg: Decimal
    unit_value_eur: Decimal | None = None
    divisible: bool = True
    substitution_group: str | None = None
    substitution_penalty: Decimal | None = None
    use: ItemUse | None = None

    def __post_init__(self) -> None:
        record = f"item {self.code!r}"
        if not self.code.strip():
            raise DomainError(record, "code", "must not be empty")
        if not self.name.strip():
            raise DomainError(record, "name", "must not be empty")
        if not self.unit.strip():
            raise DomainError(record, "unit", "must not be empty")
        if self.unit_mass_kg <= 0:
            raise DomainError(record, "unit_mass_kg", "must be greater than zero")
        if self.unit_value_eur is not None and self.unit_value_eur < 0:
            raise DomainError(record, "unit_value_eur", "must not be negative")
        if self.substitution_penalty is not None and self.substitution_penalty < 0:
            raise DomainError(record, "substitution_penalty", "must not be negative")
        if self.substitution_penalty is not None and self.substitution_group is None:
            raise DomainError(record, "substitution_penalty", "needs a substitution_group")
        require_places(record, "unit_mass_kg", self.unit_mass_kg, 3)
        require_places(record, "unit_value_eur", self.unit_value_eur, 2)
        require_places(record, "substitution_penalty", self.substitution_penalty, 3)

    @property
    def penalty(self) -> Decimal:
        """The cost per unit of this item standing in for another; blank means 1 (DESIGN §2)."""
        return Decimal(1) if self.substitution_penalty is None else self.substitution_penalty

    def can_serve(self, other: Item) -> bool:
        """Whether a unit of this item may fill a need for `other`."""
        if self.code == other.code:
            return True
        return self.substitution_group is not None and (
            self.substitution_group == other.substitution_group
        )
