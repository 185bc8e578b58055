"""Errors the domain raises when a rule would be broken."""

from __future__ import annotations

from decimal import Decimal


class DomainError(ValueError):
    """A rule of the domain was about to be broken; the message names record, field, reason."""

    def __init__(self, record: str, field: str, reason: str) -> None:
        super().__init__(f"{record}: {field}: {reason}")
        self.record = record
        self.field = field
        self.reason = reason


class IllegalTransition(DomainError):
    """A status change that the lifecycle does not allow."""


def require_places(record: str, field: str, value: Decimal | None, places: int) -> None:
    """Storage keeps `places` decimals; more would be silently rounded, so they are refused."""
    if value is None:
        return
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise DomainError(record, field, f"at most {places} decimal places")
