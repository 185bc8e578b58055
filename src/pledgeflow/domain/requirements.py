"""Requirements: what the recipient needs, how many, how urgently, by when and where."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from pledgeflow.domain.errors import DomainError, require_places
from pledgeflow.domain.releasability import Releasability

PRIORITIES = range(1, 6)


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    item: str
    quantity: Decimal
    priority: int
    needed_by: dt.date
    destination: str
    releasability: Releasability = Releasability.PUBLIC
    notes: str | None = None

    def __post_init__(self) -> None:
        record = f"requirement {self.id!r}"
        if not self.id.strip():
            raise DomainError(record, "id", "must not be empty")
        if self.quantity <= 0:
            raise DomainError(record, "quantity", "must be greater than zero")
        if self.priority not in PRIORITIES:
            raise DomainError(record, "priority", "must be 1 (critical) to 5 (routine)")
        require_places(record, "quantity", self.quantity, 3)
