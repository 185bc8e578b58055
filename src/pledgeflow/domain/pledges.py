"""Pledges: what a donor offers, and the lifecycle a pledge moves through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from pledgeflow.domain.errors import DomainError, IllegalTransition, require_places
from pledgeflow.domain.releasability import Releasability


class PledgeStatus(StrEnum):
    ANNOUNCED = "announced"
    COMMITTED = "committed"
    ALLOCATED = "allocated"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    WITHDRAWN = "withdrawn"


_NEXT: dict[PledgeStatus, frozenset[PledgeStatus]] = {
    PledgeStatus.ANNOUNCED: frozenset({PledgeStatus.COMMITTED, PledgeStatus.WITHDRAWN}),
    PledgeStatus.COMMITTED: frozenset({PledgeStatus.ALLOCATED, PledgeStatus.WITHDRAWN}),
    # An allocation can be undone by a new plan; a pledge may still be withdrawn before it ships.
    PledgeStatus.ALLOCATED: frozenset(
        {PledgeStatus.COMMITTED, PledgeStatus.SHIPPED, PledgeStatus.WITHDRAWN}
    ),
    PledgeStatus.SHIPPED: frozenset({PledgeStatus.DELIVERED}),
    PledgeStatus.DELIVERED: frozenset(),
    PledgeStatus.WITHDRAWN: frozenset(),
}


def allowed_transitions(status: PledgeStatus) -> frozenset[PledgeStatus]:
    return _NEXT[status]


INITIAL_STATUSES = frozenset({PledgeStatus.ANNOUNCED, PledgeStatus.COMMITTED})
"""Where a pledge recorded by hand starts: a later status is reached only through the
lifecycle (allocated by a plan, shipped and delivered by shipment events)."""


@dataclass(frozen=True, slots=True)
class Pledge:
    id: str
    donor: str
    item: str
    quantity: Decimal
    available_from: dt.date
    origin: str
    status: PledgeStatus = PledgeStatus.ANNOUNCED
    value_eur: Decimal | None = None
    earmark: str | None = None
    releasability: Releasability = Releasability.PUBLIC
    fund: str | None = None
    """The fund (or facility) whose money bought the pledge, if any (DESIGN §6)."""

    def __post_init__(self) -> None:
        record = f"pledge {self.id!r}"
        if not self.id.strip():
            raise DomainError(record, "id", "must not be empty")
        if self.quantity <= 0:
            raise DomainError(record, "quantity", "must be greater than zero")
        if self.value_eur is not None and self.value_eur < 0:
            raise DomainError(record, "value_eur", "must not be negative")
        require_places(record, "quantity", self.quantity, 3)
        require_places(record, "value_eur", self.value_eur, 2)

    @property
    def is_plannable(self) -> bool:
        """Announced pledges are not yet firm, and withdrawn, shipped or delivered ones are gone."""
        return self.status in (PledgeStatus.COMMITTED, PledgeStatus.ALLOCATED)

    def check_new(self) -> None:
        """A pledge created through the API or a form starts where the lifecycle does."""
        if self.status not in INITIAL_STATUSES:
            raise IllegalTransition(
                f"pledge {self.id!r}",
                "status",
                f"a new pledge starts as announced or committed, not {self.status}",
            )

    def moved_to(self, status: PledgeStatus) -> Pledge:
        """The same pledge in `status`, if the lifecycle allows that step."""
        if status == self.status:
            return self
        if status not in _NEXT[self.status]:
            allowed = ", ".join(sorted(_NEXT[self.status])) or "none (final)"
            raise IllegalTransition(
                f"pledge {self.id!r}",
                "status",
                f"cannot move from {self.status} to {status}; allowed: {allowed}",
            )
        return replace(self, status=status)
